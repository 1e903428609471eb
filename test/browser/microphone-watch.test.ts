/**
 * MicrophoneWatch, the softphone's view of the microphone: over Chromium's own devices and
 * permission, and over stand-in devices for what the test browser cannot be made to have (no
 * microphone at all, a permission that still asks). The e2e test (e2e-call-softphone) drives the
 * real permission through the widget and the host.
 */
import { expect } from '@esm-bundle/chai';
import { MICROPHONE_REASONS, MicrophoneWatch, microphoneFailure } from '../../widget/calls/microphone.ts';
import { eventually } from './harness.ts';

/** Devices and a permission the test sets: an EventTarget with the calls MicrophoneWatch makes. */
class StandIn extends EventTarget {
  devices: Partial<MediaDeviceInfo>[] = [{ kind: 'audioinput', deviceId: '', label: '' }];
  asked = 0;
  refuse: DOMException | null = null;
  readonly permission = Object.assign(new EventTarget(), { state: 'prompt' as PermissionState });
  async enumerateDevices() {
    return this.devices as MediaDeviceInfo[];
  }
  async getUserMedia() {
    this.asked++;
    if (this.refuse) throw this.refuse;
    return new MediaStream();
  }
  setPermission(state: PermissionState) {
    this.permission.state = state;
    this.permission.dispatchEvent(new Event('change'));
  }
  plug(devices: Partial<MediaDeviceInfo>[]) {
    this.devices = devices;
    this.dispatchEvent(new Event('devicechange'));
  }
  get permissions() {
    return { query: async () => this.permission } as unknown as Permissions;
  }
}

const rejection = (work: Promise<unknown>) => work.then(() => null, (e: Error) => ({ name: e.name, message: e.message }));

describe('MicrophoneWatch', () => {
  it("Chromium's fake microphone with the permission the test flags grant: ready; a real capture failure says why until the devices change", async () => {
    let changes = 0;
    const watch = new MicrophoneWatch(() => changes++);
    await watch.start();
    expect(watch.status()).to.deep.equal({ ready: true });
    await watch.check(); // granted: nothing to ask
    const refused = await navigator.mediaDevices.getUserMedia({ audio: { deviceId: { exact: 'no-such-microphone' } } }).then(() => null, (e: Error) => e);
    expect(refused?.name).to.equal('OverconstrainedError');
    watch.failed(refused);
    expect(watch.status()).to.deep.equal({ ready: false, error: MICROPHONE_REASONS.gone, device: true });
    expect(changes).to.equal(1);
    // The next check opens the microphone again: it works, so the softphone is ready again.
    await watch.check();
    expect(watch.status()).to.deep.equal({ ready: true });
    watch.stop();
  });

  it('no microphone: not ready until one is connected; an unnamed one (before permission) counts', async () => {
    const media = new StandIn();
    media.devices = [{ kind: 'audiooutput', deviceId: 'spk', label: 'Speaker' }];
    let changes = 0;
    const watch = new MicrophoneWatch(() => changes++, media as unknown as MediaDevices, media.permissions);
    await watch.start();
    expect(watch.status()).to.deep.equal({ ready: false, error: MICROPHONE_REASONS.absent, device: true });
    expect(await rejection(watch.check())).to.deep.equal({ name: 'not_suitable_state', message: MICROPHONE_REASONS.absent });
    expect(media.asked, 'no prompt for a microphone that is not there').to.equal(0);
    media.plug([{ kind: 'audioinput', deviceId: '', label: '' }]);
    await eventually(() => watch.status().ready, 2_000, 'ready once plugged in');
    expect(changes).to.equal(1);
    media.plug([]);
    await eventually(() => !watch.status().ready, 2_000, 'not ready once unplugged');
    watch.stop();
    media.plug([{ kind: 'audioinput', deviceId: 'mic', label: 'Mic' }]);
    await new Promise((r) => setTimeout(r, 50));
    expect(watch.status().ready, 'stopped: no longer follows').to.equal(false);
  });

  it('a permission that still asks: check() asks once; refused, the call is not answered and the reason stays until the permission changes', async () => {
    const media = new StandIn();
    const watch = new MicrophoneWatch(() => {}, media as unknown as MediaDevices, media.permissions);
    await watch.start();
    expect(watch.status().ready, 'asking is not a failure').to.equal(true);
    media.refuse = new DOMException('Permission denied', 'NotAllowedError');
    expect(await rejection(watch.check())).to.deep.equal({ name: 'not_suitable_state', message: MICROPHONE_REASONS.blocked });
    expect(media.asked).to.equal(1);
    expect(watch.status()).to.deep.equal({ ready: false, error: MICROPHONE_REASONS.blocked, device: true });
    media.setPermission('denied');
    expect(await rejection(watch.check())).to.deep.equal({ name: 'not_suitable_state', message: MICROPHONE_REASONS.blocked });
    expect(media.asked, 'denied: not asked again').to.equal(1);
    media.refuse = null;
    media.setPermission('granted');
    expect(watch.status()).to.deep.equal({ ready: true });
    await watch.check();
    expect(media.asked, 'granted: nothing to ask').to.equal(1);
    watch.stop();
  });

  it('capture errors read as reasons, from getUserMedia and from the media engine', () => {
    expect(microphoneFailure(new DOMException('Could not start audio source', 'NotReadableError'))).to.equal(MICROPHONE_REASONS.busy);
    expect(microphoneFailure({ name: 'device', message: 'the microphone could not be acquired: NotFoundError Requested device not found' })).to.equal(MICROPHONE_REASONS.absent);
    expect(microphoneFailure({ name: 'device', message: 'the microphone could not be acquired: NotAllowedError Permission denied' })).to.equal(MICROPHONE_REASONS.blocked);
    expect(microphoneFailure(new Error('weird'))).to.equal('the microphone could not be opened: weird');
    const watch = new MicrophoneWatch(() => {}, {} as MediaDevices, undefined);
    expect(watch.status()).to.deep.equal({ ready: false, error: MICROPHONE_REASONS.insecure, device: true });
  });
});
