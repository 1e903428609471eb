// Module hooks (see lazy-bundles.ts): a bundle the SDK fetches from the server resolves to its source.
const SOURCES = { 'customer-extras.js': '../../customer/extras/index.ts', 'customer-files.js': '../../customer/files/index.ts' };

export async function resolve(specifier, context, next) {
  const bundle = /^https?:\/\/[^/]+\/([\w-]+\.js)$/.exec(specifier)?.[1];
  if (bundle && SOURCES[bundle]) return next(new URL(SOURCES[bundle], import.meta.url).href, context);
  return next(specifier, context);
}
