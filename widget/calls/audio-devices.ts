/**
 * The agent's microphone and speaker: the browser's devices (enumerateDevices, kept current by
 * `devicechange`), the choice (kept in storage for the next load), and the outputs that follow
 * the chosen speaker (the call's audio element, the ringer) through `setSinkId`. A real
 * CallController delegates its device methods here.
 *
 *   const devices = new AudioDevices(localStorage);
 *   devices.start();
 *   devices.on('change', (state) => render(state));
 *   await devices.choose('output', state.outputs[1].deviceId);
 */
import { createNanoEvents } from 'nanoevents';
import { invalidArgs } from '../../protocol/index.ts';
import type { AudioDevice, AudioDeviceKind, DeviceState } from './call-controller.ts';

const STORAGE_KEY = 'switchboard.audioDevices';
/** Audio elements and contexts routed to the chosen speaker; a page has a handful. */
const MAX_SINKS = 32;

/** Anything that plays to a speaker by id: HTMLMediaElement, AudioContext. */
export interface AudioSink {
  setSinkId(sinkId: string): Promise<void>;
}

const KIND: Record<AudioDeviceKind, MediaDeviceKind> = { input: 'audioinput', output: 'audiooutput' };
const same = (a: AudioDevice[], b: AudioDevice[]) => a.length === b.length && a.every((d, i) => d.deviceId === b[i].deviceId && d.label === b[i].label);

export class AudioDevices {
  private readonly emitter = createNanoEvents<{ change: (state: DeviceState) => void }>();
  private readonly sinks = new Set<AudioSink>();
  private state: DeviceState;

  constructor(
    private readonly storage: Storage | null,
    private readonly media: MediaDevices | undefined = navigator.mediaDevices,
  ) {
    const saved = this.readSaved();
    this.state = {
      inputs: [],
      outputs: [],
      input: saved.input ?? null,
      output: saved.output ?? null,
      outputSelectable: typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype,
    };
  }

  /** Lists the devices now and whenever they change; returns the function that stops listening. */
  start(): () => void {
    const changed = () => void this.refresh().catch(() => {});
    this.media?.addEventListener('devicechange', changed);
    changed();
    return () => this.media?.removeEventListener('devicechange', changed);
  }

  on(event: 'change', listener: (state: DeviceState) => void): () => void {
    return this.emitter.on(event, listener);
  }

  current(): DeviceState {
    return this.state;
  }

  async refresh(): Promise<DeviceState> {
    const all = (await this.media?.enumerateDevices()) ?? [];
    const of = (kind: AudioDeviceKind) => all.filter((d) => d.kind === KIND[kind] && d.deviceId).map((d) => ({ deviceId: d.deviceId, label: d.label }));
    const inputs = of('input');
    const outputs = of('output');
    // A chosen device that went away (unplugged): back to the default, as the browser does.
    const input = this.state.input && inputs.some((d) => d.deviceId === this.state.input) ? this.state.input : inputs.length ? null : this.state.input;
    const output = this.state.output && outputs.some((d) => d.deviceId === this.state.output) ? this.state.output : outputs.length ? null : this.state.output;
    if (same(inputs, this.state.inputs) && same(outputs, this.state.outputs) && input === this.state.input && output === this.state.output) return this.state;
    const outputChanged = output !== this.state.output;
    this.set({ ...this.state, inputs, outputs, input, output });
    if (outputChanged) await this.applyOutput();
    return this.state;
  }

  /** Picks a device by id (null: the default); an id the browser does not list is refused. */
  async choose(kind: AudioDeviceKind, deviceId: string | null): Promise<void> {
    const list = kind === 'input' ? this.state.inputs : this.state.outputs;
    if (deviceId !== null && !list.some((d) => d.deviceId === deviceId)) throw invalidArgs(`no ${kind} device ${deviceId}`);
    if (kind === 'output' && deviceId !== null && !this.state.outputSelectable) throw invalidArgs('this browser cannot choose the speaker');
    if (this.state[kind] === deviceId) return;
    this.set({ ...this.state, [kind]: deviceId });
    this.storage?.setItem(STORAGE_KEY, JSON.stringify({ input: this.state.input, output: this.state.output }));
    if (kind === 'output') await this.applyOutput();
  }

  /** getUserMedia's `deviceId` for the chosen microphone (undefined: the default). */
  inputConstraint(): ConstrainDOMString | undefined {
    return this.state.input ? { exact: this.state.input } : undefined;
  }

  /** Routes `sink` to the chosen speaker, now and at every later choice; returns the function that lets it go. */
  attachOutput(sink: AudioSink): () => void {
    if (this.sinks.size >= MAX_SINKS) this.sinks.delete(this.sinks.values().next().value!);
    this.sinks.add(sink);
    if (this.state.output) void sink.setSinkId(this.state.output).catch(() => {});
    return () => this.sinks.delete(sink);
  }

  private async applyOutput(): Promise<void> {
    const id = this.state.output ?? '';
    await Promise.all([...this.sinks].map((s) => s.setSinkId(id).catch(() => {})));
  }

  private set(state: DeviceState): void {
    this.state = state;
    this.emitter.emit('change', state);
  }

  private readSaved(): { input?: string | null; output?: string | null } {
    try {
      return JSON.parse(this.storage?.getItem(STORAGE_KEY) ?? '{}') ?? {};
    } catch {
      return {};
    }
  }
}
