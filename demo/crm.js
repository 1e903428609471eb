// The CRM side of the demo: everything here goes through the host API of communicator.js
// (Bright Pattern's Agent Desktop Client API: events with positional arguments).
const EVENTS = [
  'ON_LOGIN',
  'ON_LOGOUT',
  'ON_NEW_INTERACTION',
  'ON_INTERACTION_STATE_CHANGE',
  'ON_INTERACTION_REMOVED',
  'ON_ACTIVE_INTERACTION_SWITCHED',
  'ON_CHAT_MESSAGE',
  'ON_OFFER_ALERT', // the library also flashes this page's title and notifies while it is hidden
];

/** Every event the page received, in order, for people and for tests. */
window.crmEvents = [];

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

async function refresh(api) {
  const result = await api.getInteractionsState();
  const body = document.getElementById('interactions');
  const loginState = document.getElementById('login-state');
  if (result.status !== 'success') {
    loginState.textContent = `(${result.error.name})`;
    body.replaceChildren();
    return;
  }
  loginState.textContent = `(${result.data.interactions.length} interactions)`;
  body.replaceChildren(
    ...result.data.interactions.map((i) => {
      const row = document.createElement('tr');
      row.dataset.interactionId = i.interactionId;
      if (i.interactionId === result.data.activeInteractionId) row.style.fontWeight = '600';
      const customer = i.chatParties.find((p) => p.type === 'external');
      row.append(cell(customer?.name ?? ''), cell(i.type), cell(i.state), cell(i.service ?? ''), cell(new Date(i.startTime).toLocaleTimeString()));
      return row;
    }),
  );
}

document.addEventListener('DOMContentLoaded', () => {
  const api = window.Switchboard.api;
  const log = document.getElementById('events');
  for (const name of EVENTS) {
    api.on(name, (...args) => {
      window.crmEvents.push({ name, data: args[0], args });
      log.textContent += `${new Date().toLocaleTimeString()} ${name} ${JSON.stringify(args).slice(0, 160)}\n`;
      log.scrollTop = log.scrollHeight;
      refresh(api);
    });
  }
  refresh(api);
});
