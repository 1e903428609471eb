/** The chat box's words in each language it speaks; the page picks one with `data-locale` or `<html lang>`. */
const EN = {
  title: 'Chat with us',
  open: 'Open the chat',
  minimize: 'Minimize the chat',
  unread: '{n} unread',
  namePlaceholder: 'Your name',
  messagePlaceholder: 'Type a message',
  start: 'Start chat',
  send: 'Send',
  end: 'End',
  waiting: 'Waiting for an agent…',
  calling: 'Calling an agent…',
  withYou: '{name} is with you',
  joined: '{name} joined the chat',
  queue: 'You are number {n} in the queue',
  alone: 'No agent is available right now; please wait or come back later',
  agentLost: 'Your agent was disconnected; finding another…',
  ended: 'The chat has ended',
  cannotStart: 'Cannot start the chat: {error}',
  notSent: 'Not sent: {error}',
  connectionLost: 'Connection lost',
  reconnecting: 'Reconnecting…',
  typing: '{name} is typing…',
  agent: 'The agent',
  bot: 'Assistant',
  earlier: 'Earlier conversation',
  csatTitle: 'How was this chat?',
  csatStar: '{n} of 5',
  csatResolved: 'Was your issue resolved?',
  yes: 'Yes',
  no: 'No',
  csatSend: 'Send',
  csatThanks: 'Thank you for your feedback',
  csatUnavailable: 'Ratings cannot be sent yet: this server does not accept them.',
  csatFailed: 'The rating was not sent: {error}',
  callUs: 'Call us',
  answer: 'Answer',
  decline: 'Decline',
  mute: 'Mute',
  unmute: 'Unmute',
  video: 'Video',
  hangUp: 'Hang up',
  sharingScreen: '● You are sharing your screen',
  stopSharing: 'Stop sharing',
  share: 'Share',
  notNow: 'Not now',
  asksScreen: '{name} asks to see your screen',
  anAgent: 'An agent',
  callingYou: '{name} is calling you',
  callPlacing: 'Calling…',
  onHold: 'On hold',
  onCall: 'On call {time}',
  recorded: ' · recorded',
  audioReconnecting: 'Reconnecting audio…',
  callLost: 'The call was lost',
  callEnded: 'The call has ended',
  callError: 'Call: {error}',
};
export type StringKey = keyof typeof EN;
type Table = Record<StringKey, string>;

const IT: Table = {
  title: 'Chatta con noi',
  open: 'Apri la chat',
  minimize: 'Riduci la chat',
  unread: '{n} non letti',
  namePlaceholder: 'Il tuo nome',
  messagePlaceholder: 'Scrivi un messaggio',
  start: 'Inizia la chat',
  send: 'Invia',
  end: 'Termina',
  waiting: 'In attesa di un operatore…',
  calling: 'Chiamata a un operatore…',
  withYou: '{name} è con te',
  joined: '{name} è entrato nella chat',
  queue: 'Sei il numero {n} in coda',
  alone: 'Nessun operatore è disponibile ora; attendi o torna più tardi',
  agentLost: 'Il tuo operatore si è disconnesso; ne cerchiamo un altro…',
  ended: 'La chat è terminata',
  cannotStart: 'Impossibile iniziare la chat: {error}',
  notSent: 'Non inviato: {error}',
  connectionLost: 'Connessione persa',
  reconnecting: 'Riconnessione…',
  typing: '{name} sta scrivendo…',
  agent: "L'operatore",
  bot: 'Assistente',
  earlier: 'Conversazione precedente',
  csatTitle: 'Com’è andata questa chat?',
  csatStar: '{n} su 5',
  csatResolved: 'Il tuo problema è stato risolto?',
  yes: 'Sì',
  no: 'No',
  csatSend: 'Invia',
  csatThanks: 'Grazie per il tuo giudizio',
  csatUnavailable: 'Non è ancora possibile inviare valutazioni: questo server non le accetta.',
  csatFailed: 'La valutazione non è stata inviata: {error}',
  callUs: 'Chiamaci',
  answer: 'Rispondi',
  decline: 'Rifiuta',
  mute: 'Muto',
  unmute: 'Riattiva audio',
  video: 'Video',
  hangUp: 'Riaggancia',
  sharingScreen: '● Stai condividendo lo schermo',
  stopSharing: 'Interrompi condivisione',
  share: 'Condividi',
  notNow: 'Non ora',
  asksScreen: '{name} chiede di vedere il tuo schermo',
  anAgent: 'Un operatore',
  callingYou: '{name} ti sta chiamando',
  callPlacing: 'Chiamata in corso…',
  onHold: 'In attesa',
  onCall: 'In chiamata {time}',
  recorded: ' · registrata',
  audioReconnecting: 'Riconnessione audio…',
  callLost: 'La chiamata è caduta',
  callEnded: 'La chiamata è terminata',
  callError: 'Chiamata: {error}',
};

