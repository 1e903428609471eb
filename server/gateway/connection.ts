/**
 * One WebSocket connection: validates every inbound frame, dispatches it, replies, and carries
 * the events of the session it is attached to. A bad frame gets a `bad_request` reply and the
 * connection stays open.
 */
import type { WebSocket } from 'ws';
import {
  MAX_FRAME_BYTES,
  assertNever,
  ProtocolError,
  badRequest,
  forbidden,
  notLoggedIn,
  parseRequest,
  type EventFrame,
  type ReplyDataMap,
  type ReplyFrame,
  type RequestFrame,
} from '../../protocol/index.ts';
import { agentView, type AgentDirectory } from '../agents/index.ts';
import type { ServerConfig } from '../config.ts';
import { startOutbound, type Conference, type ContactCenter, type Logger, type WrapUp } from '../contacts/index.ts';
import { startTransfer, type Dispatcher } from '../routing/index.ts';
import type { EventSink, SessionHub } from '../sessions/index.ts';
import type { SessionRecord } from '../store/index.ts';

export interface GatewayDeps {
  hub: SessionHub;
  agents: AgentDirectory;
  contacts: ContactCenter;
  dispatcher: Dispatcher;
  wrapUp: WrapUp;
  conference: Conference;
  config: ServerConfig;
  log: Logger;
}

