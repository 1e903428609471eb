import type { HandlerMap } from '../context.ts';
import { chatHandlers } from './chat.ts';
import { contactHandlers } from './contact.ts';
import { sessionHandlers } from './session.ts';
import { callHandlers } from './call.ts';
import { mediaHandlers } from './media.ts';
import { supervisorHandlers } from './supervisor.ts';

/** Every request type's handler, in one typed map. */
export const HANDLERS: HandlerMap = { ...sessionHandlers, ...contactHandlers, ...chatHandlers, ...callHandlers, ...mediaHandlers, ...supervisorHandlers };
