export { ContactCenter, type ChatStart, type Logger } from './contact-center.ts';
export { contactView, listOf } from './views.ts';
