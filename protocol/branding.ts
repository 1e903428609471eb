/**
 * White-label settings: served by the server, overridable by the embedding page at handshake.
 * One valibot schema checks both (branding-schema.ts).
 */
import type { Features } from './host-api.ts';

export const LOCALES = ['en', 'it', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

/** Theme tokens, each the CSS custom property `--sb-<name>` of the widget. */
export const THEME_TOKENS = ['font', 'bg', 'fg', 'muted', 'border', 'primary', 'on-primary', 'selected', 'bubble-in', 'bubble-out', 'ok', 'warn', 'danger', 'radius'] as const;
export type ThemeToken = (typeof THEME_TOKENS)[number];

export const DARK_MODES = ['light', 'dark', 'auto'] as const;

export const MAX_PRODUCT_NAME_CHARS = 80;
export const MAX_THEME_VALUE_CHARS = 200;
export const MAX_STRING_OVERRIDES = 500;
export const MAX_STRING_OVERRIDE_CHARS = 1_000;

export interface Branding {
  productName: string;
  /** http(s) only, absolute or relative to the widget page. */
  logoUrl?: string;
  faviconUrl?: string;
  theme: Partial<Record<ThemeToken, string>>;
  darkMode: (typeof DARK_MODES)[number];
  /** A locale tag; the catalog is picked by its language (it-IT -> it), dates and numbers follow the full tag. */
  locale: string;
  /** Overrides of UI strings by key, e.g. {"login.title": "Sign in to Acme Care"}. */
  strings: Record<string, string>;
  features: Features;
}

export type BrandingOverrides = Partial<Omit<Branding, 'features' | 'theme' | 'strings'>> & {
  features?: Partial<Features>;
  theme?: Partial<Record<ThemeToken, string>>;
  strings?: Record<string, string>;
};

export const DEFAULT_BRANDING: Branding = {
  productName: 'Switchboard',
  theme: {},
  darkMode: 'light',
  locale: 'en',
  strings: {},
  features: { voice: false, recording: false, transfer: true, attachments: true, csat: false },
};

/** Later overrides win, field by field (theme, strings and features merge key by key). */
export function mergeBranding(base: Branding, ...overrides: (BrandingOverrides | undefined)[]): Branding {
  let merged = base;
  for (const o of overrides) {
    if (!o) continue;
    merged = {
      ...merged,
      ...o,
      theme: { ...merged.theme, ...o.theme },
      strings: { ...merged.strings, ...o.strings },
      features: { ...merged.features, ...o.features },
    };
  }
  return merged;
}
