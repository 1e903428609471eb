export { LiveFeed, type FeedSink } from './feed.ts';
export { Watches } from './watches.ts';
