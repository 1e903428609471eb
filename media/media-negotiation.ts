/**
 * Seed 000's media state of one contact: the transition state (one checked setter over
 * MEDIA_TRANSITIONS), the MediaState of each medium, offers answered by the remote's `mediaoffer`
 * handler, and transitions whose effects (devices, tracks) the contact applies.
 */
import {
  answerForOffer,
  answerSatisfies,
  applyAnswer,
  canMediaTransition,
  cloneMedia,
  diffMedia,
  isEmptyDiff,
  mergeMedia,
  offerFromMedia,
  MEDIA_KINDS,
  type MediaKind,
  type MediaOffer,
  type MediaState,
  type MediaStateDiff,
  type MediaStatePatch,
  type MediaTransitionState,
} from '../protocol/index.ts';
import { MediaError, invalidArgs, invalidState } from './errors.ts';
import type { RpcEndpoint } from './rpc.ts';

export interface TransitOptions {
  /**
   * The transition was asked for by the remote party: it answers the remote's offer that is
   * waiting (media state `offered`), with the media it reaches. Without it a transition needs the
   * state `idle`.
   */
  wasOffered?: boolean;
  /**
   * The transition restores an earlier media state (after a reload or a re-attach): best effort,
   * medium by medium, and a shared screen is not re-opened (only the user may pick it again).
   * Without it a transition is all or nothing.
   */
  restore?: boolean;
}
export type MediaOfferAnswer = (err: unknown, answer?: MediaStatePatch) => void;

export interface NegotiationHooks {
  /** Makes `next` real (devices, tracks) and returns the media actually reached. */
  apply(next: MediaState, prev: MediaState, opts: TransitOptions): Promise<MediaState>;
  /** Tells the remote our media changed (so its rx follows our tx). */
  announce(media: MediaState): void;
  mediaoffer(offer: MediaOffer, answer: MediaOfferAnswer): boolean;
  mediachange(media: MediaState, diff: MediaStateDiff): void;
  mediastate(state: MediaTransitionState, from: MediaTransitionState): void;
  log(line: string): void;
}

export const OFFER_RPC = 'sb.offer';
/** The answer a transition gives to an offer: per medium offered, what it reached. */
function answerFromMedia(offer: MediaOffer, reached: MediaState): MediaStatePatch {
  const answer: MediaStatePatch = {};
  for (const kind of MEDIA_KINDS) if (offer[kind]) answer[kind] = { tx: !!reached[kind]?.tx, rx: !!reached[kind]?.rx };
  return answer;
}

/** How long an offer waits for the remote's answer, and the remote's handler for the user's answer. */
export const MEDIA_OFFER_TIMEOUT_MS = 30_000;

/** The remote's offer waiting for its answer: accepted by transiting to `next`. */
interface PendingOffer {
  accept(next: MediaState, opts: TransitOptions): Promise<MediaState>;
}

export class MediaNegotiation {
  private state: MediaTransitionState = 'init';
  private media: MediaState = { Chat: { tx: true, rx: true, via: 'net', engine: 'Native' } };
  private pending: PendingOffer | null = null;

  constructor(
    private readonly rpc: RpcEndpoint,
    private readonly hooks: NegotiationHooks,
    private readonly offerTimeoutMs = MEDIA_OFFER_TIMEOUT_MS,
  ) {
    rpc.handle(OFFER_RPC, (data, cb) => this.answerOffer(data as MediaOffer, cb));
  }

  get mediaState(): MediaTransitionState {
    return this.state;
  }

  /** init -> idle, once the contact can carry media. */
  ready(): void {
    if (this.state === 'init') this.setState('idle');
  }

  getMedia(clone: boolean): MediaState {
    return clone ? cloneMedia(this.media, false) : this.media;
  }

  getMediaOffer(): MediaOffer {
    return offerFromMedia(this.media);
  }

  /** Sends an offer, waits for the answer and, if it honours the offer, transits; resolves to the answer. */
  async offerMedia(offer: MediaOffer): Promise<MediaStatePatch> {
    this.require('offerMedia', 'idle');
    if (!offer || typeof offer !== 'object' || !Object.keys(offer).every((k) => (MEDIA_KINDS as readonly string[]).includes(k))) throw invalidArgs('an offer maps Chat, Voice, Video or Sharing to {tx, rx, engine, via}');
    this.setState('offering');
    let answer: MediaStatePatch;
    try {
      answer = (await this.rpc.request(OFFER_RPC, offer, this.offerTimeoutMs)) as MediaStatePatch;
    } catch (err) {
      this.setState('idle');
      throw err;
    }
    if (!answer || typeof answer !== 'object' || !answerSatisfies(offer, answer)) {
      this.setState('idle');
      throw new MediaError('declined', 'the remote did not accept the offer');
    }
    await this.run(mergeMedia(this.media, applyAnswer(offer, answer)), {});
    return answer;
  }

