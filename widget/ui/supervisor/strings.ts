/**
 * The supervisor view's strings (en, it, es): they load with its chunk, not with widget.js. The
 * language is the one the widget picked (i18n/index.ts sets it on the document).
 */
const en = {
  title: 'Supervisor',
  agents: 'Agents',
  queues: 'Queues',
  agent: 'Agent',
  state: 'State',
  inState: 'For',
  chats: 'Chats',
  queue: 'Queue',
  waiting: 'Waiting',
  longest: 'Longest wait',
  none: '—',
  noChats: 'No chats in progress',
  watch: 'Watch',
  watching: 'Watching',
  whisper: 'Whisper',
  intervene: 'Intervene',
  stop: 'Stop watching',
  close: 'Close',
  ended: 'No longer watched: the chat ended or you joined it.',
  readOnly: 'Read-only: the customer does not see you. Whispers go to the agents only.',
  whisperTo: 'Whisper to {agent}…',
  send: 'Send',
  private: 'private',
  handledBy: '{queue} · with {agent}',
  unassigned: 'waiting in queue',
  summary: '{online} online · {chats} chats · {waiting} waiting',
  supervisor: 'supervisor',
  'host.ready': 'Ready',
  'host.not_ready': 'Not ready',
  'host.busy': 'Busy',
  'host.after_call_work': 'Wrap-up',
  'host.reserved': 'Offered',
  'host.ringing': 'Ringing',
  'host.supervising': 'Supervising',
  'host.offline': 'Offline',
  loading: 'Loading…',
};
export type SupervisorStringKey = keyof typeof en;
type Catalog = Record<SupervisorStringKey, string>;

const it: Catalog = {
  title: 'Supervisore',
  agents: 'Agenti',
  queues: 'Code',
  agent: 'Agente',
  state: 'Stato',
  inState: 'Da',
  chats: 'Chat',
  queue: 'Coda',
  waiting: 'In attesa',
  longest: 'Attesa massima',
  none: '—',
  noChats: 'Nessuna chat in corso',
  watch: 'Osserva',
  watching: 'Osservando',
  whisper: 'Suggerisci',
  intervene: 'Intervieni',
  stop: 'Smetti di osservare',
  close: 'Chiudi',
  ended: 'Non più osservata: la chat è finita o vi sei entrato.',
  readOnly: 'Sola lettura: il cliente non ti vede. I suggerimenti vanno solo agli agenti.',
  whisperTo: 'Suggerisci a {agent}…',
  send: 'Invia',
  private: 'privato',
  handledBy: '{queue} · con {agent}',
  unassigned: 'in coda',
  summary: '{online} online · {chats} chat · {waiting} in attesa',
  supervisor: 'supervisore',
  'host.ready': 'Pronto',
  'host.not_ready': 'Non pronto',
  'host.busy': 'Occupato',
  'host.after_call_work': 'Chiusura',
  'host.reserved': 'Offerta',
  'host.ringing': 'Squilla',
  'host.supervising': 'Supervisiona',
  'host.offline': 'Offline',
  loading: 'Caricamento…',
};

const es: Catalog = {
  title: 'Supervisor',
  agents: 'Agentes',
  queues: 'Colas',
  agent: 'Agente',
  state: 'Estado',
  inState: 'Desde hace',
  chats: 'Chats',
  queue: 'Cola',
  waiting: 'En espera',
  longest: 'Espera máxima',
  none: '—',
  noChats: 'No hay chats en curso',
  watch: 'Observar',
  watching: 'Observando',
  whisper: 'Susurrar',
  intervene: 'Intervenir',
  stop: 'Dejar de observar',
  close: 'Cerrar',
  ended: 'Ya no se observa: el chat terminó o te uniste a él.',
  readOnly: 'Solo lectura: el cliente no te ve. Los susurros van solo a los agentes.',
  whisperTo: 'Susurrar a {agent}…',
  send: 'Enviar',
  private: 'privado',
  handledBy: '{queue} · con {agent}',
  unassigned: 'en cola',
  summary: '{online} en línea · {chats} chats · {waiting} en espera',
  supervisor: 'supervisor',
  'host.ready': 'Disponible',
  'host.not_ready': 'No disponible',
  'host.busy': 'Ocupado',
  'host.after_call_work': 'Cierre',
  'host.reserved': 'Ofrecido',
  'host.ringing': 'Sonando',
  'host.supervising': 'Supervisando',
  'host.offline': 'Desconectado',
  loading: 'Cargando…',
};

const CATALOGS: Record<string, Catalog> = { en, it, es };

/** A string of the supervisor view in the widget's language, with `{name}` parameters filled in. */
export function st(key: SupervisorStringKey, params: Record<string, string> = {}): string {
  const catalog = CATALOGS[document.documentElement.lang.slice(0, 2)] ?? en;
  return catalog[key].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

/** A duration as m:ss, or h:mm:ss from an hour. */
export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
