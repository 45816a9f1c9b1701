// The page context the panel follows: read again after a single-page navigation (history navigation, or the page's
// markers on <body> changing, which the page watcher reports), handed on only when it really changed.
import type { PageContext } from '../../core/adapters/types';
import { watchPage } from './page-watcher';

export interface PageContextFollower {
  current(): PageContext;
  /** Reads the page again now (the host knows of a navigation the watcher cannot see, or changed what `read` adds). */
  reread(): void;
  stop(): void;
}

export function followPageContext(
  doc: Document,
  read: () => PageContext,
  onChange: (next: PageContext, previous: PageContext) => void,
): PageContextFollower {
  let current = read();
  let key = JSON.stringify(current);
  const reread = () => {
    const next = read();
    const nextKey = JSON.stringify(next);
    if (nextKey === key) return;
    const previous = current;
    current = next;
    key = nextKey;
    onChange(next, previous);
  };
  const win = doc.defaultView;
  win?.addEventListener('popstate', reread);
  // The Navigation API (Chromium) reports same-document navigations that popstate does not (pushState by the app).
  const nav = (win as unknown as { navigation?: EventTarget } | null)?.navigation;
  nav?.addEventListener('navigatesuccess', reread);
  // The new page's markers may land after the URL changed.
  const unwatch = watchPage(doc, (change) => change.markers && reread());
  return {
    current: () => current,
    reread,
    stop() {
      win?.removeEventListener('popstate', reread);
      nav?.removeEventListener('navigatesuccess', reread);
      unwatch();
    },
  };
}
