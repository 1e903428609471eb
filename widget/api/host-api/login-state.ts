/** Whether the agent is logged in, as the host hears it (getLoginState, ON_LOGIN). */
import type { LoginStateData } from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';

/** A public name of the session (never its token): the host may log it, show it, compare it. */
async function sessionId(token: string): Promise<string> {
  const text = `switchboard-session-id:${token}`;
  let bytes: Uint8Array;
  if (crypto.subtle) bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  else {
    // Not a secure context (plain http off loopback): three FNV-1a rounds are name enough.
    bytes = new Uint8Array(12);
    for (let round = 0; round < 3; round++) {
      let h = 0x811c9dc5 ^ round;
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      new DataView(bytes.buffer).setUint32(round * 4, h >>> 0);
    }
  }
  return [...bytes.slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function loginState(session: AgentSession): Promise<LoginStateData> {
  const { agent } = session.store;
  const token = session.link.conn.token;
  if (session.status !== 'logged_in' || !agent || !token) return { isLoggedIn: false };
  return { isLoggedIn: true, agentId: agent.id, username: agent.username, sessionId: await sessionId(token) };
}
