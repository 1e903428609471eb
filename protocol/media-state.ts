/**
 * Media of a contact as seed 000 describes it: the media transition state (one table, one checked
 * setter in media/), the MediaState of each medium, offers and diffs, and the pure helpers
 * mergeMedia / diffMedia / cloneMedia that both ends use.
 *
 *   const next = mergeMedia(current, { Video: { tx: true } });
 *   const diff = diffMedia(current, next); // { Video: { tx: [false, true], ... } }
 */

/** Media transition state of a contact. */
export const MEDIA_TRANSITION_STATES = [
  'init', // the contact is still being initialized (no local media decided yet)
  'idle', // no transition is in progress
  'offered', // an offer came from the remote and no answer has been sent yet
  'offering', // an offer was sent to the remote and no answer has come yet
  'transiting', // a media transition (devices, tracks, negotiation) is in progress
] as const;
export type MediaTransitionState = (typeof MEDIA_TRANSITION_STATES)[number];

export const MEDIA_TRANSITIONS: Readonly<Record<MediaTransitionState, readonly MediaTransitionState[]>> = {
  init: ['idle'],
  idle: ['offered', 'offering', 'transiting'],
  offered: ['transiting', 'idle'], // -> idle: the offer was declined
  offering: ['transiting', 'idle'], // -> idle: declined, or no answer in time
  transiting: ['idle'],
};
export const canMediaTransition = (from: MediaTransitionState, to: MediaTransitionState): boolean => MEDIA_TRANSITIONS[from].includes(to);

/** The media a contact can carry. */
export const MEDIA_KINDS = ['Chat', 'Voice', 'Video', 'Sharing'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** How a medium travels: over the network (peer to peer or relayed). */
export type MediaVia = 'net';

/** State of one medium: sending (tx), receiving (rx), how, by which engine; `data` is opaque engine data (streams...). */
export interface MediumState {
  tx: boolean;
  rx: boolean;
  via: MediaVia;
  /** Id of the media engine that carries it (`Native` for chat, `WebRTC` for voice, video, sharing). */
  engine: string;
  data?: Record<string, unknown>;
}
export type MediaState = Partial<Record<MediaKind, MediumState>>;
/** A change to some media: only what is given changes. */
export type MediaStatePatch = Partial<Record<MediaKind, Partial<MediumState> | null>>;

/** How much an offer wants one direction of a medium. */
export type OfferLevel = 'required' | 'optional' | 'off';
export interface MediumOffer {
  tx: OfferLevel;
  rx: OfferLevel;
  engine: string;
  via: MediaVia;
}
/** A media offer, from the offering side's point of view (tx: what it will send). */
export type MediaOffer = Partial<Record<MediaKind, MediumOffer>>;

type Field = 'tx' | 'rx' | 'via' | 'engine';
const FIELDS: readonly Field[] = ['tx', 'rx', 'via', 'engine'];
/** What changed per medium: `[before, after]` per field; `added`/`removed` when the whole medium came or went. */
export interface MediumDiff {
  added?: true;
  removed?: true;
  tx?: [boolean | undefined, boolean | undefined];
  rx?: [boolean | undefined, boolean | undefined];
  via?: [MediaVia | undefined, MediaVia | undefined];
  engine?: [string | undefined, string | undefined];
}
export type MediaStateDiff = Partial<Record<MediaKind, MediumDiff>>;

/** The engine each medium uses unless told otherwise. */
export const DEFAULT_MEDIA_ENGINE: Readonly<Record<MediaKind, string>> = { Chat: 'Native', Voice: 'WebRTC', Video: 'WebRTC', Sharing: 'WebRTC' };

/** The current media with a patch applied (null removes a medium); the inputs are not changed. */
export function mergeMedia(current: MediaState, patch: MediaStatePatch): MediaState {
  const out = cloneMedia(current, true);
  for (const kind of MEDIA_KINDS) {
    if (!(kind in patch)) continue;
    const change = patch[kind];
    if (change === null || change === undefined) {
      delete out[kind];
      continue;
    }
    const base: MediumState = out[kind] ?? { tx: false, rx: false, via: 'net', engine: DEFAULT_MEDIA_ENGINE[kind] };
    const merged: MediumState = { ...base };
    for (const f of FIELDS) if (change[f] !== undefined) (merged as unknown as Record<Field, unknown>)[f] = change[f];
    if (change.data !== undefined) merged.data = { ...change.data };
    out[kind] = merged;
  }
  return out;
}

/** What differs between two media states, medium by medium (media that did not change are absent). */
export function diffMedia(before: MediaState, after: MediaState): MediaStateDiff {
  const diff: MediaStateDiff = {};
  for (const kind of MEDIA_KINDS) {
    const a = before[kind];
    const b = after[kind];
    if (!a && !b) continue;
    const d: MediumDiff = {};
    if (!a) d.added = true;
    if (!b) d.removed = true;
    for (const f of FIELDS) {
      if (a?.[f] !== b?.[f]) (d as Record<Field, unknown>)[f] = [a?.[f], b?.[f]];
    }
    if (Object.keys(d).length) diff[kind] = d;
  }
  return diff;
}

/** True when nothing changed. */
export const isEmptyDiff = (diff: MediaStateDiff): boolean => Object.keys(diff).length === 0;

/**
 * A deep copy of a MediaState. With includeData, `data` is copied too, but a value that cannot be
 * cloned (a MediaStream, a function) becomes `true`; without it, `data` is left out.
 */
export function cloneMedia(media: MediaState, includeData: boolean): MediaState {
  const out: MediaState = {};
  for (const kind of MEDIA_KINDS) {
    const m = media[kind];
    if (!m) continue;
    const copy: MediumState = { tx: m.tx, rx: m.rx, via: m.via, engine: m.engine };
    if (includeData && m.data) copy.data = cloneData(m.data);
    out[kind] = copy;
  }
  return out;
}

const MAX_CLONE_DEPTH = 16;
function cloneData(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) out[k] = cloneValue(v, 0);
  return out;
}
function cloneValue(v: unknown, depth: number): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (depth >= MAX_CLONE_DEPTH || typeof v !== 'object') return true;
  if (Array.isArray(v)) return v.map((x) => cloneValue(x, depth + 1));
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return true; // a native object (MediaStream, track)
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = cloneValue(x, depth + 1);
  return out;
}

