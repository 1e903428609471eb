/** Host API, Switchboard's chat additions: links, actions and rich content through the contact facade, and the time to respond. */
import * as v from 'valibot';
import { MAX_TTR_SECONDS, StructuredContent, TTR_TYPES, invalidArgs, type TtrType, type WidgetHostApi } from '../../../protocol/index.ts';
import { isWebUrl } from '../../session/agent-contact.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { str, type Results } from './results.ts';

type Methods = Pick<WidgetHostApi, 'sendChatLink' | 'sendChatAction' | 'sendRichContent' | 'setTTR' | 'setManualETTR'>;

const ACTION_CODE = /^[\w.:-]{1,64}$/;

export function chatMethods(session: AgentSession, r: Results): Methods {
  return {
    sendChatLink: (url, description, id) =>
      r.withInteraction(id, async (i) => {
        if (!isWebUrl(str(url, 'url'))) throw invalidArgs('url must be an http or https URL');
        if (description !== undefined && description !== null) str(description, 'description');
        await session.contact(i).sendLink(url, description ?? undefined);
      }),
    sendChatAction: (code, args, id) =>
      r.withInteraction(id, async (i) => {
        if (!ACTION_CODE.test(str(code, 'code'))) throw invalidArgs('code: letters, digits, . : _ - (64 at most)');
        if (args !== undefined && !Array.isArray(args)) throw invalidArgs('args must be an array');
        await session.contact(i).sendAction(code, args);
      }),
    sendRichContent: (content, id) =>
      r.withInteraction(id, async (i) => {
        const parsed = v.safeParse(StructuredContent, content);
        if (!parsed.success) throw invalidArgs(`content: ${parsed.issues.map((issue) => `${v.getDotPath(issue) ?? ''} ${issue.message}`.trim()).join('; ')}`);
        await session.contact(i).sendRich(parsed.output);
      }),
    setTTR: (ttrType, value, id) =>
      r.withInteraction(id, async (i) => {
        if (!TTR_TYPES.includes(ttrType as TtrType)) throw invalidArgs(`ttrType is one of ${TTR_TYPES.join(', ')}`);
        if (value !== undefined && value !== null && !(Number.isInteger(value) && value > 0 && value <= MAX_TTR_SECONDS)) throw invalidArgs(`value is whole seconds, 1 to ${MAX_TTR_SECONDS}`);
        await session.actions.setTtr(i, ttrType, ttrType === 'CUSTOM' ? (value ?? undefined) : undefined);
      }),
    setManualETTR: (time, id) =>
      r.withInteraction(id, async (i) => {
        if (time !== null && !(Number.isInteger(time) && time > 0)) throw invalidArgs('time is a deadline in ms since epoch, or null');
        await session.actions.setManualETTR(i, time);
      }),
  };
}
