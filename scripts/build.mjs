// `npm run build`: rollup bundles, then the widget page and its stylesheet (one CSS file per component, concatenated).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/rollup/dist/bin/rollup', '-c', '--silent'], { stdio: 'inherit' });

const cssFiles = (dir) =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? cssFiles(path) : name.endsWith('.css') ? [path] : [];
    });
// app/ holds the theme tokens and base rules: it goes first.
const css = cssFiles('widget/ui').sort((a, b) => Number(b.includes('/app/')) - Number(a.includes('/app/')));
mkdirSync('dist/widget', { recursive: true });
writeFileSync('dist/widget/widget.css', css.map((f) => `/* ${f} */\n${readFileSync(f, 'utf8')}`).join('\n'));
copyFileSync('widget/index.html', 'dist/widget/index.html');
// Bright Pattern's two adapter paths serve the same script.
mkdirSync('dist/agent/crmembedded/adapters', { recursive: true });
for (const name of ['api.js', 'api.js.map']) copyFileSync(`dist/agent/communicator/adapters/${name}`, `dist/agent/crmembedded/adapters/${name}`);
console.log('built dist/');
