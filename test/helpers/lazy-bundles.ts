/**
 * In Node, the customer SDK's lazily loaded calls (it imports `<server>/customer-extras.js` as a
 * browser does) come from their source: Node does not import over HTTP. Import this first.
 */
import { register } from 'node:module';

register('./lazy-bundles-hooks.mjs', import.meta.url);