/** The offer that asks for the given media as they are (on: required, off: off). */
export function offerFromMedia(media: MediaState): MediaOffer {
  const offer: MediaOffer = {};
  for (const kind of MEDIA_KINDS) {
    const m = media[kind];
    if (m) offer[kind] = { tx: m.tx ? 'required' : 'off', rx: m.rx ? 'required' : 'off', engine: m.engine, via: m.via };
  }
  return offer;
}

/**
 * The answering side's media patch for an offer, if it accepts everything it can: it receives what
 * the offerer sends, and sends what the offerer requires to receive.
 */
export function answerForOffer(offer: MediaOffer): MediaStatePatch {
  const patch: MediaStatePatch = {};
  for (const kind of MEDIA_KINDS) {
    const o = offer[kind];
    if (o) patch[kind] = { tx: o.rx === 'required', rx: o.tx !== 'off', engine: o.engine, via: o.via };
  }
  return patch;
}

/**
 * The offering side's patch once the answer came: it sends what it offered and the answerer
 * receives, and receives what the answerer sends.
 */
export function applyAnswer(offer: MediaOffer, answer: MediaStatePatch): MediaStatePatch {
  const patch: MediaStatePatch = {};
  for (const kind of MEDIA_KINDS) {
    const o = offer[kind];
    if (!o) continue;
    const a = answer[kind];
    patch[kind] = { tx: o.tx !== 'off' && !!a?.rx, rx: o.rx !== 'off' && !!a?.tx, engine: o.engine, via: o.via };
  }
  return patch;
}

/** An offer is acceptable to an answer when every required direction is honoured. */
export function answerSatisfies(offer: MediaOffer, answer: MediaStatePatch): boolean {
  return MEDIA_KINDS.every((kind) => {
    const o = offer[kind];
    if (!o) return true;
    const a = answer[kind];
    return (o.tx !== 'required' || !!a?.rx) && (o.rx !== 'required' || !!a?.tx);
  });
}
