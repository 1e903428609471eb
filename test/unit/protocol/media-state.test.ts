import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MEDIA_TRANSITION_STATES,
  MEDIA_TRANSITIONS,
  answerForOffer,
  answerSatisfies,
  applyAnswer,
  canMediaTransition,
  cloneMedia,
  diffMedia,
  isEmptyDiff,
  mergeMedia,
  offerFromMedia,
  type MediaState,
} from '../../../protocol/index.ts';

const chat = { tx: true, rx: true, via: 'net', engine: 'Native' } as const;
const voice = { tx: true, rx: true, via: 'net', engine: 'WebRTC' } as const;

describe('media transition table', () => {
  it('names only known states; every state but init is reachable and init is left only for idle', () => {
    const reached = new Set(Object.values(MEDIA_TRANSITIONS).flat());
    for (const to of reached) assert.ok(MEDIA_TRANSITION_STATES.includes(to));
    assert.deepEqual(MEDIA_TRANSITION_STATES.filter((s) => !reached.has(s)), ['init']);
    assert.deepEqual(MEDIA_TRANSITIONS.init, ['idle']);
  });

  it('allows an offer or a transition only from idle, and every busy state returns to idle', () => {
    for (const busy of ['offered', 'offering', 'transiting'] as const) {
      assert.equal(canMediaTransition('idle', busy), true);
      assert.equal(canMediaTransition(busy, 'idle'), true);
      assert.equal(canMediaTransition('init', busy), false);
    }
    assert.equal(canMediaTransition('offered', 'offering'), false);
    assert.equal(canMediaTransition('transiting', 'offered'), false);
  });
});

describe('mergeMedia', () => {
  it('adds a medium with defaults, keeps the others, and does not touch its inputs (seed 000 example)', () => {
    const current: MediaState = { Sharing: { tx: true, rx: true, via: 'net', engine: 'Native' }, Chat: { ...chat } };
    const before = structuredClone(current);
    const merged = mergeMedia(current, { Voice: { ...voice } });
    assert.deepEqual(merged, { Sharing: current.Sharing, Chat: chat, Voice: voice });
    assert.deepEqual(current, before);
    assert.deepEqual(mergeMedia({}, { Video: { tx: true } }), { Video: { tx: true, rx: false, via: 'net', engine: 'WebRTC' } });
  });

  it('changes only the fields given, and null removes a medium', () => {
    const merged = mergeMedia({ Chat: { ...chat }, Voice: { ...voice } }, { Voice: { rx: false }, Chat: null });
    assert.deepEqual(merged, { Voice: { ...voice, rx: false } });
  });
});

describe('diffMedia', () => {
  it('reports changed fields as [before, after], added and removed media, and nothing for equal states', () => {
    const a: MediaState = { Chat: { ...chat }, Voice: { ...voice } };
    const b: MediaState = { Chat: { ...chat }, Voice: { ...voice, tx: false }, Video: { tx: true, rx: false, via: 'net', engine: 'WebRTC' } };
    assert.deepEqual(diffMedia(a, b), {
      Voice: { tx: [true, false] },
      Video: { added: true, tx: [undefined, true], rx: [undefined, false], via: [undefined, 'net'], engine: [undefined, 'WebRTC'] },
    });
    assert.deepEqual(diffMedia(b, a).Video?.removed, true);
    assert.equal(isEmptyDiff(diffMedia(a, structuredClone(a))), true);
  });
});

describe('cloneMedia', () => {
  it('leaves data out unless asked, and replaces what cannot be cloned by true', () => {
    class Stream {}
    const media: MediaState = { Voice: { ...voice, data: { stream: new Stream(), ids: ['a'], nested: { n: 1, fn: () => 1 } } } };
    assert.deepEqual(cloneMedia(media, false), { Voice: voice });
    const cloned = cloneMedia(media, true);
    assert.deepEqual(cloned.Voice?.data, { stream: true, ids: ['a'], nested: { n: 1, fn: true } });
    (cloned.Voice!.data!.ids as string[]).push('b');
    assert.deepEqual(media.Voice?.data?.ids, ['a']);
  });
});

describe('offers and answers', () => {
  it('an offer from media, the default answer mirrors it, and the offerer applies the answer', () => {
    const offer = offerFromMedia({ Video: { tx: true, rx: false, via: 'net', engine: 'WebRTC' } });
    assert.deepEqual(offer, { Video: { tx: 'required', rx: 'off', engine: 'WebRTC', via: 'net' } });
    const answer = answerForOffer(offer);
    assert.deepEqual(answer, { Video: { tx: false, rx: true, engine: 'WebRTC', via: 'net' } });
    assert.equal(answerSatisfies(offer, answer), true);
    assert.deepEqual(applyAnswer(offer, answer), { Video: { tx: true, rx: false, engine: 'WebRTC', via: 'net' } });
  });

  it('an answer that refuses a required direction does not satisfy the offer', () => {
    const offer = { Voice: { tx: 'required', rx: 'required', engine: 'WebRTC', via: 'net' } } as const;
    assert.equal(answerSatisfies(offer, { Voice: { tx: false, rx: true } }), false);
    assert.equal(answerSatisfies({ Voice: { ...offer.Voice, rx: 'optional' } }, { Voice: { tx: false, rx: true } }), true);
  });
});
