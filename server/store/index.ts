export * from './records.ts';
export { SqliteStore } from './sqlite-store.ts';
