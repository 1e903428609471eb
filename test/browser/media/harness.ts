/** Shared pieces of the media engine's browser tests: two contacts on a loopback server, waiting for stats. */
import { MediaContact, type AudioStats, type MediaContactOptions } from '../../../media/index.ts';
import { LoopbackServer, type LoopbackTransport } from './loopback-server.ts';

export { LoopbackServer };
/** Keeps traffic on loopback (TOOLCHAIN notes): only 127.0.0.1 candidates are sent. */
export const loopbackOnly = (c: RTCIceCandidate) => c.address === '127.0.0.1' || c.candidate.includes(' 127.0.0.1 ');

let contactSeq = 0;
export const newContactId = () => `c${Date.now().toString(36)}${++contactSeq}`;

export function contactOn(server: LoopbackServer, party: 'agent' | 'customer', contactId: string, extra: Partial<MediaContactOptions> = {}): { contact: MediaContact; transport: LoopbackTransport } {
  const transport = server.connect(party);
  const contact = new MediaContact({ contactId, transport, role: party, candidateFilter: loopbackOnly, requestTimeoutMs: 3_000, ...extra });
  return { contact, transport };
}

export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    if (await check()) return performance.now() - start;
    await sleep(20);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once the counter picked by `pick` grew by more than `by` within `timeoutMs`. */
export async function grows(contact: MediaContact, pick: (s: AudioStats) => number, by: number, timeoutMs: number, what: string): Promise<number> {
  const first = pick(await contact.getAudioStats());
  return eventually(async () => pick(await contact.getAudioStats()) - first > by, timeoutMs, what);
}

/** How much the counter grows over `ms`. */
export async function growth(contact: MediaContact, pick: (s: AudioStats) => number, ms: number): Promise<number> {
  const first = pick(await contact.getAudioStats());
  await sleep(ms);
  return pick(await contact.getAudioStats()) - first;
}

/** Plays the contact's remote stream as a page would (Chromium counts received audio energy only for audio played out). */
export function play(contact: MediaContact): HTMLAudioElement {
  const audio = new Audio();
  audio.srcObject = contact.remoteStream;
  void audio.play().catch(() => {});
  return audio;
}

/** An agent and a customer in a call on the loopback server, both started with audio and attached (customer first). */
export async function startCall(server = new LoopbackServer(), contactId = newContactId()) {
  const customer = contactOn(server, 'customer', contactId);
  const agent = contactOn(server, 'agent', contactId);
  await customer.contact.start({ audio: true });
  await agent.contact.start({ audio: true });
  await customer.contact.attach();
  await agent.contact.attach();
  await eventually(() => agent.contact.connectionState === 'connected' && customer.contact.connectionState === 'connected', 5_000, 'both sides connected');
  play(agent.contact);
  play(customer.contact);
  return { server, contactId, agent, customer };
}
