/**
 * Voice added to a running chat, from the shop's chat box, in Chromium against a real server: the
 * customer chatting with alice presses the chat box's call button; alice's widget rings; she
 * answers; audio flows both ways; messages keep flowing both ways during the call and after the
 * customer hangs up. The CRM page sees the call on the chat interaction.
 */
import { expect } from '@esm-bundle/chai';
import type { InteractionData, InteractionsState, OperationResult } from '../../protocol/index.ts';
import { eventually, frame, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';
import { SOUND_PEAK, agentHears, agentPeak, customerStats, deskAndShop, grows } from './call-e2e.ts';

describe('end to end: the customer adds voice to a running chat', function () {
  this.timeout(60_000);
  let server: TestServer;
  const crm = frame('/demo/crm.html');
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');
  const chatOf = async () => {
    const r = await crm.eval<OperationResult<InteractionsState>>('Switchboard.api.getInteractionsState()');
    return (r.status === 'success' && r.data.interactions.find((i: InteractionData) => i.type === 'chat')) || null;
  };
  const say = async (from: 'customer' | 'agent', text: string) => {
    const [page, input] = from === 'customer' ? [shop, '[name=message]:enabled'] : [widget, 'input[name=message]'];
    await page.type(input, text);
    await page.click('[data-action=send]');
    await (from === 'customer' ? widget.waitForText('.sb-messages', text) : shop.waitForText('.sbc-messages', text));
  };
  before(async () => {
    server = await startServer();
    await deskAndShop(server);
  });
  after(() => stopServer(server));

  it('the chat box\u2019s call button rings the agent of the chat; answered, audio flows both ways and the chat goes on', async () => {
    await startShopChat('/demo/shop.html', 'Vera Voce', 'Hello, a question about my order');
    await widget.click('[data-action=accept]');
    await widget.waitForText('.sb-messages', 'Hello, a question about my order');
    await say('agent', 'Hi Vera, tell me');
    const chat = (await eventually(chatOf, 5_000, 'the chat at the CRM'))!;

    // The call button in the chat box's header: voice on this chat, to its agent.
    await shop.click('.sbc-call-button[data-action=call]');
    await widget.waitFor(`.sb-incoming-call[data-call-state=ringing][data-contact-id="${chat.interactionId}"]`);
    await widget.waitForText('.sb-incoming-call', 'Vera Voce');
    await widget.click('.sb-incoming-call [data-action=answer]');
    await widget.waitFor(`.sb-call-panel[data-call-state=connected][data-contact-id="${chat.interactionId}"]`);
    await shop.waitFor('.sbc-call[data-call-state=connected]');
    await eventually(() => agentHears(widget), 10_000, 'audio at the agent');
    await eventually(async () => (await agentPeak(widget, chat.interactionId)) > SOUND_PEAK, 10_000, 'the agent hears the customer');
    await grows(async () => (await customerStats(shop)).inboundBytes, 'audio at the customer');
    const energy = (await customerStats(shop)).inboundAudioEnergy;
    await eventually(async () => (await customerStats(shop)).inboundAudioEnergy > energy + 0.001, 10_000, 'the customer hears the agent');

    const during = (await chatOf())!;
    expect(during).to.include({ interactionId: chat.interactionId, type: 'chat', state: 'delivered', callDirection: 'inbound', internal: false });
    expect(during.callParties.map((p) => p.userId ?? p.name)).to.have.members(['Vera Voce', 'alice']);

    // The chat goes on during the call, both ways.
    await say('customer', 'Can you hear me?');
    await say('agent', 'Loud and clear');

    // The customer hangs up: the call ends, the chat stays open.
    await shop.click('.sbc-call [data-action=hangup]');
    await shop.waitForText('.sbc-messages', 'The call has ended');
    await widget.waitForGone('.sb-call-panel');
    await say('customer', 'Thanks, bye for now');
    await say('agent', 'You are welcome');
    const after = (await chatOf())!;
    expect(after).to.include({ interactionId: chat.interactionId, state: 'delivered' });
    expect(after.callParties, 'nobody on a call any more').to.deep.equal([]);
  });
});
