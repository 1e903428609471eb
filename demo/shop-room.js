// The demo lets ?room=sales pick another queue and ?locale=it the chat's language.
const params = new URLSearchParams(location.search);
const dock = document.querySelector('[data-switchboard-chat]');
if (params.get('room')) dock.dataset.room = params.get('room');
if (params.get('locale')) dock.dataset.locale = params.get('locale');
