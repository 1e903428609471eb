/** Recording plans against a real server: tracks and layout, files per direction, the next segment after a re-attach, pause, stop, and one listing of a recording's files. */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { agentSession, record } from '../../../helpers/server.ts';
import { customerCall, startCallServer, type CallServer } from '../../../helpers/calls.ts';

let server: CallServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const refusal = (p: Promise<unknown>) => p.then(() => 'ok', (err) => err.name as string);

async function connectedCall(s: CallServer) {
  const alice = await agentSession(s, 'alice');
  const aliceLog = record(alice);
  const customer = await customerCall(s, { room: 'default' });
  await aliceLog.waitFor('contact.offered', (d) => d.contact.id === customer.contact.id);
  await alice.request({ type: 'contact.accept', contactId: customer.contact.id });
  return { alice, aliceLog, customer, contactId: customer.contact.id };
}

describe('recording plans', () => {
  it('lays files out as asked (or as configured): one mixed file, or one per direction, video/webm where video is recorded', async () => {
    const s = (server = await startCallServer({ recordingLayout: 'perDirection' }));
    const { alice, customer, contactId } = await connectedCall(s);
    assert.equal(await refusal(alice.request({ type: 'call.recording', contactId, recording: true, tracks: { audioIn: false, audioOut: false } })), 'invalid_args');
    // The server's layout: a file per direction; the incoming one with video.
    const plan = await alice.request({ type: 'call.recording', contactId, recording: true, tracks: { videoIn: true } });
    assert.deepEqual(plan.tracks, { audioIn: true, audioOut: true, videoIn: true, videoOut: false });
    assert.equal(plan.layout, 'perDirection');
    assert.deepEqual(plan.files.map((f) => [f.part, f.kind]), [['in', 'video'], ['out', 'audio']]);
    assert.equal(plan.recordingId, plan.files[0]!.id);
    assert.deepEqual(plan.files.map((f) => s.recordings.get(f.id)!.mime), ['video/webm', 'audio/webm']);
    assert.deepEqual(plan.files.map((f) => s.recordings.get(f.id)!.recordingId), [plan.recordingId, plan.recordingId]);
    const stopped = await alice.request({ type: 'call.recording', contactId, recording: false });
    assert.deepEqual([stopped.recordingId, stopped.files], [plan.recordingId, []]);
    assert.deepEqual(plan.files.map((f) => s.recordings.get(f.id)!.status), ['complete', 'complete']);
    // Asked for mixed: one file.
    const mixed = await alice.request({ type: 'call.recording', contactId, recording: true, layout: 'mixed' });
    assert.deepEqual(mixed.files.map((f) => [f.part, f.kind]), [['mixed', 'audio']]);
    assert.deepEqual(s.contacts.view(s.contacts.get(contactId), 'alice').call!.recordings, [...plan.files, ...mixed.files].map((f) => f.id));
    alice.close();
    customer.conn.close();
  });

  it('continues after a re-attach with the next segment of files, pauses and resumes, and lists every file of the recording through one link', async () => {
    const s = (server = await startCallServer());
    const { alice, aliceLog, customer, contactId } = await connectedCall(s);
    assert.deepEqual((await alice.request({ type: 'call.recording', contactId, recording: true, continue: true })).files, []); // nothing to continue
    assert.equal(await refusal(alice.request({ type: 'call.recordingPause', contactId, paused: true })), 'not_suitable_state');
    const first = await alice.request({ type: 'call.recording', contactId, recording: true });
    assert.deepEqual(first.files.map((f) => f.part), ['mixed']);
    const base = `http://127.0.0.1:${s.port}/api/recordings`;
    const post = (id: string, seq: number, bytes: number[]) => fetch(`${base}/${id}/chunks?seq=${seq}`, { method: 'POST', headers: { authorization: `Bearer ${alice.token}` }, body: new Uint8Array(bytes) });
    assert.equal((await post(first.files[0]!.id, 0, [1, 2, 3])).status, 200);

    await alice.request({ type: 'call.recordingPause', contactId, paused: true });
    await aliceLog.waitFor('contact.updated', (d) => d.contact.id === contactId && d.contact.call?.recordingPaused === true);
    // The page reloads: its new recorder continues the same recording in new files, paused as it was.
    const next = await alice.request({ type: 'call.recording', contactId, recording: true, continue: true });
    assert.equal(next.recordingId, first.recordingId);
    assert.equal(next.paused, true);
    assert.notEqual(next.files[0]!.id, first.files[0]!.id);
    assert.deepEqual([s.recordings.get(first.files[0]!.id)!.status, s.recordings.get(next.files[0]!.id)!.segment], ['complete', 1]);
    assert.equal((await post(first.files[0]!.id, 1, [4])).status, 200); // the old page's last chunk still comes in
    assert.equal((await post(next.files[0]!.id, 0, [5, 6])).status, 200);
    await alice.request({ type: 'call.recordingPause', contactId, paused: false });
    assert.equal(s.contacts.view(s.contacts.get(contactId), 'alice').call!.recordingPaused, false);
    const view = s.contacts.get(contactId);
    assert.deepEqual(view.call!.recordings, [first.files[0]!.id, next.files[0]!.id]);

    // One link (to the latest file) lists them all, each with a link that plays it.
    const { url } = await alice.request({ type: 'recording.link', recordingId: next.files[0]!.id });
    const listing = await (await fetch(`http://127.0.0.1:${s.port}${url.replace('?', '/files?')}`)).json();
    assert.equal(listing.recordingId, first.recordingId, JSON.stringify(listing));
    assert.deepEqual(listing.files.map((f: { id: string; segment: number; part: string; bytes: number }) => [f.id, f.segment, f.part, f.bytes]), [
      [first.files[0]!.id, 0, 'mixed', 4],
      [next.files[0]!.id, 1, 'mixed', 2],
    ]);
    const bodies = await Promise.all(listing.files.map(async (f: { url: string }) => [...new Uint8Array(await (await fetch(`http://127.0.0.1:${s.port}${f.url}`)).arrayBuffer())]));
    assert.deepEqual(bodies, [[1, 2, 3, 4], [5, 6]]);
    assert.equal((await fetch(`http://127.0.0.1:${s.port}${url.replace('?', '/files?').replace(/access=.{6}/, 'access=AAAAAA')}`)).status, 403);
    assert.equal((await fetch(`${base}/${next.files[0]!.id}/files`)).status, 401);

    // The call's end completes the files being written.
    await customer.conn.request({ type: 'call.hangup', contactId });
    assert.equal(s.recordings.get(next.files[0]!.id)!.status, 'complete');
    assert.equal(s.contacts.get(contactId).call!.recorder, null);
    alice.close();
    customer.conn.close();
  });
});
