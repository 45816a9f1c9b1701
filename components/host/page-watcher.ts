// One watcher of the platform page for everything the host draws on it: badges, the "View as" overlay, and the
// page context the panel follows through single-page navigations. One MutationObserver per document and one
// batch per microtask, however many listen; what the host itself adds (badge hosts, the overlay's banner, cover and
// stylesheet) is not news. Listeners are told what kind of change came, and decide whether it matters to them.
import { ASSET_ROWS, PAGE_MARKER, PAGE_PROJECT, SIGNED_IN_USER } from '../../core/adapters/common';
import { BADGE_ATTR, BANNER_ATTR, COVER_ATTR, STYLE_ATTR } from '../overlay/selectors';

export interface PageChange {
  /** Elements came or went (rows, a new page's content), or an element's asset id changed. */
  content: boolean;
  /** A page marker on <body> changed (kind, signed-in user, project): a single-page navigation. */
  markers: boolean;
}

type PageListener = (change: PageChange) => void;

const MARKER_ATTRS: readonly string[] = [PAGE_MARKER.attr, SIGNED_IN_USER.attr, PAGE_PROJECT.attr];
const WATCHED_ATTRS = [ASSET_ROWS.attr, ...MARKER_ATTRS];
const FURNITURE_ATTRS = [BADGE_ATTR, BANNER_ATTR, COVER_ATTR, STYLE_ATTR];

/** Node types, not `instanceof Element`: the page may be a document of another window (tests, frames). */
const isFurniture = (node: Node) => node.nodeType === 1 && FURNITURE_ATTRS.some((a) => (node as Element).hasAttribute(a));

class PageWatcher {
  private readonly listeners = new Set<PageListener>();
  private observer: MutationObserver | null = null;
  private batch: PageChange | null = null;

  constructor(private readonly doc: Document) {}

  get pending(): boolean {
    return this.batch !== null;
  }

  add(listener: PageListener): () => void {
    this.listeners.add(listener);
    if (!this.observer) {
      const Observer = this.doc.defaultView?.MutationObserver ?? MutationObserver;
      this.observer = new Observer((records) => this.take(records));
      this.observer.observe(this.doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: WATCHED_ATTRS });
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.observer?.disconnect();
        this.observer = null;
        this.batch = null;
      }
    };
  }

  private take(records: MutationRecord[]): void {
    let content = false;
    let markers = false;
    for (const r of records) {
      if (r.type === 'childList') content ||= ![...r.addedNodes, ...r.removedNodes].every(isFurniture);
      else if (r.target === this.doc.body && MARKER_ATTRS.includes(r.attributeName ?? '')) markers = true;
      else content = true;
    }
    if (!content && !markers) return;
    const first = this.batch === null;
    this.batch = { content: content || (this.batch?.content ?? false), markers: markers || (this.batch?.markers ?? false) };
    if (first) queueMicrotask(() => this.deliver());
  }

  private deliver(): void {
    const change = this.batch;
    this.batch = null;
    if (change) for (const listener of this.listeners) listener(change);
  }
}

const watchers = new WeakMap<Document, PageWatcher>();

function watcherOf(doc: Document): PageWatcher {
  let watcher = watchers.get(doc);
  if (!watcher) watchers.set(doc, (watcher = new PageWatcher(doc)));
  return watcher;
}

/** Calls `listener` after each batch of page changes; returns the undo (the last one stops the observer). */
export function watchPage(doc: Document, listener: PageListener): () => void {
  return watcherOf(doc).add(listener);
}

/** Whether a batch of changes is waiting to be delivered (tests and `settled()` wait for it). */
export function pageChangesPending(doc: Document): boolean {
  return watchers.get(doc)?.pending ?? false;
}
