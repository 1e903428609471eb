export { hashPassword, verifyPassword, newToken } from './passwords.ts';
