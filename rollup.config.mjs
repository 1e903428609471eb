// Browser bundles: the host library (ESM + script-tag loader), the widget app, the customer SDK and chat box.
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';

const plugins = () => [
  nodeResolve({ browser: true, extensions: ['.ts', '.tsx', '.mjs', '.js'] }),
  // webrtc-adapter (media/) depends on `sdp`, a CommonJS module; only node_modules are converted.
  commonjs({ include: /node_modules/ }),
  esbuild({ target: 'es2022', jsx: 'automatic', jsxImportSource: 'preact', sourceMap: true }),
  terser({ module: true, toplevel: true, ecma: 2020, compress: { passes: 3, pure_getters: true, unsafe_arrows: true, unsafe_methods: true } }),
];

// Our modules do their work when called, except the entry points and media/'s entry (it installs
// webrtc-adapter's shims once): anything unused is dropped (so the host library does not carry
// the server-frame schemas of protocol/).
const WITH_SIDE_EFFECTS = ['client-api/loader.ts', 'client-api/adapter.ts', 'customer/chat-box/index.ts', 'widget/main.tsx', 'media/index.ts'];
const moduleSideEffects = (id) => id.includes('/node_modules/') || WITH_SIDE_EFFECTS.some((entry) => id.endsWith(entry));

const bundle = (input, file, format, name) => ({
  input,
  treeshake: { moduleSideEffects },
  // Maps without the trailing comment: the server points to them with a SourceMap header.
  output: { file, format, name, sourcemap: 'hidden' },
  plugins: plugins(),
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
    warn(warning);
  },
});

export default [
  bundle('client-api/index.ts', 'dist/client-api.js', 'es'),
  bundle('client-api/loader.ts', 'dist/communicator.js', 'iife'),
  // Bright Pattern's adapter path, for integrations written for it (copied to crmembedded/ by the build).
  bundle('client-api/adapter.ts', 'dist/agent/communicator/adapters/api.js', 'iife'),
  // The widget: widget.js, and chunks it imports when first needed (the media of calls, a locale's strings).
  { ...bundle('widget/main.tsx', undefined, 'es'), output: { dir: 'dist/widget', format: 'es', sourcemap: 'hidden', entryFileNames: 'widget.js', chunkFileNames: '[name]-[hash].js' } },
  bundle('customer/index.ts', 'dist/customer-sdk.js', 'es'),
  bundle('customer/chat-box/index.ts', 'dist/customer-chat.js', 'iife'),
  // The media side of customer calls, fetched by the SDK (and the chat box) when a call first needs it.
  bundle('customer/voice/index.ts', 'dist/customer-voice.js', 'es'),
  // The chat SDK's rarely made calls (history, survey, close, ...), fetched by the SDK the first time one is made.
  bundle('customer/extras/index.ts', 'dist/customer-extras.js', 'es'),
  // Files in the chat (upload with progress, fresh links), fetched by the SDK when first needed.
  bundle('customer/files/index.ts', 'dist/customer-files.js', 'es'),
  // The host library's types, generated from the source into one file.
  { input: 'client-api/index.ts', output: { file: 'dist/client-api.d.ts', format: 'es' }, plugins: [dts({ tsconfig: 'tsconfig.json' })] },
  { input: 'customer/index.ts', output: { file: 'dist/customer-sdk.d.ts', format: 'es' }, plugins: [dts({ tsconfig: 'tsconfig.json' })] },
];
