export { SessionHub, type EventSink, type PresenceListener, type ReplayResult } from './hub.ts';
export { Outbox } from './outbox.ts';
