/**
 * Requests of the signed-in agent that the widget has no control for (posting rich content, say),
 * sent as the agent's own: a second socket of the widget's session, opened in the widget's frame
 * (agent sessions only take sockets from the server's own page) and resumed with its token.
 */
import { frame } from './harness.ts';

export function agentWire(widgetUrlPart = '/widget/') {
  const widget = frame(widgetUrlPart);
  /** Sends the requests one after another on that socket; resolves to their replies' data. */
  const run = <T>(bodies: object[]) =>
    widget.eval<T[]>(`(async () => {
      const wire = (window.__sbAgentWire ??= { next: 1, waiting: new Map() });
      const call = (ws, frame) => new Promise((resolve, reject) => {
        const id = wire.next++;
        wire.waiting.set(id, { resolve, reject });
        ws.send(JSON.stringify({ ...frame, id }));
      });
      if (!wire.ws) {
        wire.ws = await new Promise((resolve, reject) => {
          const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/ws');
          ws.onmessage = (e) => {
            const reply = JSON.parse(e.data);
            const waiting = wire.waiting.get(reply.re);
            if (!waiting) return;
            wire.waiting.delete(reply.re);
            reply.ok ? waiting.resolve(reply.data) : waiting.reject(new Error(reply.error.name + ': ' + reply.error.message));
          };
          ws.onopen = () => resolve(ws);
          ws.onerror = reject;
        });
        const saved = JSON.parse(localStorage.getItem('switchboard.session'));
        await call(wire.ws, { type: 'resume', token: saved.token, lastSeq: saved.seq });
      }
      // A few at a time, in order: the server takes 32 waiting requests per socket at most.
      const bodies = ${JSON.stringify(bodies)};
      const replies = [];
      for (let i = 0; i < bodies.length; i += 20) replies.push(...(await Promise.all(bodies.slice(i, i + 20).map((body) => call(wire.ws, body)))));
      return replies;
    })()`);
  return {
    /** Sends one request; resolves to its reply's data, or rejects with the server's error. */
    request: async <T = any>(body: object) => (await run<T>([body]))[0]!,
    /** Sends several (twenty at a time, each group in order of sending). */
    requests: <T = any>(bodies: object[]) => run<T>(bodies),
  };
}
