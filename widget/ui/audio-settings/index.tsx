import { useEffect, useReducer } from 'preact/hooks';
import type { AudioDevice, AudioDeviceKind, CallController } from '../../calls/call-controller.ts';
import type { Ringer } from '../../calls/ringer.ts';
import { t } from '../../i18n/index.ts';
import type { OnError } from '../errors.ts';

/** Asks for the microphone once so the browser names the devices (it hides labels before). */
async function allowMicrophone(): Promise<void> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  for (const track of stream.getTracks()) track.stop();
}

function DeviceSelect({ kind, devices, chosen, disabled, onChoose }: { kind: AudioDeviceKind; devices: AudioDevice[]; chosen: string | null; disabled?: boolean; onChoose: (id: string | null) => void }) {
  const label = t(kind === 'input' ? 'call.microphone' : 'call.speaker');
  return (
    <label class="sb-device">
      <span>{label}</span>
      <select name={`device-${kind}`} data-device={kind} value={chosen ?? ''} disabled={disabled} onChange={(e) => onChoose(e.currentTarget.value || null)}>
        <option value="">{t('call.default')}</option>
        {devices
          .filter((d) => d.deviceId !== 'default')
          .map((d, i) => (
            <option value={d.deviceId}>{d.label || `${label} ${i + 1}`}</option>
          ))}
      </select>
    </label>
  );
}

/** The agent's audio settings: microphone, speaker, and whether the ringer sounds. */
export function AudioSettings({ calls, ringer, onError, onClose }: { calls: CallController; ringer: Ringer; onError: OnError; onClose: () => void }) {
  const [, rerender] = useReducer((n: number, _: void) => n + 1, 0);
  useEffect(() => {
    const offs = [calls.on('devices', () => rerender()), ringer.on('change', () => rerender())];
    calls.refreshDevices().catch(onError);
    return () => offs.forEach((off) => off());
  }, [calls, ringer]);
  const state = calls.devices();
  const unnamed = [...state.inputs, ...state.outputs].some((d) => !d.label) || state.inputs.length === 0;
  const choose = (kind: AudioDeviceKind) => (id: string | null) => calls.chooseDevice(kind, id).catch(onError);
  const { ready, error } = calls.softphone();
  return (
    <section class="sb-audio-settings" aria-label={t('call.settings')} data-audio-settings>
      <header class="sb-audio-head">
        <strong>{t('call.settings')}</strong>
        <button type="button" class="sb-link" data-action="close-audio" onClick={onClose}>
          {t('call.close')}
        </button>
      </header>
      {!ready && (
        <p class="sb-call-notice" data-softphone-down>
          {t('call.unavailable', { reason: error ?? '' })}
        </p>
      )}
      <DeviceSelect kind="input" devices={state.inputs} chosen={state.input} onChoose={choose('input')} />
      <DeviceSelect kind="output" devices={state.outputs} chosen={state.output} disabled={!state.outputSelectable} onChoose={choose('output')} />
      {!state.outputSelectable && <p class="sb-audio-hint">{t('call.speakerFixed')}</p>}
      {unnamed && (
        <button type="button" class="sb-secondary" data-action="allow-microphone" onClick={() => allowMicrophone().then(() => calls.refreshDevices()).catch(onError)}>
          {t('call.allowMic')}
        </button>
      )}
      <label class="sb-audio-ringer">
        <input type="checkbox" name="mute-ringer" checked={ringer.muted} onChange={(e) => ringer.setMuted(e.currentTarget.checked)} /> {t('call.muteRinger')}
      </label>
    </section>
  );
}
