import type { HandlerMap } from '../context.ts';
import { chatHandlers } from './chat.ts';
import { contactHandlers } from './contact.ts';
import { sessionHandlers } from './session.ts';

/** Every request type's handler, in one typed map. */
export const HANDLERS: HandlerMap = { ...sessionHandlers, ...contactHandlers, ...chatHandlers };
