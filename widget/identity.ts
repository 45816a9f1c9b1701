// Whom the widget's cache belongs to: the user the platform said is signed in, checked again before each sync and
// when the tab comes back, and told to (and by) the widgets of this platform in other tabs. When that session ends
// or another user signs in, the identity is lost for good (until a reload): the widget takes its data off screen,
// and every cache of this platform but the one of whoever is signed in now is deleted.
import { forgetIdentities, identityDbName, type CacheIdentity } from '../core/cache/identity';
import type { ApiClient } from '../core/sync/client';
import { AuthError } from '../core/sync/errors';

/** Widgets of one platform in other tabs tell each other who they sync for (a sign-in elsewhere ends this one's). */
const IDENTITY_CHANNEL = 'access-inspector-widget-identity';
type IdentityNews = { apiOrigin: string; userId: string | null };

export interface IdentityHooks {
  /**
   * The session ended or changed: stop syncing, take the data off screen (show only `message`) and close the
   * cache, all before this returns (an open connection would block deleting it). `had`: whose data it held.
   */
  onLost(message: string, had: CacheIdentity | null): void;
  /** After the loss, the same user is still signed in (a 403: they may not read the data). */
  onStillSignedIn(userId: string): void;
}

export class WidgetIdentity {
  private identity: CacheIdentity | null = null;
  private lostIt = false;
  private channel: BroadcastChannel | null = null;

  constructor(
    private readonly client: ApiClient,
    readonly apiOrigin: string,
    private readonly dbName: string,
    private readonly hooks: IdentityHooks,
  ) {}

  /** Set once the identity is lost: nothing is shown or synced until the page is reloaded. */
  get lost(): boolean {
    return this.lostIt;
  }

  get current(): CacheIdentity | null {
    return this.identity;
  }

  /**
   * Asks the platform who is signed in. Nobody (login page, after a sign-out): the caches synced under earlier
   * sessions of this platform go and widgets in other tabs drop theirs; null is returned, as when the API is out of reach.
   */
  async signIn(): Promise<CacheIdentity | null> {
    let me;
    try {
      me = await this.client.me();
    } catch (error) {
      if (error instanceof AuthError) {
        await forgetIdentities(this.dbName, this.apiOrigin).catch(() => undefined);
        announce({ apiOrigin: this.apiOrigin, userId: null });
      } else console.warn('Access Inspector widget: the platform API is not reachable', error);
      return null;
    }
    return { apiOrigin: this.apiOrigin, userId: me.user.id };
  }

  /** The cache now belongs to this identity: listen for other tabs' news and tell them. */
  hold(identity: CacheIdentity): void {
    this.identity = identity;
    this.close();
    if (typeof BroadcastChannel === 'undefined') return;
    this.channel = new BroadcastChannel(IDENTITY_CHANNEL);
    // Another tab's widget of this platform signed in as someone else, or found nobody signed in.
    this.channel.onmessage = (event: MessageEvent<IdentityNews>) => {
      const news = event.data;
      if (!this.identity || news?.apiOrigin !== this.apiOrigin || news.userId === this.identity.userId) return;
      // News is a hint, the platform is the truth: a tab may report a sign-out that a newer sign-in already undid.
      void this.check();
    };
    this.channel.postMessage({ apiOrigin: this.apiOrigin, userId: identity.userId } satisfies IdentityNews);
  }

  /** Asks the platform who is signed in now; loses the identity when that is nobody or someone else. */
  async check(): Promise<boolean> {
    const mine = this.identity;
    if (!mine) return false;
    try {
      const me = await this.client.me();
      if (me.user.id === mine.userId) return true;
      await this.lose(
        `Someone else (${me.user.name}) signed in to the platform: reload the page to inspect as them. Nothing synced for the previous user is kept.`,
        me.user.id,
      );
    } catch (error) {
      if (!(error instanceof AuthError)) return true; // offline or a server error: the data stays, the sync will say
      await this.lose(sessionEndedMessage(error), null);
    }
    return false;
  }

  /** A sync was refused (401/403): the session ended or lost its rights. */
  refused(error: AuthError): Promise<void> {
    return this.lose(sessionEndedMessage(error), null);
  }

  /**
   * The session this cache belongs to ended (sign-out, expiry, 401/403) or another user (`now`) signed in: the
   * widget lets go of its data, then every cache of this platform is deleted.
   */
  private async lose(message: string, now: string | null): Promise<void> {
    if (this.lostIt) return;
    this.lostIt = true;
    const had = this.identity;
    this.identity = null;
    this.channel?.postMessage({ apiOrigin: this.apiOrigin, userId: now } satisfies IdentityNews);
    this.hooks.onLost(message, had);
    // Every cache of this platform but the one of who is signed in now (a tab of theirs may be syncing it): a 401
    // here may be old news, so ask once more.
    const current =
      now ??
      (await this.client.me().then(
        (me) => me.user.id,
        () => null,
      ));
    const keep = current === null ? null : identityDbName(this.dbName, { apiOrigin: this.apiOrigin, userId: current });
    // Still signed in as the same user: the widget still says who it is for.
    if (had !== null && current === had.userId) this.hooks.onStillSignedIn(current);
    await forgetIdentities(this.dbName, this.apiOrigin, keep).catch(() => undefined);
  }

  close(): void {
    this.channel?.close();
    this.channel = null;
  }
}

function sessionEndedMessage(error: AuthError): string {
  return error.status === 403
    ? 'The platform does not let the signed-in user read its permission data (403): nothing to show. Nothing synced under this session is kept.'
    : 'Your session on the platform ended (401): sign in again. Nothing synced under it is kept.';
}

function announce(news: IdentityNews): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(IDENTITY_CHANNEL);
  channel.postMessage(news);
  channel.close();
}
