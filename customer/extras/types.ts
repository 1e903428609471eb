/** What the lazily loaded calls (customer-extras.js) see of the chat SDK, and what they add to it. */
import type { ServerEvent, WireConnection } from '../../protocol/index.ts';
import type { CustomerChat } from '../sdk.ts';
import type { calls } from './index.ts';

/** The SDK's insides a lazily loaded call may use. */
export interface SdkInside {
  sdk: CustomerChat;
  /** The server's origin (customer-voice.js is there). */
  server: string;
  conn: WireConnection;
  /** Handles an event as if the server had sent it (`chat.updated` makes its chat the current one). */
  apply(event: ServerEvent): void;
}

export interface ExtrasModule {
  calls: typeof calls;
}

type Calls = typeof calls;
/** The calls as methods of the SDK: the same arguments, without the insides (`reload` is the SDK's own). */
export type LazyCalls = { [K in Exclude<keyof Calls, 'reload'>]: Calls[K] extends (inside: SdkInside, ...args: infer A) => infer R ? (...args: A) => R : never };