export class Connection implements EventSink {
  private session: SessionRecord | null = null;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: GatewayDeps,
  ) {
    ws.on('message', (raw, isBinary) => void this.receive(raw as Buffer, isBinary));
    ws.on('close', () => this.detach());
    ws.on('error', (err) => deps.log(`socket error: ${err.message}`));
  }

  sendEvent(frame: EventFrame): void {
    this.send(frame);
  }

  private async receive(raw: Buffer, isBinary: boolean): Promise<void> {
    let re: string | number | null = null;
    try {
      if (isBinary) throw badRequest('binary frames are not accepted');
      let input: unknown;
      try {
        input = JSON.parse(raw.toString('utf8'));
      } catch {
        throw badRequest('frame is not JSON');
      }
      const id = (input as { id?: unknown } | null)?.id;
      if (typeof id === 'string' || typeof id === 'number') re = id;
      if (raw.length > MAX_FRAME_BYTES) throw new ProtocolError('too_large', `frame is over ${MAX_FRAME_BYTES} bytes`);
      const parsed = parseRequest(input);
      if (!parsed.ok) throw badRequest(parsed.message);
      const data = await this.handle(parsed.frame);
      this.send({ re, ok: true, data } satisfies ReplyFrame);
    } catch (err) {
      const error =
        err instanceof ProtocolError ? err.toWire() : { name: 'internal' as const, message: 'internal error' };
      if (!(err instanceof ProtocolError)) this.deps.log(`request failed: ${(err as Error).stack ?? err}`);
      this.send({ re, ok: false, error } satisfies ReplyFrame);
    }
  }

  private async handle(frame: RequestFrame): Promise<ReplyDataMap[RequestFrame['type']]> {
    const { hub, agents, contacts, dispatcher, wrapUp, conference, config } = this.deps;
    switch (frame.type) {
      case 'agent.login': {
        const agent = await agents.authenticate(frame.username, frame.password);
        const session = hub.create('agent', agent.id);
        this.attach(session);
        this.deps.log(`agent ${agent.id} logged in`);
        return { token: session.token, agent: agentView(agent), seq: session.seq };
      }
      case 'resume': {
        const session = hub.get(frame.token);
        if (!session) throw notLoggedIn('session expired or unknown');
        const replay = hub.replay(session, frame.lastSeq);
        this.attach(session);
        // The missed events go out in order before the reply, on this tick: nothing can interleave.
        if (!replay.snapshot) for (const e of replay.events) this.send({ type: 'event', seq: e.seq, topic: e.topic, data: e.data });
        return { kind: session.kind, seq: replay.seq, replayed: replay.snapshot ? 0 : replay.events.length, snapshot: replay.snapshot };
      }
      case 'agent.logout': {
        const session = this.requireAgent();
        this.detach();
        this.session = null;
        hub.endWithNotice(session.token); // the agent's other tabs on this session log out too
        if (hub.connectionCount('agent', session.subjectId) === 0) agents.setState(session.subjectId, 'OFFLINE');
        return {};
      }
      case 'agent.setState':
        return agentView(agents.setState(this.requireAgent().subjectId, frame.state));
      case 'agent.snapshot': {
        const session = this.requireAgent();
        const fresh = hub.get(session.token);
        return {
          agent: agentView(agents.get(session.subjectId)),
          contacts: contacts.agentContacts(session.subjectId),
          dispositions: config.dispositions,
          queues: config.queues.map((q) => ({ id: q.id, name: q.name, skills: q.skills })),
          teams: config.teams.length ? config.teams : [{ id: 'all', name: 'All agents', agents: config.agents.map((a) => a.id) }],
          seq: fresh?.seq ?? 0,
        };
      }
      case 'contact.accept':
        return dispatcher.accept(this.requireAgent().subjectId, frame.contactId);
      case 'contact.decline':
        return dispatcher.decline(this.requireAgent().subjectId, frame.contactId);
      case 'contact.clear':
        dispatcher.clear(this.requireAgent().subjectId, frame.contactId);
        return { id: frame.contactId };
      case 'contact.transfer': {
        const { contactId, type: _t, id: _i, ...request } = frame;
        return startTransfer(contacts, this.requireAgent().subjectId, contactId, request);
      }
      case 'contact.end':
        return contacts.agentEnd(this.requireAgent().subjectId, frame.contactId);
      case 'contact.setDisposition':
        return wrapUp.setDisposition(this.requireAgent().subjectId, frame.contactId, frame.disposition);
      case 'contact.addNote':
        return wrapUp.addNote(this.requireAgent().subjectId, frame.contactId, frame.text);
      case 'contact.complete':
        return wrapUp.complete(this.requireAgent().subjectId, frame.contactId);
      case 'contact.setVariable':
        return wrapUp.setVariable(this.requireAgent().subjectId, frame.contactId, frame.name, frame.value);
      case 'contact.updateNote':
        return wrapUp.updateNote(this.requireAgent().subjectId, frame.contactId, frame.noteId, frame.text);
      case 'contact.replaceNotes':
        return wrapUp.replaceNotes(this.requireAgent().subjectId, frame.contactId, frame.text);
      case 'chat.start':
        if (frame.queue && !contacts.queues.has(frame.queue)) throw new ProtocolError('not_found', `queue ${frame.queue} not found`);
        return startOutbound(contacts, this.requireAgent().subjectId, frame.customerId, frame.queue);
      case 'contact.invite':
        return conference.invite(this.requireAgent().subjectId, frame.contactId, frame.agentId);
      case 'contact.removeParticipant':
        return conference.remove(this.requireAgent().subjectId, frame.contactId, frame.agentId);
      case 'team.members':
        this.requireAgent();
        return { members: dispatcher.teamMembers() };
      case 'chat.init': {
        if (this.session?.kind === 'agent') throw forbidden('agents cannot start customer chats');
        let session = this.session;
        if (!session) {
          const customer = contacts.createCustomer(frame.name);
          session = hub.create('customer', customer.id);
          this.attach(session);
        }
        const started = contacts.startChat(session.subjectId, frame);
        return { token: session.token, ...started, seq: hub.get(session.token)?.seq ?? 0 };
      }
      case 'chat.send': {
        const session = this.requireSession();
        return session.kind === 'agent'
          ? contacts.agentSend(session.subjectId, frame.contactId, frame.text)
          : contacts.customerSend(session.subjectId, frame.contactId, frame.text);
      }
      case 'chat.history': {
        const session = this.requireSession();
        const { contactId, type: _t, id: _i, ...query } = frame;
        return { messages: contacts.history({ kind: session.kind, id: session.subjectId }, contactId, query) };
      }
      case 'chat.searchAgent': {
        const session = this.requireSession();
        if (session.kind !== 'customer') throw forbidden('customer session required');
        const agent = dispatcher.searchAgent(contacts.ownedBy(session.subjectId, frame.contactId), frame.algorithm);
        return { agent: { id: agent.id, name: agent.name, nickname: agent.nickname, providerId: 'switchboard' } };
      }
      case 'chat.close': {
        const session = this.requireSession();
        if (session.kind !== 'customer') throw forbidden('only the customer closes a chat; agents end it with contact.end');
        return contacts.customerClose(session.subjectId, frame.contactId);
      }
      default:
        return assertNever(frame);
    }
  }

  private requireSession(): SessionRecord {
    if (!this.session) throw notLoggedIn();
    return this.session;
  }

  private requireAgent(): SessionRecord {
    const session = this.requireSession();
    if (session.kind !== 'agent') throw forbidden('agent session required');
    return session;
  }

  private attach(session: SessionRecord): void {
    this.detach();
    this.session = session;
    this.deps.hub.attach(session.token, this);
  }

  private detach(): void {
    if (this.session) this.deps.hub.detach(this.session.token, this);
  }

  private send(frame: ReplyFrame | EventFrame): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(frame));
  }
}
