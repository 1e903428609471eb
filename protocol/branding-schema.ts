/**
 * The one valibot schema of branding overrides: it checks the server's config at start (an invalid
 * field stops it) and a host's overrides in the widget (an invalid field is dropped, named in a
 * warning, the rest applied). A module of its own, so bundles that only merge branding (the
 * widget's first load) carry no schema.
 */
import * as v from 'valibot';
import { DARK_MODES, MAX_PRODUCT_NAME_CHARS, MAX_STRING_OVERRIDE_CHARS, MAX_STRING_OVERRIDES, MAX_THEME_VALUE_CHARS, THEME_TOKENS, type BrandingOverrides } from './branding.ts';
import type { Features } from './host-api.ts';
import { isHttpUrl, MAX_URL_CHARS } from './urls.ts';

const HttpUrl = v.pipe(v.string(), v.maxLength(MAX_URL_CHARS), v.check((url: string) => isHttpUrl(url), 'must be an http(s) URL'));
const Flag = v.optional(v.boolean());

/** Branding overrides, every field optional: the server's `branding` config and a host's handshake. */
export const BrandingSchema = v.object({
  productName: v.optional(v.pipe(v.string(), v.maxLength(MAX_PRODUCT_NAME_CHARS))),
  logoUrl: v.optional(HttpUrl),
  faviconUrl: v.optional(HttpUrl),
  theme: v.optional(v.record(v.picklist(THEME_TOKENS), v.pipe(v.string(), v.maxLength(MAX_THEME_VALUE_CHARS)))),
  darkMode: v.optional(v.picklist(DARK_MODES)),
  // A language and an optional region; Intl throws on a malformed tag, during render.
  locale: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale tag like "it" or "it-IT"'))),
  strings: v.optional(
    v.pipe(
      v.record(v.pipe(v.string(), v.maxLength(100)), v.pipe(v.string(), v.maxLength(MAX_STRING_OVERRIDE_CHARS))),
      v.check((o) => Object.keys(o).length <= MAX_STRING_OVERRIDES, `at most ${MAX_STRING_OVERRIDES} strings`),
    ),
  ),
  features: v.optional(
    v.object({ voice: Flag, recording: Flag, transfer: Flag, attachments: Flag, csat: Flag } satisfies Record<keyof Features, unknown>),
  ),
});

// The schema and the public type describe the same object: a field added to one only fails to compile.
type SchemaOutput = v.InferOutput<typeof BrandingSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: [Same<keyof SchemaOutput, keyof BrandingOverrides>, SchemaOutput extends BrandingOverrides ? true : false, BrandingOverrides extends SchemaOutput ? true : false] = [true, true, true];
void sameShape;

type BrandingField = keyof typeof BrandingSchema.entries;
/** Fields that are maps: an invalid entry is dropped on its own. */
const MAP_FIELDS: readonly BrandingField[] = ['theme', 'strings', 'features'];
const isField = (key: string): key is BrandingField => Object.hasOwn(BrandingSchema.entries, key);
const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Checks overrides from a less trusted source (a host page) field by field with the schema: what
 * is valid is kept, what is not is dropped and named in `dropped` (`locale: must be a locale tag`).
 * @example parseBrandingOverrides({ locale: 'not a locale', productName: 'Acme' }) // { overrides: { productName: 'Acme' }, dropped: ['locale: ...'] }
 */
export function parseBrandingOverrides(input: unknown): { overrides: BrandingOverrides; dropped: string[] } {
  if (input === undefined || input === null) return { overrides: {}, dropped: [] };
  if (!isPlainObject(input)) return { overrides: {}, dropped: ['branding: must be an object'] };
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (!isField(key)) {
      dropped.push(`${key}: not a branding field`);
      continue;
    }
    const field = { [key]: value };
    const whole = v.safeParse(BrandingSchema, field);
    if (whole.success) {
      Object.assign(kept, whole.output);
      if (isPlainObject(value)) dropped.push(...unknownKeys(key, value, whole.output[key]));
      continue;
    }
    // (A map past the largest bound is not worth salvaging entry by entry.)
    if (!MAP_FIELDS.includes(key) || !isPlainObject(value) || Object.keys(value).length > MAX_STRING_OVERRIDES) {
      dropped.push(`${key}: ${whole.issues[0].message}`);
      continue;
    }
    // A map with bad entries: keep the good ones, as long as what is kept passes as a whole.
    const entries: Record<string, unknown> = {};
    for (const [name, entry] of Object.entries(value)) {
      const one = v.safeParse(BrandingSchema, { [key]: { [name]: entry } });
      if (!one.success) dropped.push(`${key}.${name}: ${one.issues[0].message}`);
      else if (!Object.hasOwn((one.output[key] ?? {}) as object, name)) dropped.push(`${key}.${name}: unknown`);
      else Object.assign(entries, one.output[key]);
    }
    if (!Object.keys(entries).length) continue;
    const salvaged = v.safeParse(BrandingSchema, { [key]: entries });
    if (salvaged.success) Object.assign(kept, salvaged.output);
    else dropped.push(`${key}: ${salvaged.issues[0].message}`);
  }
  return { overrides: kept as BrandingOverrides, dropped };
}

/** Keys of a map field the schema stripped (a feature that does not exist). */
function unknownKeys(key: string, input: Record<string, unknown>, output: unknown): string[] {
  const known = isPlainObject(output) ? output : {};
  return Object.keys(input)
    .filter((name) => !Object.hasOwn(known, name))
    .map((name) => `${key}.${name}: unknown`);
}
