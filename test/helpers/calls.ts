/** Helpers for call tests: a server with short call timers, customers that ask for calls, signal recorders, a recording double. */
import { forbidden, type SignalEvent, type WireConnection } from '../../protocol/index.ts';
import type { RecordingService } from '../../server/recordings/service.ts';
import type { ServerConfig } from '../../server/index.ts';
import { connect, record, routingConfig, startTestServer } from './server.ts';

export type CallServer = Awaited<ReturnType<typeof startTestServer>>;

/** A server with short ring and re-attach times (tests override them). */
export function callConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return routingConfig({ callRingSeconds: 5, callReattachSeconds: 5, presenceGraceSeconds: 30, ...overrides });
}

/** Records what a RecordingService is asked: only `alice`'s recordings and supervisors get links. */
export class RecordingDouble implements RecordingService {
  readonly begun: { id: string; contactId: string; agentId: string }[] = [];
  readonly ended: string[] = [];
  begin(contactId: string, agentId: string): string {
    const id = `rec-${this.begun.length + 1}-${contactId.slice(0, 8)}`;
    this.begun.push({ id, contactId, agentId });
    return id;
  }
  end(recordingId: string): void {
    this.ended.push(recordingId);
  }
  link(recordingId: string, requester: { agentId: string; supervisor: boolean }): { url: string; expiresAt: number } {
    const rec = this.begun.find((r) => r.id === recordingId);
    if (!rec || (rec.agentId !== requester.agentId && !requester.supervisor)) throw forbidden('not your recording');
    return { url: `/api/recordings/${recordingId}?sig=test`, expiresAt: Date.now() + 60_000 };
  }
}

export type SignalLog = SignalEvent[] & { waitFor(topic: SignalEvent['topic'], where?: (data: any) => boolean, timeoutMs?: number): Promise<any> };

/** Collects a connection's signal frames. */
export function signals(conn: WireConnection): SignalLog {
  const seen = [] as unknown as SignalLog;
  conn.on('signal', (s) => seen.push(s));
  seen.waitFor = async (topic, where = () => true, timeoutMs = 3_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = seen.find((s) => s.topic === topic && where(s.data));
      if (found) return found.data;
      if (Date.now() > until) throw new Error(`no ${topic} signal within ${timeoutMs} ms: saw ${seen.map((s) => s.topic).join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return seen;
}

/** A new customer who asks for a call (a new voice contact in `room`, or voice on `contactId`). */
export async function customerCall(server: { port: number }, req: { room?: string; contactId?: string } = { room: 'default' }, conn?: WireConnection) {
  const c = conn ?? (await connect(server));
  const log = record(c);
  const sig = signals(c);
  const reply = await c.request({ type: 'call.request', name: 'Caller', ...req });
  c.setSession(reply.token, Math.max(c.lastSeq, reply.seq));
  return { conn: c, contact: reply.contact, log, sig };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Starts a call server (closing it is the test's job). */
export const startCallServer = (overrides: Partial<ServerConfig> = {}, recordings?: RecordingService) =>
  startTestServer(callConfig(overrides), recordings ? { recordings } : {});
