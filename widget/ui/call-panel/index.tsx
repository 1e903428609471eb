import { useState } from 'preact/hooks';
import type { TeamMember } from '../../../protocol/index.ts';
import type { CallController, CallDestination } from '../../calls/call-controller.ts';
import { conferenceAgents, formatDuration, type CallInfo } from '../../calls/call-model.ts';
import { t, type StringKey } from '../../i18n/index.ts';
import type { OnError } from '../errors.ts';
import { Keypad } from '../keypad/index.tsx';
import { useGuard, useNow } from '../use-guard.ts';

export interface CallPanelProps {
  info: CallInfo;
  calls: CallController;
  me: string | null;
  /** The colleagues a transfer, a consultation or a conference may go to. */
  team: () => Promise<TeamMember[]>;
  onError: OnError;
}

function destinationOf(value: string): CallDestination {
  const [kind, ...rest] = value.split(':');
  const name = rest.join(':');
  return kind === 'agent' ? { toAgent: name } : { toSkill: name };
}

/** Where the call goes next: a colleague or a skill, by consultation, blind transfer or conference. */
function Destinations({ team, me, pending, onPick }: { team: TeamMember[]; me: string | null; pending: string | null; onPick: (how: 'consult' | 'transfer' | 'conference', to: CallDestination) => void }) {
  const [value, setValue] = useState('');
  const others = team.filter((m) => m.id !== me);
  const skills = [...new Set(team.flatMap((m) => m.skills))].sort();
  const pick = (how: 'consult' | 'transfer' | 'conference') => value && onPick(how, destinationOf(value));
  return (
    <div class="sb-call-destinations" data-call-destinations>
      <select name="call-destination" aria-label={t('call.destination')} value={value} onChange={(e) => setValue(e.currentTarget.value)}>
        <option value="">{t('call.destination')}</option>
        <optgroup label={t('transfer.toAgent')}>
          {others.map((m) => (
            <option value={`agent:${m.id}`}>
              {m.name} ({t(`state.${m.state}`)})
            </option>
          ))}
        </optgroup>
        <optgroup label={t('transfer.toSkill')}>
          {skills.map((s) => (
            <option value={`skill:${s}`}>{s}</option>
          ))}
        </optgroup>
      </select>
      <span class="sb-row">
        {(['consult', 'transfer', 'conference'] as const).map((how) => (
          <button type="button" class="sb-secondary" data-action={how} disabled={!value || pending !== null} onClick={() => pick(how)}>
            {t(`call.${how}`)}
          </button>
        ))}
      </span>
    </div>
  );
}

/** A toggle of the call: aria-pressed says whether it is on. */
function Toggle({ action, on, label, pending, onClick }: { action: string; on: boolean; label: StringKey; pending: string | null; onClick: () => void }) {
  return (
    <button type="button" class="sb-call-toggle" data-action={action} aria-pressed={on ? 'true' : 'false'} disabled={pending !== null} onClick={onClick}>
      {t(label)}
    </button>
  );
}

/** The other party's camera or shared screen (muted: the call's audio plays elsewhere). */
function RemoteVideo({ stream, kind }: { stream: MediaStream | null | undefined; kind: 'camera' | 'screen' }) {
  if (!stream) return null;
  const attach = (el: HTMLVideoElement | null) => {
    if (el && el.srcObject !== stream) el.srcObject = stream;
  };
  return <video ref={attach} class={`sb-call-video sb-call-${kind}`} data-remote={kind} autoplay playsInline muted />;
}

