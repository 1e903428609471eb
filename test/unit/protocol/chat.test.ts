/** The structured-content schema and the helpers of protocol/chat.ts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as v from 'valibot';
import { PostedContent, StructuredContent, contentChars, contentText, parseRequest, ttrEffective } from '../../../protocol/index.ts';

describe('chat protocol', () => {
  it('accepts rich content with cards, buttons and quick replies, and refuses unsafe or malformed parts', () => {
    const rich = {
      elements: [
        { type: 'text', text: 'Hello', style: 'title' },
        { type: 'image', url: 'https://cdn.example.com/a.png', alt: 'A' },
        { type: 'card', title: 'Plan', subtitle: 'Monthly', buttons: [{ type: 'postback', title: 'Buy', payload: 'buy:1' }, { type: 'link', title: 'More', url: 'https://example.com' }] },
        { type: 'buttons', buttons: [{ type: 'postback', title: 'Yes', payload: 'y' }] },
      ],
      quickReplies: [{ type: 'postback', title: 'No', payload: 'n' }],
    };
    assert.equal(v.safeParse(StructuredContent, rich).success, true);
    const bad = [
      { elements: [{ type: 'image', url: 'javascript:alert(1)' }] },
      { elements: [{ type: 'buttons', buttons: [] }] },
      { elements: [{ type: 'video', url: 'https://x' }] },
      { elements: [], quickReplies: [{ type: 'link', title: 'x', url: 'https://x' }] }, // quick replies post back
      { elements: Array.from({ length: 51 }, () => ({ type: 'text', text: 'x' })) },
    ];
    for (const content of bad) assert.equal(v.safeParse(StructuredContent, content).success, false, JSON.stringify(content).slice(0, 80));
  });

  it('gives every content kind a plain-text fallback and measures rich content as JSON', () => {
    const parse = (c: unknown) => v.parse(PostedContent, c);
    assert.equal(contentText(parse({ kind: 'link', url: 'https://e.com', desc: 'Order' })), 'Order https://e.com');
    assert.equal(contentText(parse({ kind: 'link', url: 'https://e.com' })), 'https://e.com');
    assert.equal(contentText(parse({ kind: 'action', code: 'cart.open', args: [1] })), '[cart.open]');
    assert.equal(contentText(parse({ kind: 'rich', rich: { elements: [{ type: 'image', url: 'https://e.com/i.png' }] } })), '[rich content]');
    assert.equal(contentText(parse({ kind: 'postback', title: 'Large', payload: 'L' })), 'Large');
    const rich = parse({ kind: 'rich', rich: { elements: [{ type: 'text', text: 'é'.repeat(100) }] } });
    assert.equal(contentChars(rich), JSON.stringify(rich).length);
  });

  it('validates the new request frames', () => {
    assert.equal(parseRequest({ id: 1, type: 'chat.activity', contactId: 'c', activity: 'typing' }).ok, false);
    assert.equal(parseRequest({ id: 1, type: 'chat.activity', contactId: 'c', activity: 'not-writing' }).ok, true);
    assert.equal(parseRequest({ id: 1, type: 'chat.read', contactId: 'c', upTo: -1 }).ok, false);
    const rate = parseRequest({ id: 1, type: 'chat.csat', contactId: 'c', rate: 0 });
    assert.equal(rate.ok, false);
    assert.match((rate as { message: string }).message, /1 to 5/);
    assert.equal(parseRequest({ id: 1, type: 'contact.setTTR', contactId: 'c', ttrType: 'SOON' }).ok, false);
    assert.equal(parseRequest({ id: 1, type: 'contact.setManualETTR', contactId: 'c', time: null }).ok, true);
    assert.equal(parseRequest({ id: 1, type: 'chat.post', contactId: 'c', content: { kind: 'action', code: 'has space' } }).ok, false);
  });

  it('computes the effective time to respond: the manual deadline first, nothing when no message waits', () => {
    assert.equal(ttrEffective({ seconds: 60, manualETTR: null }, null), null);
    assert.equal(ttrEffective({ seconds: 60, manualETTR: null }, 1_000), 61_000);
    assert.equal(ttrEffective({ seconds: 60, manualETTR: 5_000 }, 1_000), 5_000);
  });
});
