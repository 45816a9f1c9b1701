// Whose view a document shows while "View as" is on, for the badges: the overlay publishes the viewed user and its
// answers per asset; the badges, built elsewhere (the shell, the widget), follow them instead of the inspected user,
// so a row never carries one user's badge under another user's view. Kept per document in this module (both sides
// run in the same script), so the page can neither read nor forge it.
import type { Effect } from '../../core/source/data-source';

export interface ViewedUser {
  userId: string;
  userName: string;
  /** The project role put in place of theirs, if any (for the badge's tooltip). */
  roleName: string | null;
  /** undefined: not answered yet; null: the cached data does not know the asset. */
  effectOf(assetId: string): Effect | null | undefined;
}

interface Channel {
  current: ViewedUser | null;
  listeners: Set<(v: ViewedUser | null) => void>;
}

const channels = new WeakMap<Document, Channel>();

function channelOf(doc: Document): Channel {
  let c = channels.get(doc);
  if (!c) channels.set(doc, (c = { current: null, listeners: new Set() }));
  return c;
}

export function viewedUserOf(doc: Document): ViewedUser | null {
  return channels.get(doc)?.current ?? null;
}

/** The overlay: this is now the document's view (null: the overlay is off). Listeners hear every publication. */
export function publishViewedUser(doc: Document, viewed: ViewedUser | null): void {
  const c = channelOf(doc);
  if (c.current === null && viewed === null) return;
  c.current = viewed;
  for (const l of c.listeners) l(viewed);
}

export function subscribeViewedUser(doc: Document, listener: (v: ViewedUser | null) => void): () => void {
  const c = channelOf(doc);
  c.listeners.add(listener);
  return () => c.listeners.delete(listener);
}
