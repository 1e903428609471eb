/** A TCP proxy that can cut the link without closing it (see tcp-proxy.mjs). */
export declare class TcpProxy {
  /** Where connections go; may be set after start, before the first connection. */
  targetPort: number;
  readonly port: number;
  /** Connections the server closed while the link was cut, with when, in ms after the cut began. */
  readonly closedByServerDuringCut: number[];
  /** Connections reset on the client's side when the link came back. */
  resetOnRestore: number;
  static start(targetPort: number): Promise<TcpProxy>;
  get isCut(): boolean;
  /** Nothing crosses either way, and no close crosses either, until restore(). */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}
