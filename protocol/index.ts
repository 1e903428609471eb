export * from './limits.ts';
export * from './errors.ts';
export * from './states.ts';
export * from './frames.ts';
export * from './model.ts';
export * from './host.ts';
export * from './connection.ts';
export * from './host-agent-state.ts';
