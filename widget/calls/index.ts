/**
 * Calls in the widget: the controller the UI and the host API drive (call-controller.ts), the
 * model of a contact's call (call-model.ts), the agent's audio devices, and the ringer.
 *
 *   const devices = new AudioDevices(localStorage);
 *   const calls = createCallUi(session.store, controller, localStorage, devices, () => ownership.owner);
 *   render(<App session={session} branding={branding} ownership={ownership} calls={calls} />, root);
 */
import type { InteractionStore } from '../session/interaction-store.ts';
import type { AudioDevices } from './audio-devices.ts';
import type { CallController } from './call-controller.ts';
import { RingControl } from './ring-control.ts';
import { Ringer } from './ringer.ts';

export * from './call-controller.ts';
export * from './call-model.ts';
export { AudioDevices, type AudioSink } from './audio-devices.ts';
export { Ringer } from './ringer.ts';
export { RingControl } from './ring-control.ts';

/** What the UI needs for calls: the controller, the ringer, and what rings it. */
export interface CallUi {
  controller: CallController;
  ringer: Ringer;
  ring: RingControl;
}

/** The ringer plays to the chosen speaker and rings while a call rings for the agent (in the tab that owns the media). */
export function createCallUi(store: InteractionStore, controller: CallController, storage: Storage | null, devices: AudioDevices | null, owner: () => boolean = () => true): CallUi {
  const ringer = new Ringer(storage, devices ? (sink) => devices.attachOutput(sink) : undefined);
  return { controller, ringer, ring: new RingControl(store, ringer, owner) };
}
export { RecordingLinks } from './recording-links.ts';
export { LiveCalls, type LiveCallsOptions } from './live-calls.ts';
