/** What the widget keeps about its host pages and their choices: integration key, pop-ups, outbound service, phone device. */
import type { HostOptions, PhoneDeviceData } from '../../../protocol/index.ts';

export class HostContext {
  /** The latest host's integrationKey; records it links carry it as their `source`. */
  integrationKey: string | null = null;
  /** The widget pops up a notice for a new interaction (unless a host disabled it). */
  newInteractionPopup = true;
  /** The service (queue id) outbound interactions start in; null: the first. */
  service: string | null = null;
  phoneDevice: PhoneDeviceData = { type: 'phone_type_browser' };

  /** A host linked with these constructor options. */
  apply(options: HostOptions | undefined): void {
    this.integrationKey = typeof options?.integrationKey === 'string' ? options.integrationKey : null;
    this.newInteractionPopup = options?.disableNewInteractionPopup !== true;
  }

  get source(): string {
    return this.integrationKey ?? 'crm';
  }
}
