/**
 * Server memory with idle WebSocket sessions: a server in its own process, 10,000 sockets each
 * holding a customer session, then its VmRSS. chat.init starts the session; the socket then
 * closes that chat, so that the figure is sockets and sessions rather than 10,000 waiting chats
 * (and because each chat.init runs a routing pass over the whole queue, 10,000 queued chats take
 * the server minutes to set up).
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { spawnServer } from './spawn-server.ts';

const SESSIONS = 10_000;
const CONCURRENCY = 50;
const SETTLE_MS = 2_000;

/** Opens a socket, starts a customer session with a chat and closes the chat; resolves with the open socket. */
function customerSession(port: number, i: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    const send = (frame: object) => ws.send(JSON.stringify(frame));
    ws.once('open', () => send({ id: 1, type: 'chat.init', room: 'default', name: `Customer ${i}` }));
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw));
      if (frame.re !== 1 && frame.re !== 2) return; // events are read and dropped
      if (!frame.ok) return reject(new Error(`request ${frame.re} refused: ${frame.error?.name} ${frame.error?.message}`));
      if (frame.re === 1) send({ id: 2, type: 'chat.close', contactId: frame.data.contact.id });
      else resolve(ws);
    });
    ws.once('error', reject);
  });
}

/** The soft limit on open files of a process (both ends hold one descriptor per socket). */
function openFilesLimit(pid: number | 'self'): number {
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  return !match || match[1] === 'unlimited' ? Infinity : Number(match[1]);
}

export async function sessionsMemory(sessions = SESSIONS): Promise<Record<string, number>> {
  const server = await spawnServer();
  const sockets: WebSocket[] = [];
  try {
    const limit = Math.min(openFilesLimit('self'), openFilesLimit(server.pid));
    if (limit < sessions + 1_000) throw new Error(`sessions bench: open files limit ${limit} is too low for ${sessions} sockets (raise ulimit -n)`);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const baseMb = server.rssMb();
    let next = 0;
    const lane = async () => {
      while (next < sessions) sockets.push(await customerSession(server.port, next++));
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const open = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
    if (open !== sessions) throw new Error(`sessions bench: only ${open} of ${sessions} sockets still open`);
    return {
      ws_sessions_rss_mb: Math.round(server.rssMb()),
      ws_sessions_rss_base_mb: Math.round(baseMb),
      ws_sessions_n: open,
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    await server.stop();
  }
}
