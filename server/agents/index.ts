export { AgentDirectory, agentView, type AgentStateListener } from './agent-directory.ts';
