/**
 * How an agent proves who they are: a password (throttled, scrypt, the same cost for an unknown
 * username) or a JWT from the CRM's identity provider (single sign-on). Only agents in the
 * current config can log in.
 */
import { ProtocolError, invalidArgs, type RequestOf } from '../../protocol/index.ts';
import { JwtVerifier, LoginGuard, verifyNobody, verifyPassword, type JwtTrust } from '../auth/index.ts';
import type { AgentRecord } from '../store/index.ts';
import type { AgentDirectory } from './agent-directory.ts';

export interface SsoConfig extends JwtTrust {
  /** The claim that names the agent (its username or id). */
  usernameClaim: string;
}

const refused = () => new ProtocolError('invalid_credentials', 'unknown user or wrong password');

export class AgentLogin {
  private readonly sso: JwtVerifier | null;

  constructor(
    private readonly agents: AgentDirectory,
    private readonly guard: LoginGuard,
    private readonly ssoConfig: SsoConfig | undefined,
  ) {
    this.sso = ssoConfig ? new JwtVerifier(ssoConfig) : null;
  }

  async authenticate(frame: RequestOf<'agent.login'>, ip: string): Promise<AgentRecord> {
    if (frame.token !== undefined) return this.withToken(frame.token);
    if (frame.username === undefined || frame.password === undefined) throw invalidArgs('log in with username and password, or with a token');
    const { username, password } = frame;
    const agent = this.agents.byUsername(username);
    const like = [...this.agents.all()][0]?.passwordHash;
    const ok = await this.guard.attempt(username, ip, () => (agent ? verifyPassword(password, agent.passwordHash) : verifyNobody(password, like)));
    if (!agent || !ok) throw refused();
    return agent;
  }

  private async withToken(token: string): Promise<AgentRecord> {
    if (!this.sso || !this.ssoConfig) throw new ProtocolError('invalid_credentials', 'single sign-on is not configured on this server');
    const claims = await this.sso.verify(token);
    const name = claims[this.ssoConfig.usernameClaim];
    const agent = typeof name === 'string' ? this.agents.byUsername(name) : undefined;
    if (!agent) throw new ProtocolError('invalid_credentials', `no agent ${String(name)} in the config`);
    return agent;
  }
}
