/** min+gzip sizes of the shipped bundles, measured by scripts/bundle-sizes.ts (the budget test uses the same code). */
export { bundleSizes } from '../scripts/bundle-sizes.ts';
