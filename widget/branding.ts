/** The brand the widget wears: theme tokens, dark mode, title, favicon, locale and strings, features. */
import { createNanoEvents } from 'nanoevents';
import { DEFAULT_BRANDING, mergeBranding, type Branding, type BrandingOverrides } from '../protocol/index.ts';
import { setLocale } from './i18n/index.ts';

export class BrandingState {
  readonly events = createNanoEvents<{ change: (b: Branding) => void }>();
  current: Branding = DEFAULT_BRANDING;
  private server: Branding = DEFAULT_BRANDING;
  private host: BrandingOverrides = {};

  /** The server's branding, the base of any host's overrides. */
  setServer(branding: Branding): void {
    this.server = branding;
    this.apply(mergeBranding(branding, this.host));
  }

  /** An accepted host's overrides, on top of the server's (checked by applyHostBranding in host-link.ts). */
  override(overrides: BrandingOverrides): void {
    this.host = overrides;
    this.apply(mergeBranding(this.server, overrides));
  }

  private apply(branding: Branding): void {
    this.current = branding;
    const root = document.documentElement;
    for (const [token, value] of Object.entries(branding.theme)) root.style.setProperty(`--sb-${token}`, value);
    root.dataset.theme = branding.darkMode;
    document.title = branding.productName;
    if (branding.faviconUrl) {
      let icon = document.querySelector<HTMLLinkElement>('link[rel=icon]');
      if (!icon) document.head.append((icon = Object.assign(document.createElement('link'), { rel: 'icon' })));
      icon.href = branding.faviconUrl;
    }
    // Shown at once; again when the locale's catalog has loaded.
    void setLocale(branding.locale, branding.strings).then(() => this.current === branding && this.events.emit('change', branding));
    this.events.emit('change', branding);
  }
}
