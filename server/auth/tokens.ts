/** Session tokens are stored hashed: a copy of the database does not hand out live sessions. */
import { createHash } from 'node:crypto';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
