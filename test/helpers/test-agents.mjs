// The demo agents (password = username) re-hashed with a cheap scrypt cost, so that the many logins
// of the tests do not each pay the production cost (OWASP's N=2^17). Used by node and browser tests.
import { randomBytes, scryptSync } from 'node:crypto';

const COST = { N: 1024, r: 8, p: 1 };
const cache = new Map();

/** Returns the agents with `passwordHash` replaced by a cheap hash of the agent's username. */
export function withCheapPasswords(agents) {
  return agents.map((agent) => {
    if (!cache.has(agent.username)) {
      const salt = randomBytes(16);
      const key = scryptSync(agent.username, salt, 32, COST);
      cache.set(agent.username, ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$'));
    }
    return { ...agent, passwordHash: cache.get(agent.username) };
  });
}
