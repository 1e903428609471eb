export { AgentDirectory, agentView, type AgentStateListener } from './agent-directory.ts';
export { AgentLogin, type SsoConfig } from './agent-login.ts';
