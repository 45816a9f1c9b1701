// Badges beside every asset row of the page ([data-ai-asset-id]): full / read / hidden for the inspected user,
// the first reason as tooltip, and a button that opens that asset's explanation in the panel — or, while "View as"
// is on, for the viewed user (the overlay's answers), so a page never shows one user's badges under another user's view. Each badge lives in its own shadow root so page CSS
// cannot restyle it, rows added later (infinite scroll, client-side rendering) get theirs through the host's page
// watcher (components/host/page-watcher.ts), and destroy() leaves the page exactly as it was.
import type { AssetRow, DataSource } from '../core/source/data-source';
import { MAX_EFFECT_IDS_LIMIT } from '../core/source/limits';
import { EFFECT_DESCRIPTION, EFFECT_LABEL } from './labels';
import { BADGE_CSS } from './panel/styles';
import { subscribeViewedUser, viewedUserOf, type ViewedUser } from './overlay/viewed-user';
import { BADGE_ATTR } from './overlay/selectors';
import { pageChangesPending, watchPage } from './host/page-watcher';
import { ASSET_ROWS } from '../core/adapters/common';
import { SHADOW_MODE } from './shadow-mode';

export interface BadgeController {
  /** Badges now follow this user (null removes them). */
  setUser(userId: string | null): void;
  /** The data changed: ask the source again for every row. */
  refresh(): void;
  /** Removes every badge and stops watching the page. */
  destroy(): void;
  /** Resolves once the badges reflect the page as it is now (tests, the shell after navigation). */
  settled(): Promise<void>;
}

interface BadgeHost extends HTMLElement {
  /** `who`: whose view the badge shows ('' = the inspected user), so a new viewed user repaints it. */
  __aiBadge?: { label: HTMLButtonElement; assetId: string; who: string; effect: string };
}

/** Inline rows (a link or label that is itself the row) get the badge after them, so it never joins the link. */
function placeBadge(row: Element, host: HTMLElement): void {
  const nameCell = row.querySelector('[data-ai-asset-name-of]');
  if (nameCell) nameCell.after(host);
  else if (row.tagName === 'TR') (row.lastElementChild ?? row).append(host);
  else if (row.matches('a, span, [data-ai-asset-name-of]')) row.after(host);
  else row.append(host);
}

function isPlaced(row: Element, host: HTMLElement): boolean {
  return host.isConnected && (row.contains(host) || row.nextSibling === host);
}

function createHost(doc: Document, onOpen: ((assetId: string) => void) | undefined): BadgeHost {
  const host = doc.createElement('span') as BadgeHost;
  host.setAttribute(BADGE_ATTR, '');
  const shadow = host.attachShadow({ mode: SHADOW_MODE });
  const style = doc.createElement('style');
  style.textContent = BADGE_CSS;
  const label = doc.createElement('button');
  label.type = 'button';
  shadow.append(style, label);
  host.__aiBadge = { label, assetId: '', who: '', effect: '' };
  label.addEventListener('click', (e) => {
    // The badge sits in the page's row (often inside its link): its click is the badge's alone. Only a person's
    // click opens the panel, never a page script's.
    e.preventDefault();
    e.stopPropagation();
    const assetId = host.__aiBadge!.assetId;
    if (e.isTrusted && onOpen && assetId) onOpen(assetId);
  });
  return host;
}

type BadgeFacts = Pick<AssetRow, 'effect' | 'firstReason'>;

function paint(host: BadgeHost, assetId: string, row: BadgeFacts | null | undefined, viewed: ViewedUser | null): void {
  const badge = host.__aiBadge!;
  badge.assetId = assetId;
  badge.who = viewedKey(viewed);
  host.setAttribute(BADGE_ATTR, assetId);
  const { label } = badge;
  if (row === undefined) {
    label.className = 'b pending';
    label.textContent = '…';
    label.title = 'Access Inspector: checking…';
  } else if (row === null) {
    label.className = 'b unknown';
    label.textContent = '?';
    label.title = 'Access Inspector: this asset is not in the cached data';
  } else {
    label.className = `b ${row.effect}`;
    label.textContent = EFFECT_LABEL[row.effect];
    label.title = `${EFFECT_DESCRIPTION[row.effect]}${row.firstReason ? ` — ${row.firstReason.message}` : ''}`;
  }
  if (viewed !== null && row) {
    label.title = `Viewing as ${viewed.userName}${viewed.roleName ? ` with project role ${viewed.roleName}` : ''}: ${label.title}`;
  }
  badge.effect = row ? row.effect : row === null ? 'unknown' : 'pending';
  // What the badge says stays in its closed root: the page may not learn the inspected user's access from an
  // attribute. Only the tests' builds (open roots) mirror it, for their locators.
  if (SHADOW_MODE === 'open') host.dataset.aiEffect = badge.effect;
  label.setAttribute('aria-label', `Access Inspector: ${label.title.replace(/^Access Inspector: /, '')}. Open the explanation.`);
}

const viewedKey = (v: ViewedUser | null) => (v === null ? '' : `${v.userId}\u0000${v.roleName ?? ''}`);

export interface BadgeOptions {
  /** A person clicked a badge: open that asset's explanation (the shell or widget opens the panel on it). */
  onOpen?: (assetId: string) => void;
}