const ES: Table = {
  title: 'Chatea con nosotros',
  open: 'Abrir el chat',
  minimize: 'Minimizar el chat',
  unread: '{n} sin leer',
  namePlaceholder: 'Tu nombre',
  messagePlaceholder: 'Escribe un mensaje',
  start: 'Iniciar chat',
  send: 'Enviar',
  end: 'Terminar',
  waiting: 'Esperando a un agente…',
  calling: 'Llamando a un agente…',
  withYou: '{name} está contigo',
  joined: '{name} se unió al chat',
  queue: 'Eres el número {n} en la cola',
  alone: 'No hay agentes disponibles ahora; espera o vuelve más tarde',
  agentLost: 'Tu agente se desconectó; buscamos otro…',
  ended: 'El chat ha terminado',
  cannotStart: 'No se puede iniciar el chat: {error}',
  notSent: 'No enviado: {error}',
  connectionLost: 'Conexión perdida',
  reconnecting: 'Reconectando…',
  typing: '{name} está escribiendo…',
  agent: 'El agente',
  bot: 'Asistente',
  earlier: 'Conversación anterior',
  csatTitle: '¿Qué tal fue este chat?',
  csatStar: '{n} de 5',
  csatResolved: '¿Se resolvió tu problema?',
  yes: 'Sí',
  no: 'No',
  csatSend: 'Enviar',
  csatThanks: 'Gracias por tu opinión',
  csatUnavailable: 'Aún no se pueden enviar valoraciones: este servidor no las acepta.',
  csatFailed: 'La valoración no se envió: {error}',
  callUs: 'Llámanos',
  answer: 'Contestar',
  decline: 'Rechazar',
  mute: 'Silenciar',
  unmute: 'Activar audio',
  video: 'Vídeo',
  hangUp: 'Colgar',
  sharingScreen: '● Estás compartiendo tu pantalla',
  stopSharing: 'Dejar de compartir',
  share: 'Compartir',
  notNow: 'Ahora no',
  asksScreen: '{name} pide ver tu pantalla',
  anAgent: 'Un agente',
  callingYou: '{name} te está llamando',
  callPlacing: 'Llamando…',
  onHold: 'En espera',
  onCall: 'En llamada {time}',
  recorded: ' · grabada',
  audioReconnecting: 'Reconectando el audio…',
  callLost: 'La llamada se perdió',
  callEnded: 'La llamada ha terminado',
  callError: 'Llamada: {error}',
};

const TABLES = { en: EN, it: IT, es: ES } satisfies Record<string, Table>;
export type Language = keyof typeof TABLES;

/** The words of one language: `t('queue', { n: 2 })`. */
export type Translate = (key: StringKey, vars?: Record<string, string | number>) => string;

export interface Locale {
  /** The page's locale tag (for dates and times), e.g. `it-IT`. */
  tag: string;
  /** The strings' language: en, it or es (English for any other). */
  language: Language;
  t: Translate;
}

/** The locale of a chat element: its `data-locale`, else the page's `data-locale`, else `<html lang>`, else English. */
export function pickLocale(root: HTMLElement): Locale {
  const html = document.documentElement;
  const wanted = root.dataset.locale || html.dataset.locale || html.lang || 'en';
  let tag = 'en';
  try {
    tag = Intl.getCanonicalLocales(wanted)[0] ?? 'en';
  } catch {
    // Not a locale tag: English.
  }
  const base = tag.split('-')[0].toLowerCase();
  const language: Language = base in TABLES ? (base as Language) : 'en';
  const table: Table = TABLES[language];
  const t: Translate = (key, vars = {}) => table[key].replace(/\{(\w+)\}/g, (all, name: string) => (name in vars ? String(vars[name]) : all));
  return { tag, language, t };
}
