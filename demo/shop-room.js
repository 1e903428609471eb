// The demo lets ?room=sales pick another queue.
const room = new URLSearchParams(location.search).get('room');
if (room) document.querySelector('[data-switchboard-chat]').dataset.room = room;
