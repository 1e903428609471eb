import { startServer } from './server/index.ts';
import { testConfig, connect } from './test/helpers/server.ts';
const s = await startServer(testConfig(), (l) => console.log('LOG', l.slice(0, 900)));
const c = await connect(s);
const r = await c.request({ type: 'chat.init', room: 'default', name: 'Carla' });
c.setSession(r.token, r.seq);
console.log(await c.request({ type: 'chat.send', contactId: r.contact.id, text: 'hello' }).catch(e => e));
await s.close(); process.exit(0);
