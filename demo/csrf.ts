// Cross-site request forgery: a page on another site — or on another port of this host, which is the *same site*,
// so SameSite cookies do not stop it — auto-submits one of our forms with the visitor's cookie. Two checks:
// 1. Every state-changing form POST must come from this origin (Sec-Fetch-Site / Origin, which browsers set and
//    pages cannot forge). Clients that are not browsers send neither, and are no CSRF vector.
// 2. A form acting for a signed-in user also carries a token derived from the session (HMAC with a secret made at
//    start). A page elsewhere cannot read it; a page that tosses its own session cookie gets no matching token.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../core/api/contract';

/** The hidden form field that carries the token. */
export const CSRF_FIELD = 'csrf';

export class CsrfTokens {
  private readonly secret = randomBytes(32);

  /** The token for the forms of the session `sessionToken`. */
  tokenFor(sessionToken: string): string {
    return createHmac('sha256', this.secret).update(`csrf:${sessionToken}`).digest('base64url');
  }

  /** The token of the request's session, or '' when nobody is signed in. */
  tokenOf(c: Context): string {
    const session = getCookie(c, SESSION_COOKIE);
    return session === undefined ? '' : this.tokenFor(session);
  }

  /** Whether `submitted` is the token of the request's session. */
  verify(c: Context, submitted: unknown): boolean {
    const session = getCookie(c, SESSION_COOKIE);
    if (session === undefined || typeof submitted !== 'string') return false;
    const want = Buffer.from(this.tokenFor(session));
    const got = Buffer.from(submitted);
    return got.length === want.length && timingSafeEqual(got, want);
  }
}

/**
 * Why a request may not change state, or null when it may: a browser said it comes from another origin (same-site
 * included) or from an opaque one (`Origin: null`).
 */
export function crossOriginProblem(c: Context): string | null {
  const site = c.req.header('Sec-Fetch-Site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `a ${site} request may not change anything here`;
  const origin = c.req.header('Origin');
  if (origin !== undefined && origin !== new URL(c.req.url).origin) return `a request from ${origin} may not change anything here`;
  return null;
}
