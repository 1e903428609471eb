/** White-label settings: served by the server, overridable by the embedding page at handshake. */
import type { Features } from './host-api.ts';

export const LOCALES = ['en', 'it', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

/** Theme tokens, each the CSS custom property `--sb-<name>` of the widget. */
export const THEME_TOKENS = ['font', 'bg', 'fg', 'muted', 'border', 'primary', 'on-primary', 'selected', 'bubble-in', 'bubble-out', 'ok', 'warn', 'danger', 'radius'] as const;
export type ThemeToken = (typeof THEME_TOKENS)[number];

export interface Branding {
  productName: string;
  logoUrl?: string;
  faviconUrl?: string;
  theme: Partial<Record<ThemeToken, string>>;
  darkMode: 'light' | 'dark' | 'auto';
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
  features: { voice: false, recording: false, transfer: true, attachments: false, csat: false },
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
