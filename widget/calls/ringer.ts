/**
 * The ring of an incoming call, made with WebAudio (no sound file to ship): two tones of the
 * European double ring, 0.4 s on, 0.2 s off, 0.4 s on, 2 s off, played to the chosen speaker.
 * The agent may mute it (kept in storage); a muted ringer still knows it is ringing, so the UI
 * can show it, but makes no sound.
 */
import { createNanoEvents } from 'nanoevents';
import type { AudioSink } from './audio-devices.ts';

const STORAGE_KEY = 'switchboard.ringerMuted';
const TONES_HZ = [400, 450] as const;
/** On/off steps of one cadence, in seconds. */
const CADENCE_S = [0.4, 0.2, 0.4, 2.0] as const;
const CYCLE_S = CADENCE_S.reduce((a, b) => a + b, 0);
const VOLUME = 0.2;
/** Cadences scheduled ahead of the audio clock, so a busy main thread does not gap the ring. */
const CYCLES_AHEAD = 2;

export interface RingerEvents {
  change: (state: { ringing: boolean; sounding: boolean; muted: boolean }) => void;
}

export class Ringer {
  private readonly emitter = createNanoEvents<RingerEvents>();
  private context: AudioContext | null = null;
  private gain: GainNode | null = null;
  private analyser: AnalyserNode | null = null;
  private oscillators: OscillatorNode[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private scheduledUntil = 0;
  /** A call wants the ring (whether or not it is audible). */
  ringing = false;
  muted: boolean;

  constructor(
    private readonly storage: Storage | null,
    /** Routes the ring to the chosen speaker (AudioDevices.attachOutput). */
    private readonly attachOutput: (sink: AudioSink) => () => void = () => () => {},
  ) {
    this.muted = storage?.getItem(STORAGE_KEY) === 'true';
  }

  on<E extends keyof RingerEvents>(event: E, listener: RingerEvents[E]): () => void {
    return this.emitter.on(event, listener);
  }

  /** The tones are playing now. */
  get sounding(): boolean {
    return this.oscillators.length > 0;
  }

  start(): void {
    if (this.ringing) return;
    this.ringing = true;
    if (!this.muted) this.sound();
    this.changed();
  }

  stop(): void {
    if (!this.ringing) return;
    this.ringing = false;
    this.silence();
    this.changed();
  }

  setMuted(muted: boolean): void {
    if (this.muted === muted) return;
    this.muted = muted;
    this.storage?.setItem(STORAGE_KEY, String(muted));
    if (muted) this.silence();
    else if (this.ringing) this.sound();
    this.changed();
  }

  /** The ring's loudest sample over the last few milliseconds, 0..1 (0 when silent): proof the sound is made. */
  level(): number {
    if (!this.analyser) return 0;
    const samples = new Float32Array(this.analyser.fftSize);
    this.analyser.getFloatTimeDomainData(samples);
    return samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
  }

  private sound(): void {
    if (this.sounding || typeof AudioContext === 'undefined') return;
    const context = (this.context ??= this.newContext());
    void context.resume().catch(() => {});
    const gain = (this.gain = context.createGain());
    gain.gain.value = 0;
    this.analyser ??= context.createAnalyser();
    gain.connect(this.analyser);
    this.analyser.connect(context.destination);
    this.oscillators = TONES_HZ.map((hz) => {
      const osc = context.createOscillator();
      osc.frequency.value = hz;
      osc.connect(gain);
      osc.start();
      return osc;
    });
    this.scheduledUntil = context.currentTime + 0.05;
    this.schedule();
    this.timer = setInterval(() => this.schedule(), (CYCLE_S * 1000) / 2);
  }

  /** Keeps the gain's on/off steps scheduled a couple of cadences ahead of the audio clock. */
  private schedule(): void {
    const { context, gain } = this;
    if (!context || !gain) return;
    while (this.scheduledUntil < context.currentTime + CYCLES_AHEAD * CYCLE_S) {
      let t = Math.max(this.scheduledUntil, context.currentTime);
      CADENCE_S.forEach((step, i) => {
        gain.gain.setValueAtTime(i % 2 === 0 ? VOLUME / TONES_HZ.length : 0, t);
        t += step;
      });
      this.scheduledUntil = t;
    }
  }

  private silence(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const osc of this.oscillators) {
      osc.stop();
      osc.disconnect();
    }
    this.oscillators = [];
    this.gain?.disconnect();
    this.gain = null;
  }

  private newContext(): AudioContext {
    const context = new AudioContext();
    // AudioContext.setSinkId (Chromium 110+): the ring goes where the call's audio goes.
    if ('setSinkId' in context) this.attachOutput(context as unknown as AudioSink);
    return context;
  }

  private changed(): void {
    this.emitter.emit('change', { ringing: this.ringing, sounding: this.sounding, muted: this.muted });
  }
}
