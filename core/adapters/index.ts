// Picks the adapter for a page and extracts its context. Pure: the DOM is reached only through PageReader, which
// components/adapters/read-page.ts implements over a real document.
import { assetAdapter } from './asset';
import { featureAdapter } from './feature';
import { PAGE_PROJECT, SIGNED_IN_USER } from './common';
import { fleetAdapter } from './fleet';
import { registrationsAdapter } from './registrations';
import { roleAdapter, rolesAdapter } from './roles';
import { ticketsAdapter } from './tickets';
import { userAdapter } from './user';
import { usersAdapter } from './users';
import { EMPTY_PAGE_CONTEXT, type PageAdapter, type PageContext, type ValueRead, type ValueReads } from './types';

export * from './types';

/** Most specific first where patterns could overlap. */
export const PAGE_ADAPTERS: readonly PageAdapter[] = [
  assetAdapter,
  userAdapter,
  fleetAdapter,
  ticketsAdapter,
  usersAdapter,
  registrationsAdapter,
  featureAdapter,
  roleAdapter,
  rolesAdapter,
];

export interface PageReader {
  /** The page's `body[data-ai-page]` marker, if any. */
  marker(): string | null;
  /** The values of `attr` on every element that matches `selector`, in document order (missing/empty ones left out). */
  readAll(selector: string, attr: string): string[];
}

const segments = (path: string): string[] => path.split('/').filter((s) => s !== '');

/**
 * Matches a pathname against a `:name` pattern. The pattern may sit under a base path (`/app/assets/a1` matches
 * `/assets/:assetId`), since the platform can be served below a prefix. Returns the decoded params, or null.
 */
export function matchUrlPattern(pattern: string, pathname: string): Record<string, string> | null {
  const want = segments(pattern);
  const have = segments(pathname);
  if (have.length < want.length) return null;
  const tail = have.slice(have.length - want.length);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    let h: string;
    try {
      h = decodeURIComponent(tail[i]);
    } catch {
      return null;
    }
    if (w.startsWith(':')) {
      if (h === '') return null;
      params[w.slice(1)] = h;
    } else if (w !== h) return null;
  }
  return params;
}

/** The page's own marker wins; otherwise the first adapter whose pattern matches the path. */
export function pickAdapter(pathname: string, marker: string | null, adapters: readonly PageAdapter[] = PAGE_ADAPTERS): PageAdapter | null {
  if (marker) {
    const byMarker = adapters.find((a) => a.pageMarker === marker);
    if (byMarker) return byMarker;
  }
  return adapters.find((a) => matchUrlPattern(a.urlPattern, pathname) !== null) ?? null;
}

function readValues(reads: ValueReads | undefined, reader: PageReader, params: Record<string, string>): string[] {
  if (!reads) return [];
  for (const read of Array.isArray(reads) ? (reads as readonly ValueRead[]) : [reads as ValueRead]) {
    const values =
      'urlParam' in read ? (params[read.urlParam] ? [params[read.urlParam]] : []) : [...new Set(reader.readAll(read.selector, read.attr))];
    if (values.length > 0) return values;
  }
  return [];
}

/** Everything the adapter declares, read from the page. Pages with no matching adapter still give the signed-in user. */
export function extractPageContext(pathname: string, reader: PageReader, adapters: readonly PageAdapter[] = PAGE_ADAPTERS): PageContext {
  const adapter = pickAdapter(pathname, reader.marker(), adapters);
  if (!adapter) {
    // Any page of the platform still says who is signed in and which project is open.
    const userId = reader.readAll(SIGNED_IN_USER.selector, SIGNED_IN_USER.attr)[0] ?? null;
    const projectId = reader.readAll(PAGE_PROJECT.selector, PAGE_PROJECT.attr)[0] ?? null;
    return { ...EMPTY_PAGE_CONTEXT, userId, projectId };
  }
  const params = matchUrlPattern(adapter.urlPattern, pathname) ?? {};
  const first = (read: ValueReads | undefined) => readValues(read, reader, params)[0] ?? null;
  return {
    adapterId: adapter.id,
    userId: first(adapter.reads.userId),
    projectId: first(adapter.reads.projectId),
    featureGroupId: first(adapter.reads.featureGroupId),
    assetIds: readValues(adapter.reads.assetIds, reader, params),
    assetDetailId: first(adapter.reads.assetDetailId),
    ticketIds: readValues(adapter.reads.ticketIds, reader, params),
    targetUserId: first(adapter.reads.targetUserId),
    registrantIds: readValues(adapter.reads.registrantIds, reader, params),
    projectRoleId: adapter.reads.projectRoleId
      ? (readValues(adapter.reads.projectRoleId, reader, params)[0] ?? (adapter.id === 'role' ? '' : null))
      : null,
  };
}

/** True when two contexts name the same things (the shell re-renders only on a real change). */
export function samePageContext(a: PageContext, b: PageContext): boolean {
  return (
    a.adapterId === b.adapterId &&
    a.userId === b.userId &&
    a.projectId === b.projectId &&
    a.featureGroupId === b.featureGroupId &&
    a.assetDetailId === b.assetDetailId &&
    a.targetUserId === b.targetUserId &&
    (a.projectRoleId ?? null) === (b.projectRoleId ?? null) &&
    a.assetIds.join('\u0000') === b.assetIds.join('\u0000') &&
    a.ticketIds.join('\u0000') === b.ticketIds.join('\u0000') &&
    a.registrantIds.join('\u0000') === b.registrantIds.join('\u0000')
  );
}
