/**
 * Recording a call on the server's side: which files a recording writes (its tracks and layout,
 * from the agent's request or the server's `recordingLayout`), the next segment of them when a
 * page re-attaches to a call being recorded (each a playable file of its own, listed with the
 * recording), pause and resume, and the end of its files. Called inside a contact change
 * (ContactCenter.update), so the call's recording state is stored with the call.
 */
import { invalidArgs, notSuitableState, recordingFilesFor, type RecordingFile, type RecordingLayout, type RecordingPlan, type RecordingTracks } from '../../protocol/index.ts';
import type { RecordingService } from '../recordings/service.ts';
import type { CallRecord } from '../store/index.ts';
import { MAX_RECORDINGS_PER_CALL } from './call-record.ts';

export interface RecordingRequest {
  tracks?: Partial<RecordingTracks>;
  layout?: RecordingLayout;
  /** A page that re-attached to a call being recorded: the next segment of files. */
  continue?: boolean;
}

const NO_TRACKS: RecordingTracks = { audioIn: false, audioOut: false, videoIn: false, videoOut: false };

/** The plan of the call's running recording (no files when none runs). */
export function planOf(call: CallRecord): RecordingPlan {
  const r = call.recorder;
  return r
    ? { recordingId: call.recordingId, files: r.files.map((f) => ({ ...f })), tracks: { ...r.tracks }, layout: r.layout, paused: r.paused }
    : { recordingId: call.recordingId, files: [], tracks: { ...NO_TRACKS }, layout: 'mixed', paused: false };
}

export class CallRecording {
  constructor(
    private readonly recordings: RecordingService,
    private readonly defaultLayout: RecordingLayout,
  ) {}

  /** Starts a recording (or, with `continue`, the next segment of the running one); changes `call` in place. */
  start(call: CallRecord, contactId: string, agentId: string, req: RecordingRequest): RecordingPlan {
    const running = call.recorder;
    if (req.continue) {
      if (!running || !call.recordingId) return planOf(call); // nothing to continue
      this.end(call); // the last chunks of the page that left still come in for a while
      const segment = running.segment + 1;
      const files = this.begin(call, contactId, agentId, running.tracks, running.layout, call.recordingId, segment);
      call.recorder = { ...running, files, segment };
      call.recording = true;
      return planOf(call);
    }
    if (running) return planOf(call);
    const tracks: RecordingTracks = { audioIn: req.tracks?.audioIn ?? true, audioOut: req.tracks?.audioOut ?? true, videoIn: req.tracks?.videoIn ?? false, videoOut: req.tracks?.videoOut ?? false };
    if (!Object.values(tracks).some(Boolean)) throw invalidArgs('record at least one of audioIn, audioOut, videoIn, videoOut');
    const layout = req.layout ?? this.defaultLayout;
    const files = this.begin(call, contactId, agentId, tracks, layout, null, 0);
    call.recordingId = files[0]!.id;
    call.recorder = { files, tracks, layout, paused: false, segment: 0 };
    call.recording = true;
    return planOf(call);
  }

  /** Stops the running recording: its files are complete. Returns the plan with no files (and the recording's id). */
  stop(call: CallRecord): RecordingPlan {
    const recordingId = call.recordingId;
    this.end(call);
    call.recording = false;
    call.recordingId = null;
    call.recorder = null;
    return { ...planOf(call), recordingId };
  }

  pause(call: CallRecord, paused: boolean): void {
    if (!call.recorder) throw notSuitableState('no recording is running');
    call.recorder = { ...call.recorder, paused };
  }

  /** The files being written now are complete (the call ended, or a continuation replaces them). */
  end(call: CallRecord): void {
    const files = call.recorder?.files ?? (call.recordingId ? [{ id: call.recordingId }] : []); // a call stored before `recorder`
    for (const file of files) this.recordings.end(file.id);
  }

  private begin(call: CallRecord, contactId: string, agentId: string, tracks: RecordingTracks, layout: RecordingLayout, recordingId: string | null, segment: number): RecordingFile[] {
    const specs = recordingFilesFor(tracks, layout);
    if (call.recordings.length + specs.length > MAX_RECORDINGS_PER_CALL) throw invalidArgs(`a call keeps at most ${MAX_RECORDINGS_PER_CALL} recording files`);
    const files: RecordingFile[] = [];
    for (const spec of specs) {
      const id = this.recordings.begin(contactId, agentId, { ...spec, recordingId: recordingId ?? files[0]?.id, segment });
      files.push({ id, ...spec });
    }
    call.recordings = [...call.recordings, ...files.map((f) => f.id)];
    return files;
  }
}
