// What the panel needs to know of a view, said once beside the view (as the CLI's command descriptors): its tab's
// id and label, the kinds of page it shows on and opens first on, whether it answers about the inspected user, which
// outside request it answers, its component and its stylesheet rules. components/views/index.ts lists them in tab order.
import type { ComponentType } from 'preact';
import type { PageKind } from '../../core/adapters/types';
import type { ShareRequest } from '../panel/share-link';

export interface ViewDescriptor<Id extends string = string> {
  id: Id;
  /** The tab's text (and the view's level-2 heading for screen readers). */
  label: string;
  /** The kinds of page the tab is on; absent: every page. */
  shownOn?: readonly PageKind[];
  /** The kinds of page that open on this tab first (it answers the page's question). */
  defaultOn?: readonly PageKind[];
  /** The view is about the inspected user: without one the panel asks for one instead (useInspectedUser inside). */
  needsUser: boolean;
  /** The outside request (a badge, a shared link, a flip's "Open in Compare") this view answers. */
  answers?: ShareRequest['kind'];
  component: ComponentType;
  /** The view's own rules, added to the panel's one shadow-root stylesheet after the shared ones. */
  css?: string;
}

/** Keeps the id's literal type, so the registry's list gives the union of tab ids. */
export const defineView = <const Id extends string>(view: ViewDescriptor<Id>): ViewDescriptor<Id> => view;

/** The views shown on a kind of page (no kind: not a platform page we know), in the list's order. */
export function viewsFor<V extends ViewDescriptor>(views: readonly V[], kind: PageKind | null): readonly V[] {
  return views.filter((v) => v.shownOn === undefined || (kind !== null && v.shownOn.includes(kind)));
}

/** The view that answers a kind of page's question first; the first view where none claims the page. */
export function defaultViewFor<V extends ViewDescriptor>(views: readonly V[], kind: PageKind | null): V {
  return (kind !== null ? views.find((v) => v.defaultOn?.includes(kind)) : undefined) ?? views[0];
}
