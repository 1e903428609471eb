/**
 * Run by the test runner's `sb-recording-roundtrip` command: takes chunks a browser recorded
 * (JSON on stdin: {chunks: base64[], mime}), starts a real server in this process, has alice
 * begin a recording through the service the call handlers use, uploads the chunks with the
 * widget's httpUploader, finishes, and fetches the file back through a playback link (whole and
 * with a Range). Prints one JSON line with what came back.
 */
import { httpUploader } from '../../widget/media/recording-uploader.ts';
import { acceptedChat, agentSession, startTestServer, testConfig } from '../helpers/server.ts';

const input = JSON.parse(await new Response(process.stdin as unknown as ReadableStream).text()) as { chunks: string[]; mime: string };
const server = await startTestServer(testConfig());
try {
  const alice = await agentSession(server, 'alice');
  const chat = await acceptedChat(server, alice);
  const id = server.recordings.begin(chat.chat.id, 'alice');
  const uploader = httpUploader(server.url, id, alice.token!);
  for (const [seq, chunk] of input.chunks.entries()) await uploader.upload(seq, new Blob([Buffer.from(chunk, 'base64')], { type: input.mime }));
  await uploader.upload(input.chunks.length - 1, new Blob([Buffer.from(input.chunks.at(-1)!, 'base64')], { type: input.mime })); // a retry: not appended twice
  await uploader.finish();
  const url = `${server.url}${server.recordings.link(id, { agentId: 'alice', supervisor: false }).url}`;
  const whole = await fetch(url);
  const range = await fetch(url, { headers: { range: 'bytes=0-99' } });
  const denied = await fetch(url.replace(/access=.*/, 'access=x.y'));
  const row = server.recordings.get(id)!;
  console.log(
    JSON.stringify({
      status: whole.status,
      contentType: whole.headers.get('content-type'),
      file: Buffer.from(await whole.arrayBuffer()).toString('base64'),
      rangeStatus: range.status,
      range: Buffer.from(await range.arrayBuffer()).toString('base64'),
      deniedStatus: denied.status,
      row: { status: row.status, bytes: row.bytes, chunks: row.chunks },
    }),
  );
  alice.close();
} finally {
  await server.close();
}
