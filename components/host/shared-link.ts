// A shared link (#access-inspector?asset=…&user=…) is taken once: its request is returned and the fragment dropped,
// so a reload goes back to the page's own context.
import { parseShareFragment, type ShareRequest } from '../panel/share-link';

export function takeSharedLink(win: Pick<Window, 'location' | 'history'>): ShareRequest | null {
  const shared = parseShareFragment(win.location.hash);
  if (shared) win.history.replaceState(win.history.state, '', `${win.location.pathname}${win.location.search}`);
  return shared;
}
