// Which windows may talk to the widget through postMessage.

/** The origins allowed to post to the widget: the attribute's list (space or comma separated), else this page's own origin. */
export function allowedOrigins(attribute: string | null, ownOrigin: string): Set<string> {
  const listed = (attribute ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((o) => {
      try {
        return new URL(o).origin;
      } catch {
        return null;
      }
    })
    // An opaque origin ("null": sandboxed frames, data: URLs) can never be allowed: anyone can make one.
    .filter((o): o is string => o !== null && o !== 'null');
  return new Set(listed.length > 0 ? listed : [ownOrigin]);
}
