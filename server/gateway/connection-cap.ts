/**
 * Open WebSocket connections per IP address, with a cap: the upgrade past it is refused with
 * HTTP 429. A count of what is open now (taken at the upgrade, given back when the socket closes),
 * not a rate: an address that closes its sockets gets its slots back at once, and one with none
 * open leaves no entry behind.
 */
export class ConnectionCap {
  private readonly open = new Map<string, number>();

  constructor(readonly perIp: number) {}

  /** Takes a slot for `ip`; false when it already holds `perIp`. */
  take(ip: string): boolean {
    const count = this.open.get(ip) ?? 0;
    if (count >= this.perIp) return false;
    this.open.set(ip, count + 1);
    return true;
  }

  release(ip: string): void {
    const count = this.open.get(ip) ?? 0;
    if (count <= 1) this.open.delete(ip);
    else this.open.set(ip, count - 1);
  }
}
