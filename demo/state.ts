// What every part of the demo server shares: the data, who is signed in, the API keys, and the fault schedule.
import { randomBytes } from 'node:crypto';
import { getCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { API_KEY_HEADER, SESSION_COOKIE } from '../core/api/contract';
import type { User } from '../core/model/snapshot';
import { pickDemoUsers, Sessions, type DemoUser } from './auth';
import { CsrfTokens } from './csrf';
import { FaultSchedule, type FaultConfig } from './faults';
import type { FeedStore } from './store';

export type Caller = { user: User; auth: 'session' | 'apiKey' };

/**
 * What DemoState remembers of served pages for the replay and reorder faults: the last 256, and at most 16 M
 * characters of them (a dozen full pages of assets): 256 full pages of a 1M fleet's first sync held ~280 MB of
 * bodies in the demo's heap, next to the browser it serves in the benchmarks.
 */
const REMEMBERED_PAGES = 256;
const REMEMBERED_CHARS = 16_000_000;

export class DemoState {
  readonly sessions = new Sessions();
  readonly csrf = new CsrfTokens();
  /**
   * The secret the /__demo control endpoints require in their X-Demo-Control header: made at start and printed by
   * `npm start`, so no web page (which cannot read it, nor send a custom header to another origin) can call them.
   */
  readonly controlToken = randomBytes(18).toString('base64url');
  /** apiKey -> userId. Updated in place when the dataset is reset, so a holder of this object stays current. */
  readonly apiKeys: Record<string, string> = {};
  demoUsers: DemoUser[] = [];
  faults: FaultSchedule | null = null;
  /** Recently served sync pages by the cursor they returned: what a "duplicate page" fault serves again. */
  readonly servedPages = new Map<string, string>();

  constructor(readonly store: FeedStore) {
    this.refreshDemoUsers();
    store.onReset(() => {
      this.servedPages.clear();
      this.rememberedChars = 0;
      this.refreshDemoUsers();
    });
  }

  refreshDemoUsers(): void {
    this.demoUsers = pickDemoUsers(this.store);
    for (const k of Object.keys(this.apiKeys)) delete this.apiKeys[k];
    for (const d of this.demoUsers) this.apiKeys[d.apiKey] = d.userId;
    // The demo users' roles and status stay put under random mutation, so their keys keep their meaning.
    this.store.protectedUserIds = new Set(this.demoUsers.map((d) => d.userId));
  }

  setFaults(config: FaultConfig | null): void {
    this.faults = config ? new FaultSchedule(config) : null;
  }

  /** Characters of the remembered pages' bodies (servedPages), kept within REMEMBERED_CHARS. */
  private rememberedChars = 0;

  rememberPage(key: string, body: string): void {
    this.rememberedChars += body.length - (this.servedPages.get(key)?.length ?? 0);
    this.servedPages.delete(key);
    this.servedPages.set(key, body);
    while (this.servedPages.size > 1 && (this.servedPages.size > REMEMBERED_PAGES || this.rememberedChars > REMEMBERED_CHARS)) {
      const [oldest, text] = this.servedPages.entries().next().value!;
      this.servedPages.delete(oldest);
      this.rememberedChars -= text.length;
    }
  }

  /** The caller by API key (when the header is present it alone counts) or by session cookie. */
  identify(c: Context): Caller | { problem: string } {
    const key = c.req.header(API_KEY_HEADER);
    if (key !== undefined) {
      const userId = this.apiKeys[key];
      const user = userId === undefined ? undefined : (this.store.get('users', userId) as User | undefined);
      return user ? { user, auth: 'apiKey' } : { problem: `the ${API_KEY_HEADER} header holds an unknown API key` };
    }
    const token = getCookie(c, SESSION_COOKIE);
    if (token === undefined) return { problem: `not signed in: send the ${SESSION_COOKIE} session cookie or an ${API_KEY_HEADER} header` };
    const userId = this.sessions.userIdOf(token);
    const user = userId === undefined ? undefined : (this.store.get('users', userId) as User | undefined);
    return user ? { user, auth: 'session' } : { problem: 'the session has ended or its user no longer exists: sign in again' };
  }
}
