/** protocol/structured-content-view.ts: the one reading of message content that every renderer draws. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageView, safeUrl, structuredContentView, textRuns, type StructuredContent } from '../../../protocol/index.ts';

describe('structured-content view', () => {
  it('turns the schema into text, images, cards, links and buttons with their post-back data', () => {
    const rich: StructuredContent = {
      elements: [
        { type: 'text', text: 'Your order', style: 'title' },
        { type: 'text', text: 'Track it at https://shop.example.com/track?id=7.' },
        { type: 'image', url: 'https://cdn.example.com/a.png', alt: 'A' },
        { type: 'card', title: 'Grinder', subtitle: '€119', imageUrl: 'https://cdn.example.com/g.png', buttons: [{ type: 'postback', title: 'Buy', payload: 'buy:g' }, { type: 'link', title: 'Details', url: 'https://shop.example.com/g' }] },
        { type: 'buttons', buttons: [{ type: 'postback', title: 'Yes', payload: 'y' }] },
      ],
      quickReplies: [{ type: 'postback', title: 'No thanks', payload: 'no' }],
    };
    const view = structuredContentView(rich, 'm1');
    assert.deepEqual(view.nodes, [
      { kind: 'text', runs: [{ text: 'Your order' }], style: 'title' },
      { kind: 'text', runs: [{ text: 'Track it at ' }, { text: 'https://shop.example.com/track?id=7', href: 'https://shop.example.com/track?id=7' }, { text: '.' }], style: 'body' },
      { kind: 'image', src: 'https://cdn.example.com/a.png', alt: 'A' },
      {
        kind: 'card',
        title: 'Grinder',
        subtitle: '€119',
        image: { src: 'https://cdn.example.com/g.png', alt: 'Grinder' },
        actions: [
          { kind: 'button', text: 'Buy', postback: { title: 'Buy', payload: 'buy:g', replyTo: 'm1' } },
          { kind: 'link', text: 'Details', href: 'https://shop.example.com/g' },
        ],
      },
      { kind: 'actions', actions: [{ kind: 'button', text: 'Yes', postback: { title: 'Yes', payload: 'y', replyTo: 'm1' } }] },
    ]);
    assert.deepEqual(view.quickReplies, [{ kind: 'button', text: 'No thanks', postback: { title: 'No thanks', payload: 'no', replyTo: 'm1' } }]);
  });

  it('never makes a link of anything but http(s), whatever got past the schema', () => {
    for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', 'vbscript:x', '//evil.example.com', 'https://', ' https://x.example']) {
      assert.equal(safeUrl(url), null, url);
    }
    assert.equal(safeUrl('HTTPS://Example.com/a b'), 'https://example.com/a%20b');
    // The schema refuses these; a renderer fed them anyway shows no link and no image.
    const forged = { elements: [{ type: 'image', url: 'javascript:alert(1)' }, { type: 'buttons', buttons: [{ type: 'link', title: 'x', url: 'javascript:alert(1)' }] }] } as unknown as StructuredContent;
    assert.deepEqual(structuredContentView(forged, 'm').nodes, [{ kind: 'actions', actions: [] }]);
    assert.deepEqual(messageView({ id: 'm', text: 'javascript:alert(1)', content: { kind: 'link', url: 'javascript:alert(1)' } }).nodes, [{ kind: 'text', runs: [{ text: 'javascript:alert(1)' }], style: 'body' }]);
  });

  it('finds links in plain text and link messages, and leaves the rest as text', () => {
    assert.deepEqual(textRuns('see (https://a.example/x) and http://b.example!'), [
      { text: 'see (' },
      { text: 'https://a.example/x', href: 'https://a.example/x' },
      { text: ') and ' },
      { text: 'http://b.example', href: 'http://b.example/' },
      { text: '!' },
    ]);
    assert.deepEqual(textRuns(''), [{ text: '' }]);
    assert.deepEqual(textRuns('no links here'), [{ text: 'no links here' }]);
    assert.deepEqual(messageView({ id: 'm', text: 'Manual https://x.example/m', content: { kind: 'link', url: 'https://x.example/m', desc: 'Manual' } }), {
      nodes: [{ kind: 'text', runs: [{ text: 'Manual', href: 'https://x.example/m' }], style: 'body' }],
      quickReplies: [],
    });
    assert.deepEqual(messageView({ id: 'm', text: 'Yes', content: { kind: 'postback', title: 'Yes', payload: 'y', replyTo: 'r' } }).nodes, [{ kind: 'text', runs: [{ text: 'Yes' }], style: 'body' }]);
  });
});
