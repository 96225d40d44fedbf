// Bearer-token check for every ARM request: signature against the local identity provider's key,
// expiry, audience and issuer (jose). Answers ARM's 401 shapes and builds the Caller.
// As ARM does, a token must carry `exp`, name local Azure's tenant in `tid`, and be for exactly one
// of ARM's audiences: an audience list that adds any other resource is refused.
import {
  createLocalJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import { ArmError } from '../core/errors.ts';
import type { Caller } from '../core/types.ts';

export const ARM_AUDIENCE = 'https://management.azure.com';
const AUDIENCES = [
  ARM_AUDIENCE,
  `${ARM_AUDIENCE}/`,
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
];

export interface TokenVerifierOptions {
  issuer: string;
  /** Public keys of the identity provider. */
  jwks: JSONWebKeySet;
  /** Where clients get tokens (WWW-Authenticate authorization_uri). */
  authorizationUri: string;
  /** The tenant every token must name in `tid`. */
  tenantId: string;
}

function fmtUtc(d: Date): string {
  // ARM writes times like '3/5/2021 6:21:40 PM'.
  const h = d.getUTCHours();
  const hh = h % 12 === 0 ? 12 : h % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hh}:${mm}:${ss} ${h < 12 ? 'AM' : 'PM'}`;
}

export class TokenVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet>;

  constructor(private readonly opts: TokenVerifierOptions) {
    this.keys = createLocalJWKSet(opts.jwks);
  }

  private unauthorized(code: string, message: string, description: string): ArmError {
    return new ArmError(401, code, message, {
      headers: {
        'WWW-Authenticate': `Bearer authorization_uri="${this.opts.authorizationUri}", error="invalid_token", error_description="${description}"`,
      },
    });
  }

  /** Verifies the Authorization header and returns the caller, or throws ArmError 401. */
  async verify(authorization: string | undefined): Promise<Caller> {
    const token = this.bearerOf(authorization);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.opts.issuer,
        audience: AUDIENCES,
        algorithms: ['RS256'],
        clockTolerance: 5,
        requiredClaims: ['exp'],
      }));
    } catch (e) {
      throw this.refusal(e);
    }
    return this.callerOf(payload);
  }

  /** The token in `Authorization: Bearer <token>`. */
  private bearerOf(authorization: string | undefined): string {
    if (!authorization) {
      throw this.unauthorized(
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
        "The authentication failed because of missing 'Authorization' header.",
      );
    }
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!m?.[1]) {
      throw this.unauthorized(
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is provided in an invalid format.",
        "The authentication failed because of the invalid format of the 'Authorization' header.",
      );
    }
    return m[1];
  }

  private wrongAudience(aud: string): ArmError {
    return this.unauthorized(
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${aud}'. It should exactly match with one of the allowed audiences ${AUDIENCES.map((a) => `'${a}'`).join(',')}.`,
      'The access token has been obtained for wrong audience or resource.',
    );
  }

  /** ARM's 401 for a token jose refused: expired, wrong audience or issuer, no expiry, or invalid. */
  private refusal(e: unknown): ArmError {
    if (e instanceof joseErrors.JWTExpired) {
      const exp = typeof e.payload.exp === 'number' ? new Date(e.payload.exp * 1000) : new Date();
      return this.unauthorized(
        'ExpiredAuthenticationToken',
        `The access token expiry UTC time '${fmtUtc(exp)}' is earlier than current UTC time '${fmtUtc(new Date())}'.`,
        'The access token has expired.',
      );
    }
    const claim = e instanceof joseErrors.JWTClaimValidationFailed ? e : undefined;
    if (claim?.claim === 'aud') {
      const aud = claim.payload.aud;
      return this.wrongAudience(Array.isArray(aud) ? aud.join(',') : (aud ?? ''));
    }
    if (claim?.claim === 'iss') {
      return this.unauthorized(
        'InvalidAuthenticationTokenTenant',
        `The access token is from the wrong issuer '${String(claim.payload.iss ?? '')}'. It must match the tenant associated with this subscription. Please use the authority (URL) '${this.opts.issuer}' to get the token.`,
        'The access token is from the wrong issuer.',
      );
    }
    if (claim?.claim === 'exp') {
      return this.unauthorized(
        'InvalidAuthenticationToken',
        'The access token is invalid.',
        'The access token has no expiry time.',
      );
    }
    return this.unauthorized(
      'InvalidAuthenticationToken',
      'The access token is invalid.',
      'The access token is missing or invalid.',
    );
  }

  /** The caller a verified token names, after ARM's own checks (ARM alone, the tenant, an object id). */
  private callerOf(payload: JWTPayload): Caller {
    // jose accepts a list when any member matches; ARM wants the token to be for ARM alone.
    if (Array.isArray(payload.aud) && (payload.aud.length !== 1 || !AUDIENCES.includes(payload.aud[0] ?? '')))
      throw this.wrongAudience(payload.aud.join(','));
    if (payload.tid !== this.opts.tenantId) {
      throw this.unauthorized(
        'InvalidAuthenticationTokenTenant',
        `The access token is from the wrong tenant '${typeof payload.tid === 'string' ? payload.tid : ''}'. It must match the tenant '${this.opts.tenantId}' associated with this subscription. Please use the authority (URL) '${this.opts.issuer}' to get the token.`,
        'The access token is from the wrong tenant.',
      );
    }
    const oid = typeof payload.oid === 'string' ? payload.oid : undefined;
    const tid = this.opts.tenantId;
    if (!oid) {
      throw this.unauthorized(
        'InvalidAuthenticationToken',
        'The access token is invalid.',
        'The access token has no object id.',
      );
    }
    const scp = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (scp.length > 0) {
      if (!scp.includes('user_impersonation')) {
        throw this.unauthorized(
          'InvalidAuthenticationToken',
          "The access token is invalid: it does not carry the scope 'user_impersonation'.",
          'The access token is missing or invalid.',
        );
      }
      const upn = typeof payload.preferred_username === 'string' ? payload.preferred_username : oid;
      return { objectId: oid, tenantId: tid, kind: 'user', displayName: upn };
    }
    const appId =
      typeof payload.appid === 'string'
        ? payload.appid
        : typeof payload.client_id === 'string'
          ? payload.client_id
          : oid;
    return { objectId: oid, tenantId: tid, kind: 'app', displayName: appId };
  }
}
