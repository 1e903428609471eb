/** Returns the agents with `passwordHash` replaced by a cheap hash of the agent's username. */
export function withCheapPasswords<T extends { username: string }>(agents: T[]): (T & { passwordHash: string })[];
