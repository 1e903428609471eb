/**
 * The softphone's status, as the host's ON_SOFTPHONE_STATUS_CHANGE and the agent's UI tell it:
 * ready once the agent is signed in, this tab carries the calls, and the microphone can be used.
 * The microphone is watched (microphone.ts, a chunk) from the first time this tab carries calls.
 */
import type { SoftphoneStatus } from './call-controller.ts';
import type { MicrophoneWatch } from './microphone.ts';

export class Softphone {
  private watch: Promise<MicrophoneWatch> | null = null;
  private mic: MicrophoneWatch | null = null;
  private current: SoftphoneStatus = { ready: false, error: 'not signed in' };
  private signedIn = false;
  private owner = false;

  constructor(
    private readonly changed: (status: SoftphoneStatus) => void,
    private readonly load = () => import('./microphone.ts'),
  ) {}

  status(): SoftphoneStatus {
    return this.current;
  }

  /** The microphone is known to be unusable (so calls are not attached until that changes). */
  get blocked(): boolean {
    return !!this.mic && !this.mic.status().ready;
  }

  /** The session's and the tab's part of the status. */
  update(signedIn: boolean, owner: boolean): void {
    this.signedIn = signedIn;
    this.owner = owner;
    if (signedIn && owner) this.watching();
    this.refresh();
  }

  /** Throws why a call cannot be answered or placed here for want of a microphone (may ask the browser for it). */
  async check(deviceId?: ConstrainDOMString): Promise<void> {
    await (await this.watching()).check(deviceId);
  }

  /** A call's media failed: a capture error (the media engine's `device`) makes the softphone not ready. */
  failed(err: unknown): void {
    if ((err as Error | null)?.name !== 'device') return;
    if (this.mic) this.mic.failed(err);
    else void this.watching().then((w) => w.failed(err));
  }

  /** A capture worked, or the agent looks again (the audio settings opened): a failure is forgotten. */
  captured(): void {
    this.mic?.captured();
  }

  private watching(): Promise<MicrophoneWatch> {
    if (this.watch) return this.watch;
    const made = (this.watch = this.load().then(async ({ MicrophoneWatch }) => {
      const watch = new MicrophoneWatch(() => this.refresh());
      await watch.start();
      this.mic = watch;
      this.refresh();
      return watch;
    }));
    made.catch(() => this.watch === made && (this.watch = null)); // a chunk that failed to load is fetched again next time
    return made;
  }

  private refresh(): void {
    const status: SoftphoneStatus = !this.signedIn
      ? { ready: false, error: 'not signed in' }
      : !this.owner
        ? { ready: false, error: 'another tab carries the calls' }
        : (this.mic?.status() ?? { ready: false, error: 'checking the microphone' });
    if (status.ready === this.current.ready && status.error === this.current.error) return;
    this.current = status;
    this.changed(status);
  }
}
