// Shareable answers: a link to the platform page the support engineer is on, with a fragment that opens the panel
// on "asset A for user U" or on "user U compared with user V". The fragment never reaches the platform's server; the
// content script (or widget) reads it once at page load and then removes it, so a reload goes back to the tab's
// remembered context. A link only chooses what the panel shows: nothing is written and nothing leaves the panel.
export const SHARE_PREFIX = '#access-inspector?';

export type ShareRequest =
  { kind: 'explain'; assetId: string; userId: string | null } | { kind: 'compare'; userId: string; otherUserId: string };

const MAX_ID = 200;
const idOf = (v: string | null): string | null => (v !== null && v.length > 0 && v.length <= MAX_ID ? v : null);

export function shareFragment(req: ShareRequest): string {
  const params = new URLSearchParams(
    req.kind === 'explain'
      ? { asset: req.assetId, ...(req.userId ? { user: req.userId } : {}) }
      : { user: req.userId, compare: req.otherUserId },
  );
  return `${SHARE_PREFIX}${params.toString()}`;
}

/** The page's address without its fragment, plus the share fragment. */
export function shareLink(pageHref: string, req: ShareRequest): string {
  const url = new URL(pageHref);
  url.hash = '';
  return `${url.toString().replace(/#$/, '')}${shareFragment(req)}`;
}

/** The request a page's fragment carries, or null (not ours, or not well-formed). */
export function parseShareFragment(hash: string): ShareRequest | null {
  if (!hash.startsWith(SHARE_PREFIX)) return null;
  const params = new URLSearchParams(hash.slice(SHARE_PREFIX.length));
  const asset = idOf(params.get('asset'));
  const user = idOf(params.get('user'));
  const compare = idOf(params.get('compare'));
  if (asset !== null && compare === null) return { kind: 'explain', assetId: asset, userId: user };
  if (asset === null && user !== null && compare !== null) return { kind: 'compare', userId: user, otherUserId: compare };
  return null;
}
