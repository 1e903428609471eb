// Makes sure coturn's `turnserver` is there for the TURN relay test: installs Debian's `coturn` with apt-get when it is missing.
import { execSync } from 'node:child_process';

const has = (command) => {
  try {
    execSync(`command -v ${command}`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

if (has('turnserver')) process.exit(0);
if (!has('apt-get') || process.getuid?.() !== 0) {
  console.error('No turnserver found. Install coturn (Debian: apt-get install coturn): the TURN relay test runs it.');
  process.exit(1);
}
console.log("No turnserver found: installing Debian's coturn with apt-get…");
execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends coturn >/dev/null', { stdio: ['ignore', 'ignore', 'inherit'] });
if (!has('turnserver')) {
  console.error('apt-get finished but no turnserver was found.');
  process.exit(1);
}
