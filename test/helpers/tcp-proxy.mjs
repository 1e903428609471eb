/**
 * A TCP proxy between clients and the server that can cut the link: while cut, nothing crosses in
 * either direction and no close crosses either (a half-open link: both ends think it is up). When
 * the link comes back, a connection the server closed meanwhile is reset on the client's side (its
 * held data dropped, as the server gave up on it), and any other connection gets what was held and
 * carries on. Connections opened during the cut wait for the link.
 */
import { connect, createServer } from 'node:net';

/** @typedef {{ client: import('node:net').Socket; server: import('node:net').Socket | null; toServer: Buffer[]; toClient: Buffer[]; serverClosed: boolean; clientClosed: boolean }} Link */

export class TcpProxy {
  /** @type {Set<Link>} */
  links = new Set();
  /** @type {number | null} */
  cutSince = null;
  /** Connections the server closed while the link was cut (its heartbeat noticed), with when, in ms after the cut began. @type {number[]} */
  closedByServerDuringCut = [];
  /** Connections reset on the client's side when the link came back. */
  resetOnRestore = 0;

  /** @param {import('node:net').Server} server @param {number} targetPort @param {number} port */
  constructor(server, targetPort, port) {
    this.server = server;
    /** Where connections go; settable before the first one (a proxy made before its server). */
    this.targetPort = targetPort;
    this.port = port;
    server.on('connection', (client) => this.accept(client));
  }

  /** Listens on a free loopback port; `targetPort` may be set later, before the first connection. @param {number} targetPort @returns {Promise<TcpProxy>} */
  static start(targetPort) {
    const server = createServer();
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(new TcpProxy(server, targetPort, /** @type {{port: number}} */ (server.address()).port))));
  }

  get isCut() {
    return this.cutSince !== null;
  }

  cut() {
    this.cutSince = performance.now();
  }

  restore() {
    this.cutSince = null;
    for (const link of [...this.links]) {
      if (!link.server) {
        this.dial(link);
        continue;
      }
      if (link.serverClosed) {
        this.resetOnRestore++;
        link.client.resetAndDestroy();
        this.links.delete(link);
        continue;
      }
      if (link.clientClosed) {
        link.server.destroy();
        this.links.delete(link);
        continue;
      }
      for (const chunk of link.toServer.splice(0)) link.server.write(chunk);
      for (const chunk of link.toClient.splice(0)) link.client.write(chunk);
    }
  }

  /** @returns {Promise<void>} */
  close() {
    for (const link of this.links) {
      link.client.destroy();
      link.server?.destroy();
    }
    this.links.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** @param {import('node:net').Socket} client */
  accept(client) {
    /** @type {Link} */
    const link = { client, server: null, toServer: [], toClient: [], serverClosed: false, clientClosed: false };
    this.links.add(link);
    client.on('error', () => {});
    client.on('data', (chunk) => {
      if (this.isCut || !link.server) link.toServer.push(chunk);
      else link.server.write(chunk);
    });
    client.on('close', () => {
      link.clientClosed = true;
      if (this.isCut) return;
      link.server?.destroy();
      this.links.delete(link);
    });
    if (!this.isCut) this.dial(link);
  }

  /** @param {Link} link */
  dial(link) {
    const server = connect(this.targetPort, '127.0.0.1');
    link.server = server;
    for (const chunk of link.toServer.splice(0)) server.write(chunk); // queued until connected
    server.on('error', () => {});
    server.on('data', (chunk) => {
      if (this.isCut) link.toClient.push(chunk);
      else link.client.write(chunk);
    });
    server.on('close', () => {
      link.serverClosed = true;
      if (this.cutSince !== null) {
        this.closedByServerDuringCut.push(performance.now() - this.cutSince);
        return;
      }
      link.client.destroy();
      this.links.delete(link);
    });
  }
}
