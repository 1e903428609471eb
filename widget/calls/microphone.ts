/**
 * The agent's microphone as the softphone needs it: the browser's permission for this page
 * (`navigator.permissions`, followed by its `change` event), whether any microphone is connected
 * (`enumerateDevices`, followed by `devicechange`), and the last capture that failed. A chunk of
 * its own, loaded once the agent signs in (softphone.ts), so the widget's first script stays small.
 *
 *   const mic = new MicrophoneWatch(() => render(mic.status()));
 *   await mic.start();
 *   await mic.check(); // before answering: throws why the microphone cannot be used
 */
import { notSuitableState } from '../../protocol/index.ts';
import type { SoftphoneStatus } from './call-controller.ts';

/** Why the microphone cannot be used, as the agent and the host (ON_SOFTPHONE_STATUS_CHANGE) read it. */
export const MICROPHONE_REASONS = {
  blocked: 'the microphone is blocked for this page: allow it in the browser to take calls',
  absent: 'no microphone is connected',
  gone: 'the chosen microphone is not connected: pick another in the audio settings',
  busy: 'the microphone could not be opened: another application may be using it',
  insecure: 'this page cannot use a microphone (it needs https)',
} as const;

/** getUserMedia's error names (also inside the media engine's `device` errors) and what they mean for the agent. */
const REASON_OF_ERROR: [string, keyof typeof MICROPHONE_REASONS][] = [
  ['NotAllowedError', 'blocked'],
  ['SecurityError', 'blocked'],
  ['NotFoundError', 'absent'],
  ['OverconstrainedError', 'gone'],
  ['NotReadableError', 'busy'],
  ['AbortError', 'busy'],
];

/** What a failed capture says to the agent. */
export function microphoneFailure(err: unknown): string {
  const e = err as { name?: string; message?: string } | null;
  const text = `${e?.name ?? ''} ${e?.message ?? err}`;
  const known = REASON_OF_ERROR.find(([name]) => text.includes(name));
  return known ? MICROPHONE_REASONS[known[1]] : `the microphone could not be opened: ${e?.message ?? err}`;
}

export class MicrophoneWatch {
  /** null: the browser does not say (no Permissions API for the microphone). */
  private permission: PermissionState | null = null;
  /** null: not listed yet. */
  private present: boolean | null = null;
  /** The last capture's failure, until a capture works or the permission or the devices change. */
  private failure: string | null = null;
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly onChange: () => void,
    private readonly media: MediaDevices | undefined = navigator.mediaDevices,
    private readonly permissions: Permissions | undefined = navigator.permissions,
  ) {}

  /** Reads the permission and the devices and follows their changes; resolves once both are known. */
  async start(): Promise<void> {
    const relist = () => void this.list().then(() => this.moved());
    this.media?.addEventListener('devicechange', relist);
    this.offs.push(() => this.media?.removeEventListener('devicechange', relist));
    const status = await this.permissions?.query({ name: 'microphone' as PermissionName }).catch(() => null);
    if (status) {
      this.permission = status.state;
      const follow = () => {
        this.permission = status.state;
        this.moved();
      };
      status.addEventListener('change', follow);
      this.offs.push(() => status.removeEventListener('change', follow));
    }
    await this.list();
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
  }

  status(): SoftphoneStatus {
    const reason = !this.media?.getUserMedia
      ? MICROPHONE_REASONS.insecure
      : this.permission === 'denied'
        ? MICROPHONE_REASONS.blocked
        : this.present === false
          ? MICROPHONE_REASONS.absent
          : this.failure;
    return reason ? { ready: false, error: reason, device: true } : { ready: true };
  }

  /**
   * Before a call: throws (not_suitable_state, with the reason) when the microphone cannot be used.
   * While the browser has not been allowed it yet, or the last capture failed, it is opened once
   * (the browser asks the agent), so a refusal leaves the call unanswered.
   */
  async check(deviceId?: ConstrainDOMString): Promise<void> {
    const known = this.status();
    if (!known.ready && !this.failure) throw notSuitableState(known.error!);
    if (this.permission === 'granted' && !this.failure) return;
    try {
      const stream = await this.media!.getUserMedia({ audio: deviceId ? { deviceId } : true });
      for (const track of stream.getTracks()) track.stop();
    } catch (err) {
      this.failed(err);
      throw notSuitableState(this.status().error ?? microphoneFailure(err));
    }
    this.captured();
  }

  /** A capture failed: not ready, with its reason, until a capture works or the permission or the devices change. */
  failed(err: unknown): void {
    this.failure = microphoneFailure(err);
    this.onChange();
  }

  captured(): void {
    if (this.failure === null) return;
    this.failure = null;
    this.onChange();
  }

  private async list(): Promise<void> {
    const all = await this.media?.enumerateDevices().catch(() => null);
    // Before the page may use the microphone the browser lists each kind once, unnamed: present all the same.
    if (all) this.present = all.some((d) => d.kind === 'audioinput');
  }

  /** The permission or the devices changed: an earlier failure may be gone (the agent fixed it). */
  private moved(): void {
    this.failure = null;
    this.onChange();
  }
}