  /** Transits from `current` to the complete state `next` (media not in `next` are turned off). */
  async transitMedia(current: MediaState, next: MediaState, opts: TransitOptions = {}): Promise<MediaState> {
    this.requireFor('transitMedia', opts);
    const diff = diffMedia(current, next);
    // Media missing from `next` are turned off; `current` says where we start from.
    const patch: MediaStatePatch = {};
    for (const kind of MEDIA_KINDS) if (diff[kind]) patch[kind] = next[kind] ?? null;
    return this.transit(mergeMedia(this.media, patch), opts);
  }

  /** Transits to the current media with `patch` applied: what is not named keeps its value. */
  async mergeAndTransitMedia(patch: MediaStatePatch, opts: TransitOptions = {}): Promise<MediaState> {
    this.requireFor('mergeAndTransitMedia', opts);
    return this.transit(mergeMedia(this.media, patch), opts);
  }

  /** The remote's media: what it sends is what we receive (no devices change here). */
  applyRemote(remote: MediaState): void {
    const patch: MediaStatePatch = {};
    for (const kind of ['Video', 'Sharing'] as const satisfies MediaKind[]) {
      const rx = !!remote[kind]?.tx;
      if (!!this.media[kind]?.rx !== rx) patch[kind] = { rx };
    }
    if (Object.keys(patch).length) this.commit(mergeMedia(this.media, patch));
  }

  /** Changes the media outside a transition (a track ended by itself). */
  commit(next: MediaState, announce = false): void {
    const diff = diffMedia(this.media, next);
    if (isEmptyDiff(diff)) return;
    this.media = next;
    this.hooks.mediachange(cloneMedia(next, true), diff);
    if (announce) this.hooks.announce(cloneMedia(next, false));
  }

  /** A transition asked for here, or (wasOffered) the answer to the remote's waiting offer. */
  private transit(next: MediaState, opts: TransitOptions): Promise<MediaState> {
    if (!opts.wasOffered) return this.run(next, opts);
    const pending = this.pending!;
    return pending.accept(next, opts);
  }

  private async run(next: MediaState, opts: TransitOptions): Promise<MediaState> {
    const prev = this.media;
    this.setState('transiting');
    try {
      const reached = await this.hooks.apply(next, prev, opts);
      this.commit(reached, true);
    } finally {
      this.setState('idle');
    }
    return cloneMedia(this.media, true);
  }

  private answerOffer(offer: MediaOffer, cb: (err: unknown, answer?: unknown) => void): void {
    if (this.state !== 'idle') return cb(invalidState(`an offer came while the media state is ${this.state}`));
    this.setState('offered');
    let done = false;
    const settle = () => {
      if (done) return false;
      done = true;
      clearTimeout(timer);
      this.pending = null;
      return true;
    };
    const decline = (err: unknown) => {
      if (!settle()) return;
      this.setState('idle');
      cb(err);
    };
    const timer = setTimeout(() => decline(new MediaError('timeout', 'the offer was not answered in time')), this.offerTimeoutMs);
    // The handler's answer, or a transition with wasOffered: the remote hears what was reached (or why not).
    const accept = async (next: MediaState, opts: TransitOptions, answer?: MediaStatePatch): Promise<MediaState> => {
      if (!settle()) throw invalidState('the offer was answered already');
      try {
        const reached = await this.run(next, { ...opts, wasOffered: true });
        cb(null, answer ?? answerFromMedia(offer, reached));
        return reached;
      } catch (err) {
        cb(err);
        throw err;
      }
    };
    this.pending = { accept };
    const finish: MediaOfferAnswer = (err, answer) => {
      if (err || !answer) return decline(err ?? new MediaError('declined', 'offer declined'));
      accept(mergeMedia(this.media, answer), {}, answer).catch(() => {});
    };
    // Without a `mediaoffer` handler the contact accepts what it can (receives what is sent, sends what is required).
    try {
      if (!this.hooks.mediaoffer(offer, finish)) finish(null, answerForOffer(offer));
    } catch (err) {
      finish(err); // a throwing handler declines (and the state goes back to idle)
    }
  }

  /** A transition needs the state idle; one that answers an offer (wasOffered) needs an offer waiting. */
  private requireFor(what: string, opts: TransitOptions): void {
    if (!opts.wasOffered) return this.require(what, 'idle');
    if (this.state !== 'offered' || !this.pending) throw invalidState(`${what} with wasOffered answers the remote's offer: none is waiting (the media state is ${this.state})`);
  }

  private require(what: string, state: MediaTransitionState): void {
    if (this.state !== state) throw invalidState(`${what} needs the media state ${state}, it is ${this.state}`);
  }

  /** The one setter of the media transition state, checked against MEDIA_TRANSITIONS. */
  private setState(to: MediaTransitionState): void {
    const from = this.state;
    if (from === to) return;
    if (!canMediaTransition(from, to)) throw invalidState(`media state cannot go from ${from} to ${to}`);
    this.state = to;
    this.hooks.log(`media ${from} -> ${to}`);
    this.hooks.mediastate(to, from);
  }
}
