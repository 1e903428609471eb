import { useEffect, useReducer } from 'preact/hooks';
import type { AgentSession } from '../session/agent-session.ts';

/** Re-renders the calling component whenever the session or its store changes. */
export function useSession(session: AgentSession): AgentSession {
  const [, setTick] = useReducer((n: number, _: void) => n + 1, 0);
  useEffect(() => {
    const bump = () => setTick();
    const offs = [session.store.events.on('change', bump), session.events.on('status', bump), session.events.on('connection', bump)];
    bump(); // catch up with changes made before this effect ran
    return () => offs.forEach((off) => off());
  }, [session]);
  return session;
}
