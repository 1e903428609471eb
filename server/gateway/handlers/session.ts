/** Agent login, logout, state and snapshot; resume of any session. */
import { ProtocolError, notLoggedIn } from '../../../protocol/index.ts';
import { agentView } from '../../agents/index.ts';
import { requireAgent, requireAgentOrigin, requireSession, type HandlerMap } from '../context.ts';

type SessionType = 'agent.login' | 'agent.logout' | 'agent.setState' | 'agent.snapshot' | 'resume';

export const sessionHandlers: Pick<HandlerMap, SessionType> = {
  async 'agent.login'(frame, ctx) {
    requireAgentOrigin(ctx);
    const { login, hub, outbox, log } = ctx.deps;
    const agent = await login.authenticate(frame, ctx.ip); // scrypt or JWT: outside any transaction
    return outbox.run(() => {
      const mine = ctx.session?.kind === 'agent' && ctx.session.subjectId === agent.id ? 1 : 0;
      if (hub.connectionCount('agent', agent.id) - mine > 0 && !frame.force) {
        throw new ProtocolError('already_logged_in', `${agent.username} is logged in elsewhere: log in with force to end that session`);
      }
      if (frame.force && hub.endSessionsOf('agent', agent.id, 'forced')) log(`agent ${agent.id} forced out its other sessions`);
      const { session, seq } = hub.create('agent', agent.id);
      ctx.attach(session);
      log(`agent ${agent.id} logged in`);
      return { token: session.token, agent: agentView(agent), seq };
    });
  },

  resume(frame, ctx) {
    const { hub } = ctx.deps;
    const session = hub.get(frame.token);
    if (!session) throw notLoggedIn('session expired or unknown');
    if (session.kind === 'agent') requireAgentOrigin(ctx);
    const replay = hub.replay(session, frame.lastSeq);
    ctx.attach(session);
    // The missed events go out in order before the reply: nothing can interleave.
    if (!replay.snapshot) for (const e of replay.events) ctx.tell({ type: 'event', seq: e.seq, topic: e.topic, data: e.data });
    return { kind: session.kind, seq: replay.seq, replayed: replay.snapshot ? 0 : replay.events.length, snapshot: replay.snapshot };
  },

  'agent.logout'(_frame, ctx) {
    const session = requireSession(ctx);
    const agentId = requireAgent(ctx);
    const { hub, presence } = ctx.deps;
    ctx.detach();
    hub.endWithNotice(session.token); // the agent's other tabs on this session log out too
    if (hub.connectionCount('agent', agentId) === 0) presence.agentGone(agentId, 'logout');
    return {};
  },

  'agent.setState'(frame, ctx) {
    return agentView(ctx.deps.agents.setState(requireAgent(ctx), frame.state));
  },

  'agent.snapshot'(_frame, ctx) {
    const agentId = requireAgent(ctx);
    const { agents, contacts, config, hub } = ctx.deps;
    return {
      agent: agentView(agents.get(agentId)),
      contacts: contacts.agentContacts(agentId),
      dispositions: config.dispositions,
      queues: config.queues.map((q) => ({ id: q.id, name: q.name, skills: q.skills, requireDisposition: q.requireDisposition })),
      teams: config.teams.length ? config.teams : [{ id: 'all', name: 'All agents', agents: config.agents.map((a) => a.id) }],
      seq: hub.seqOf(requireSession(ctx)),
    };
  },
};