/** The agent's call: party, state, timer, and its controls. */
export function CallPanel({ info, calls, me, team, onError }: CallPanelProps) {
  useNow(1_000);
  const { pending, run } = useGuard(onError);
  const [keypad, setKeypad] = useState(false);
  const [sent, setSent] = useState('');
  const [members, setMembers] = useState<TeamMember[] | null>(null); // shown while choosing a destination
  const [known, setKnown] = useState<TeamMember[]>([]); // the team as last loaded, for names
  const { call, contactId, media } = info;
  const id = contactId;
  const live = call.state === 'connected' || call.state === 'held';
  const talk = call.connectTime === null ? 0 : (call.endTime ?? Date.now()) - call.connectTime;
  const agents = conferenceAgents(call, me);
  // The agent's own camera where this page knows it (the call's `video` is on while either party sends).
  const camera = media.cameraOn ?? call.video;
  const toggleDestinations = () =>
    members
      ? setMembers(null)
      : team().then((list) => {
          setKnown(list);
          setMembers(list);
        }, onError);
  const digit = (d: string) => {
    setSent((s) => (s + d).slice(-64));
    calls.sendDtmf(id, d).catch(onError);
  };
  const pickDestination = (how: 'consult' | 'transfer' | 'conference', to: CallDestination) =>
    run(how, async () => {
      if (how === 'consult') await calls.consult(id, to);
      else if (how === 'transfer') await calls.blindTransfer(id, to);
      else await calls.inviteToConference(id, to);
      setMembers(null);
    });
  const stateLabel = info.outgoing ? t('call.calling') : t(`call.state.${call.state}`);
  return (
    <section class={`sb-call-panel sb-call-${call.state}`} data-call-state={call.state} data-contact-id={id} data-audio={media.audioFlowing ? 'flowing' : 'quiet'} aria-label={info.partyName}>
      <header class="sb-call-head">
        <strong dir="auto" class="sb-call-party">{info.partyName}</strong>
        <span class="sb-call-status" role="status">
          {stateLabel}
          {call.connectTime !== null && (
            <time class="sb-call-timer" data-call-timer>
              {' · '}
              {formatDuration(talk)}
            </time>
          )}
        </span>
        {call.recording && (
          // The server's state, and where this page records, its recorder's (seed 000: starting, recording, stopping).
          <span class="sb-call-badge sb-call-rec" data-recording data-recorder={media.recorder} data-paused={call.recordingPaused ? '' : undefined}>
            ● {t(call.recordingPaused ? 'call.recordingPaused' : 'call.recording')}
            {(media.recorder === 'starting' || media.recorder === 'stopping') && '…'}
          </span>
        )}
        {call.sharing && (
          <span class="sb-call-badge" data-sharing>
            {t('call.sharing')}
          </span>
        )}
      </header>
      {call.parked && (
        <p class="sb-call-notice" role="status" data-parked>
          {t('call.parked')}
        </p>
      )}
      {live && !call.parked && !call.hold && !media.audioFlowing && (
        <p class="sb-call-notice sb-call-quiet" data-no-audio>
          {t('call.noAudio')}
        </p>
      )}
      {media.consult && (
        <p class="sb-call-notice" data-consulting>
          {t('call.consulting', { name: known.find((m) => m.id === media.consult!.agentId)?.name ?? media.consult.agentId })}{' '}
          <button type="button" data-action="complete-transfer" disabled={pending !== null} onClick={() => run('complete-transfer', () => calls.completeTransfer(id))}>
            {t('call.completeTransfer')}
          </button>{' '}
          <button type="button" class="sb-secondary" data-action="merge" disabled={pending !== null} onClick={() => run('merge', () => calls.mergeConsult(id))}>
            {t('call.merge')}
          </button>
        </p>
      )}
      {agents.length > 0 && (
        <p class="sb-call-conference" data-conference>
          {t('call.conferenceWith', { names: agents.map((a) => a.name).join(', ') })}
          {agents.map((a) => (
            <button type="button" class="sb-link" data-action="remove-party" data-party-id={a.id} disabled={pending !== null} onClick={() => run('remove', () => calls.removeFromConference(id, a.id))}>
              {t('call.remove', { name: a.name })}
            </button>
          ))}
        </p>
      )}
      {live && !call.parked && (media.remoteScreen || media.remoteVideo) && (
        <div class="sb-call-videos">
          <RemoteVideo stream={media.remoteScreen} kind="screen" />
          <RemoteVideo stream={media.remoteVideo} kind="camera" />
        </div>
      )}
      <div class="sb-call-controls">
        {live && (
          <>
            <Toggle action="mute" on={call.muted} label="call.mute" pending={pending} onClick={() => run('mute', () => calls.mute(id, !call.muted))} />
            <Toggle action="hold" on={call.hold} label={call.hold ? 'call.resume' : 'call.hold'} pending={pending} onClick={() => run('hold', () => calls.hold(id, !call.hold))} />
            <button type="button" class="sb-call-toggle" data-action="keypad" aria-expanded={keypad ? 'true' : 'false'} onClick={() => setKeypad(!keypad)}>
              {t('call.keypad')}
            </button>
            <Toggle
              action="record"
              on={call.recording}
              label={call.recording ? 'call.stopRecording' : 'call.record'}
              pending={pending}
              onClick={() => run('record', () => calls.setRecording(id, !call.recording))}
            />
            {call.recording && (
              <Toggle
                action="pause-recording"
                on={call.recordingPaused}
                label={call.recordingPaused ? 'call.resumeRecording' : 'call.pauseRecording'}
                pending={pending}
                onClick={() => run('pause-recording', () => calls.setRecordingPaused(id, !call.recordingPaused))}
              />
            )}
            <Toggle action="video" on={camera} label={camera ? 'call.stopVideo' : 'call.video'} pending={pending} onClick={() => run('video', () => (camera ? calls.stopVideo(id) : calls.addVideo(id)))} />
            {!call.internal && !call.sharing && (
              <button type="button" class="sb-call-toggle" data-action="ask-share" disabled={pending !== null} onClick={() => run('share', () => calls.askScreenShare(id))}>
                {t('call.askShare')}
              </button>
            )}
            <button type="button" class="sb-call-toggle" data-action="call-transfer" aria-expanded={members ? 'true' : 'false'} onClick={toggleDestinations}>
              {t('call.transfer')}…
            </button>
          </>
        )}
        <button type="button" class="sb-call-hangup" data-action="hangup" disabled={pending !== null} onClick={() => run('hangup', () => calls.hangup(id))}>
          {t('call.hangup')}
        </button>
      </div>
      {live && (keypad || members) && (
        <div class="sb-call-extras">
          {keypad && <Keypad sent={sent} onDigit={digit} />}
          {members && <Destinations team={members} me={me} pending={pending} onPick={pickDestination} />}
        </div>
      )}
    </section>
  );
}
