// A real coturn (Debian's `turnserver`) for browser tests: in the foreground on 127.0.0.1, on a free
// port, with coturn's REST credentials (`use-auth-secret`) under a random secret; ready once it
// answers a STUN Binding request. Its database, pid file and log stay in a temporary directory.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TURN_REALM = 'switchboard.test';
const START_TIMEOUT_MS = 10_000;
/** The tail of coturn's log kept for tests to read (verbose: one line per TURN request, none per media packet). */
const MAX_LOG_CHARS = 500_000;
/** Relay ports come from this range, above the kernel's ephemeral range, where the listening port and the browsers' sockets are. */
const RELAY_PORTS = { min: 61_000, max: 61_999 };

/** A free UDP port on loopback (bound, read, released). */
function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Resolves true once a STUN Binding request to the port gets a reply (RFC 5389: type 0x0001, magic cookie). */
function stunAnswers(port, timeoutMs) {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const request = Buffer.alloc(20);
    request.writeUInt16BE(0x0001, 0);
    request.writeUInt32BE(0x2112a442, 4);
    randomBytes(12).copy(request, 8);
    const done = (ok) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('message', (msg) => done(msg.length >= 20 && msg.readUInt16BE(0) === 0x0101));
    socket.on('error', () => done(false));
    socket.send(request, port, '127.0.0.1');
  });
}

/**
 * Starts turnserver; resolves to `{child, port, secret, urls, stop()}` once it answers STUN. A given
 * port and secret start it again where an earlier one ran (credentials minted for it stay good).
 */
export async function startTurnServer({ port: given, secret: givenSecret } = {}) {
  const port = given ?? (await freeUdpPort());
  const secret = givenSecret ?? randomBytes(18).toString('base64url');
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-turn-'));
  const args = [
    '-n',
    '--listening-ip=127.0.0.1',
    '--relay-ip=127.0.0.1',
    `--listening-port=${port}`,
    `--min-port=${RELAY_PORTS.min}`,
    `--max-port=${RELAY_PORTS.max}`,
    '--allow-loopback-peers',
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    `--realm=${TURN_REALM}`,
    '--no-cli',
    '--no-tls',
    '--no-dtls',
    '--no-tcp-relay',
    `--userdb=${join(dir, 'turndb')}`,
    `--pidfile=${join(dir, 'turnserver.pid')}`,
    '--log-file=stdout',
    '--simple-log',
    '--verbose',
  ];
  const child = spawn('turnserver', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out = (out + chunk).slice(-MAX_LOG_CHARS)));
  child.stderr.on('data', (chunk) => (out = (out + chunk).slice(-MAX_LOG_CHARS)));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const spawnFailed = new Promise((resolve) => child.once('error', (err) => resolve(err)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const until = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const state = await Promise.race([stunAnswers(port, 300), exited.then((e) => ({ exited: e })), spawnFailed.then((err) => ({ err }))]);
    if (state === true) break;
    if (state?.err) {
      await stop();
      throw new Error(`cannot run turnserver: ${state.err.message} (install coturn: apt-get install coturn)`);
    }
    if (state?.exited || Date.now() > until) {
      await stop();
      throw new Error(`turnserver did not start on 127.0.0.1:${port}${state?.exited ? ` (exited ${JSON.stringify(state.exited)})` : ''}:\n${out.slice(-4_000)}`);
    }
  }
  return { child, port, secret, urls: [`turn:127.0.0.1:${port}?transport=udp`], stop, log: () => out };
}
