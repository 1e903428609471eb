/**
 * Tokens from someone else's identity provider, checked with `jose`: signature (keys from the
 * config, a JWKS in the config, or a JWKS URL), issuer, audience and expiry. Agents log in with
 * one from the CRM's provider (single sign-on); customers may bring one signed by the brand.
 */
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ProtocolError } from '../../protocol/index.ts';

export interface JwtTrust {
  issuer: string;
  audience: string;
  /** Where the provider publishes its keys. */
  jwksUrl?: string;
  /** Or the keys themselves, as a JWKS. */
  jwks?: { keys: Record<string, unknown>[] };
  /** Or a shared secret (HS256). */
  secret?: string;
}

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

export class JwtVerifier {
  private readonly key: JWTVerifyGetKey | Uint8Array;
  private readonly algorithms: string[];

  constructor(private readonly trust: JwtTrust) {
    if (trust.secret) {
      this.key = new TextEncoder().encode(trust.secret);
      this.algorithms = ['HS256'];
    } else if (trust.jwks) {
      this.key = createLocalJWKSet(trust.jwks as Parameters<typeof createLocalJWKSet>[0]);
      this.algorithms = ASYMMETRIC;
    } else if (trust.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(trust.jwksUrl));
      this.algorithms = ASYMMETRIC;
    } else {
      throw new Error('a JWT trust needs jwksUrl, jwks or secret');
    }
  }

  /** The token's claims, or `invalid_credentials` saying what is wrong with it. */
  async verify(token: string): Promise<JWTPayload> {
    try {
      const options = { issuer: this.trust.issuer, audience: this.trust.audience, algorithms: this.algorithms, requiredClaims: ['exp', 'sub'] };
      const { payload } =
        this.key instanceof Uint8Array ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options);
      return payload;
    } catch (err) {
      throw new ProtocolError('invalid_credentials', `token refused: ${(err as Error).message}`);
    }
  }
}
