/** UI strings: one catalog per locale; `t(key)` falls back to English. */
const en = {
  'login.title': 'Agent sign-in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.failed': 'Sign-in failed: {reason}',
  'agent.logout': 'Sign out',
  'agent.state': 'Availability',
  'state.ONLINE': 'Online',
  'state.AWAY': 'Away',
  'state.BACK_SOON': 'Back soon',
  'state.OFFLINE': 'Offline',
  'list.empty': 'No interactions',
  'list.pending': 'Incoming',
  'list.accept': 'Accept',
  'chat.placeholder': 'Type a message',
  'chat.send': 'Send',
  'chat.end': 'End chat',
  'chat.complete': 'Complete',
  'chat.none': 'Select an interaction',
  'chat.closedBy.customer': 'The customer left the chat.',
  'chat.closedBy.agent': 'You ended the chat.',
  'interaction.state.queued': 'Queued',
  'interaction.state.offered': 'Ringing',
  'interaction.state.delivered': 'Active',
  'interaction.state.hold': 'On hold',
  'interaction.state.wrap_up': 'Wrap-up',
  'interaction.state.completed': 'Completed',
  'connection.lost': 'Cannot reach the server',
} as const;

export type StringKey = keyof typeof en;

export function t(key: StringKey, params: Record<string, string> = {}): string {
  return en[key].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}