/** What badges read: effects by asset id, and (when the source has them) its status, to ask again on new data. */
export type BadgeSource = Pick<DataSource, 'assetEffects'> & Partial<Pick<DataSource, 'syncStatus' | 'subscribe'>>;

export function createBadges(
  doc: Document,
  source: BadgeSource,
  initialUserId: string | null,
  options: BadgeOptions = {},
): BadgeController {
  let userId = initialUserId;
  let generation = 0;
  let destroyed = false;
  /** Effect per asset id for the current user and generation; null = unknown to the cache. */
  let effects = new Map<string, AssetRow | null>();
  const requested = new Set<string>();
  const hosts = new Map<Element, BadgeHost>();
  let pending: Promise<void> = Promise.resolve();
  /** While "View as" is on, the viewed user whose effects the badges show (the overlay asks for them). */
  let viewed = viewedUserOf(doc);
  const stopFollowing = subscribeViewedUser(doc, (v) => {
    viewed = v;
    scan();
  });

  function removeAll(): void {
    for (const host of hosts.values()) host.remove();
    hosts.clear();
    for (const stray of doc.querySelectorAll(`[${BADGE_ATTR}]`)) stray.remove();
  }

  function scan(): void {
    if (destroyed) return;
    if (userId === null) {
      removeAll();
      return;
    }
    const rows = new Set(doc.querySelectorAll(ASSET_ROWS.selector));
    // Rows that left the page (or lost their attribute) give their badge up.
    for (const [row, host] of hosts) {
      if (!rows.has(row) || !row.isConnected) {
        host.remove();
        hosts.delete(row);
      }
    }
    const missing: string[] = [];
    for (const row of rows) {
      const assetId = row.getAttribute(ASSET_ROWS.attr);
      if (!assetId) continue;
      let host = hosts.get(row);
      if (!host || !isPlaced(row, host)) {
        host?.remove();
        host = createHost(doc, options.onOpen);
        hosts.set(row, host);
        placeBadge(row, host);
      }
      const known: BadgeFacts | null | undefined = viewed !== null ? viewedRow(viewed, assetId) : effects.get(assetId);
      const badge = host.__aiBadge!;
      if (
        badge.assetId !== assetId ||
        badge.who !== viewedKey(viewed) ||
        badge.effect !== (known ? known.effect : known === null ? 'unknown' : 'pending')
      ) {
        paint(host, assetId, known, viewed);
      }
      if (viewed === null && !effects.has(assetId) && !requested.has(assetId)) {
        requested.add(assetId);
        missing.push(assetId);
      }
    }
    if (missing.length > 0) fetchEffects(missing);
  }

  function fetchEffects(ids: string[]): void {
    const gen = generation;
    const forUser = userId!;
    const batches: Promise<void>[] = [];
    for (let i = 0; i < ids.length; i += MAX_EFFECT_IDS_LIMIT) {
      const batch = ids.slice(i, i + MAX_EFFECT_IDS_LIMIT);
      batches.push(
        source.assetEffects({ userId: forUser, assetIds: batch }).then(
          (answer) => {
            if (gen !== generation) return;
            const byId = new Map(answer.rows.map((r) => [r.assetId, r]));
            for (const id of batch) effects.set(id, byId.get(id) ?? null);
            scan();
          },
          () => {
            // Leave the rows pending; a later refresh asks again.
            if (gen === generation) for (const id of batch) requested.delete(id);
          },
        ),
      );
    }
    pending = Promise.all([pending, ...batches]).then(() => undefined);
  }

  function reset(): void {
    generation++;
    effects = new Map();
    requested.clear();
    scan();
  }

  // Rows the page adds, replaces or renumbers (the badges' own hosts are not news to the watcher).
  const unwatch = watchPage(doc, () => scan());
  // New data (a sync, another tab's): every badge asks again. Badges drawn from the cache before the first sync
  // compare with the version they were drawn at.
  let dataVersion: number | null = null;
  void source.syncStatus?.({}).then(
    (s) => (dataVersion ??= s.dataVersion),
    () => undefined,
  );
  const stopData =
    source.subscribe?.((status) => {
      if (dataVersion !== null && status.dataVersion !== dataVersion) reset();
      dataVersion = status.dataVersion;
    }) ?? (() => undefined);
  scan();

  return {
    setUser(next) {
      if (next === userId) return;
      userId = next;
      reset();
    },
    refresh: reset,
    destroy() {
      destroyed = true;
      generation++;
      stopFollowing();
      stopData();
      unwatch();
      removeAll();
    },
    async settled() {
      // Let the observer's queued scan run, then wait for every answer it asked for (answers may ask again).
      for (let i = 0; i < 5; i++) {
        await new Promise<void>((r) => setTimeout(r, 0));
        const before = pending;
        await pending;
        if (before === pending && !pageChangesPending(doc)) return;
      }
    },
  };
}

/** The viewed user's effect as a badge row (the overlay answers effects only; the tooltip names whose they are). */
function viewedRow(viewed: ViewedUser, assetId: string): BadgeFacts | null | undefined {
  const effect = viewed.effectOf(assetId);
  return effect === undefined || effect === null ? effect : { effect, firstReason: null };
}
