// Makes sure a Chromium is there for the browser tests: installs Debian's `chromium` with apt-get when none is found.
import { execSync } from 'node:child_process';
import { findChromium } from './chromium.mjs';

const found = findChromium();
if (found) {
  console.log(`chromium: ${found}`);
  process.exit(0);
}
const canApt = (() => {
  try {
    execSync('command -v apt-get', { stdio: 'ignore' });
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
})();
if (!canApt) {
  console.error('No Chromium found. Install one (Debian: apt-get install chromium) or set CHROME_PATH to its executable.');
  process.exit(1);
}
console.log('No Chromium found: installing Debian\'s chromium with apt-get…');
execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
const installed = findChromium();
if (!installed) {
  console.error('apt-get finished but no Chromium executable was found.');
  process.exit(1);
}
console.log(`chromium: ${installed}`);
