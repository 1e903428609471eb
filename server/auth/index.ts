export { hashPassword, verifyPassword, verifyNobody, newToken, DEFAULT_COST } from './passwords.ts';
export { LoginGuard, DEFAULT_LOGIN_GUARD, type LoginGuardOptions } from './login-guard.ts';
export { JwtVerifier, type JwtTrust } from './jwt.ts';
export { hashToken } from './tokens.ts';
