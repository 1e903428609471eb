/**
 * UI strings from message catalogs (English, Italian, Spanish), with the brand's overrides;
 * dates and numbers follow the full locale tag through Intl.
 */
import type { Locale } from '../../protocol/index.ts';
import { en, type StringKey } from './en.ts';
import { es } from './es.ts';
import { it } from './it.ts';

export type { StringKey } from './en.ts';

const CATALOGS: Record<Locale, Record<StringKey, string>> = { en, it, es };
let locale = 'en';
let catalog: Record<StringKey, string> = en;
let overrides: Record<string, string> = {};

/** Picks the catalog by the tag's language (it-IT -> it; unknown -> en) and keeps the tag for Intl. */
export function setLocale(tag: string, strings: Record<string, string> = {}): void {
  locale = tag;
  catalog = CATALOGS[tag.slice(0, 2) as Locale] ?? en;
  overrides = strings;
  document.documentElement.lang = tag;
}

export function t(key: StringKey, params: Record<string, string> = {}): string {
  return (overrides[key] ?? catalog[key] ?? en[key]).replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

export const formatTime = (ms: number) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(ms);
export const formatNumber = (n: number) => new Intl.NumberFormat(locale).format(n);
