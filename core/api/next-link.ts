// The next page named in a sync answer's headers (issue 13): `Link: <…?cursor=…>; rel="next"` (RFC 8288, the way
// paginated HTTP APIs name their next page). The page's own `cursor` stays what a client commits; the header only
// lets it ask for the next page while this one's body is still arriving and being read, instead of after: a
// collection's pages form a chain (each request needs the cursor the page before it ends at), so at a million
// assets the time between one answer's first byte and its last was most of a fill's wall time.

/** The header value naming the page after this one: the same request from `cursor` (`url` holds the path and limit). */
export function nextPageLink(url: URL, cursor: string): string {
  const next = new URL(url);
  next.searchParams.set('cursor', cursor);
  next.searchParams.delete('requestId');
  return `<${next.pathname}${next.search}>; rel="next"`;
}

const LINK_MAX_LENGTH = 8192;

// RFC 8288 §3: a parameter is a token, then optionally `=` and a token or a quoted string (which may hold commas
// and semicolons). One parameter, capturing its name and its value (quoted or not)...
const PARAM = String.raw`;\s*([!#$%&'*+\-.^_\`|~0-9A-Za-z]+)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^",;\s]*)))?`;
const LINK_PARAM = new RegExp(PARAM, 'g');
// ...and one link-value: its target and its parameters (the same pattern, its captures unused).
const LINK_VALUE = new RegExp(String.raw`<([^<>]*)>((?:\s*${PARAM})*)`, 'g');

/**
 * The cursor of the page a Link header names as `rel="next"` (relative targets resolved against `base`, the
 * answer's URL), or null when it names none, or names one without a cursor. Never throws: a header that cannot be
 * read only costs the head start.
 */
export function nextCursorOf(link: string | null, base: string): string | null {
  // A platform's own header is a line; a longer one is not read (the regular expressions stay linear on it anyway).
  if (!link || link.length > LINK_MAX_LENGTH) return null;
  for (const [, target, params] of link.matchAll(LINK_VALUE)) {
    // Only the first rel parameter counts (RFC 8288 §3.3); it holds space-separated relation types.
    const rel = [...params!.matchAll(LINK_PARAM)].find(([, name]) => name!.toLowerCase() === 'rel');
    if (!(rel?.[2] ?? rel?.[3] ?? '').toLowerCase().split(/\s+/).includes('next')) continue;
    try {
      return new URL(target!, base).searchParams.get('cursor') || null;
    } catch {
      return null;
    }
  }
  return null;
}
