/** Prints the scrypt hash of a password for an agent's `passwordHash` in the config: `npm run hash-password -- secret`. */
import { hashPassword } from '../server/auth/index.ts';

const password = process.argv[2];
if (!password) {
  console.error('usage: npm run hash-password -- <password>');
  process.exit(2);
}
console.log(await hashPassword(password));
