export { ContactCenter, type ChatStart, type ContactCenterOptions, type Logger } from './contact-center.ts';
export { WrapUp } from './wrap-up.ts';
export { Conference } from './conference.ts';
export { contactView, listOf, isMine, messageView, type FileLinker, type Viewer } from './views.ts';
export { startOutbound } from './outbound.ts';
export { newChatContact, queueRouting } from './new-chat.ts';
export { isAgentOfContact, readsConversation } from './contact-access.ts';
export { ChatExchange, messageBody, MAX_ACTIVITY_ENTRIES } from './chat-exchange.ts';
export { ChatIdleWatch, type IdleOptions } from './idle-watch.ts';
