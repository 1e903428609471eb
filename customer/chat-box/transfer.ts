/**
 * A transfer as the shopper sees it: a line saying who they are being transferred to, the
 * header keeping the agent they had (not "Chat with us"), no queue position meanwhile; then the
 * new agent's join, or their agent again when nobody took the chat.
 */
import type { CustomerChatView } from '../../protocol/index.ts';
import type { Translate } from './strings.ts';

type Agent = { id: string; name: string; nickname?: string };

/** The line that says where the chat is going. */
export const transferLine = (transfer: NonNullable<CustomerChatView['transfer']>, t: Translate) =>
  transfer.to ? t('transferringTo', { name: transfer.to.name }) : t('transferring');

export function followTransfers(t: Translate, notice: (line: string) => void) {
  /** The agent the chat is being transferred from, while it is. */
  let from: string | null = null;
  return {
    /**
     * A new state of the chat: the status line while it is transferred (else null), and the agent
     * the header shows (the one transferring it, meanwhile).
     */
    update(chat: CustomerChatView): { status: string | null; agent: Agent | null } {
      if (chat.transfer) {
        from = chat.transfer.from.id;
        return { status: transferLine(chat.transfer, t), agent: chat.agent ?? chat.transfer.from };
      }
      // Nobody took it: it came back to the agent who sent it.
      if (from && chat.state === 'delivered' && chat.agent?.id === from) notice(t('withYouAgain', { name: chat.agent.nickname }));
      if (chat.state === 'delivered' || !chat.agent) from = null;
      return { status: null, agent: chat.agent };
    },
    /** Whether the chat is being transferred now (queue positions are not the shopper's then). */
    get active() {
      return from !== null;
    },
  };
}
