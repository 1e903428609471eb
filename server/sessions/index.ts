export { SessionHub, type EventSink, type ReplayResult } from './hub.ts';
