/**
 * UI strings from message catalogs (English, Italian, Spanish), with the brand's overrides;
 * dates and numbers follow the full locale tag through Intl.
 */
import type { Locale } from '../../protocol/index.ts';
import { en, type StringKey } from './en.ts';

export type { StringKey } from './en.ts';

type Catalog = Record<StringKey, string>;
/** English is built in; the other catalogs load with the page only when the brand picks them. */
const CATALOGS: Record<Exclude<Locale, 'en'>, () => Promise<Catalog>> = {
  it: () => import('./it.ts').then((m) => m.it),
  es: () => import('./es.ts').then((m) => m.es),
};
let locale = 'en';
let catalog: Catalog = en;
let overrides: Record<string, string> = {};
let version = 0;

/** Grows whenever the strings or the locale change: a part of the UI that skips renders (keep.tsx) keeps it among its inputs. */
export const stringsVersion = () => version;

/**
 * Picks the catalog by the tag's language (it-IT -> it; unknown -> en) and keeps the tag for
 * Intl; resolves once the catalog is in use (until then the last one, or English, shows).
 */
export async function setLocale(tag: string, strings: Record<string, string> = {}): Promise<void> {
  locale = tag;
  overrides = strings;
  version++;
  document.documentElement.lang = tag;
  const load = CATALOGS[tag.slice(0, 2) as keyof typeof CATALOGS];
  const next = load ? await load().catch(() => en) : en;
  if (locale === tag) {
    catalog = next; // a later setLocale wins
    version++;
  }
}

export function t(key: StringKey, params: Record<string, string> = {}): string {
  const text = overrides[key] ?? catalog[key] ?? en[key];
  return text.includes('{') ? text.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '') : text;
}

/** The locale's formatters, made once per locale: making one costs about a millisecond, and a list formats a number per chat on every render. */
let formats: { locale: string; time: Intl.DateTimeFormat; number: Intl.NumberFormat } | null = null;
const formatsNow = () => (formats?.locale === locale ? formats : (formats = { locale, time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }), number: new Intl.NumberFormat(locale) }));

export const formatTime = (ms: number) => formatsNow().time.format(ms);
export const formatNumber = (n: number) => formatsNow().number.format(n);
