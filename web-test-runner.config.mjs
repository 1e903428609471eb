import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';
import { countReporter } from './test/wtr/count-reporter.mjs';
import { switchboardServerPlugin } from './test/wtr/server-plugin.mjs';

// SB_WTR_PORT lets two checkouts run their browser tests side by side.
const PORT = Number(process.env.SB_WTR_PORT ?? 8765);
const executablePath = findChromium();

// webrtc-adapter (media/) imports `sdp`, a CommonJS file that sets module.exports: served as an
// ES module with that value as its default export (rollup's commonjs plugin does this in the build).
const sdpAsModule = {
  name: 'sdp-as-module',
  transform(context) {
    if (/\/node_modules\/sdp\/sdp\.js$/.test(context.path)) return { body: `const module = { exports: {} };\n${context.body}\nexport default module.exports;\n` };
  },
};
if (!executablePath) throw new Error('No Chromium found: run `node scripts/ensure-chromium.mjs` or set CHROME_PATH');

export default {
  files: ['test/browser/**/*.test.ts'],
  port: PORT,
  hostname: 'localhost',
  nodeResolve: true,
  concurrency: 1,
  reporters: [defaultReporter(), countReporter()],
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 30_000 } },
  browsers: [chromeLauncher({ launchOptions: { executablePath, headless: true, args: CHROMIUM_ARGS } })],
  plugins: [
    sdpAsModule,
    // tsconfig: its `jsx: react-jsx` with preact's import source (the plugin passes no jsx options of its own).
    esbuildPlugin({ ts: true, tsx: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    switchboardServerPlugin({ testOrigins: [`http://localhost:${PORT}`] }),
  ],
};
