// Where a redirect after sign-in may lead: a path of this site only. `/\evil.example` and `/<tab>/evil.example`
// start with one slash yet browsers read them as `//evil.example` (another host), so backslashes and control
// characters are refused outright, as is anything a URL parser would take off this origin.
const UNSAFE = /[\\\u0000-\u001f\u007f]/;

/** `next` when it is a same-origin path (starting with exactly one '/'), else `fallback`. */
export function localPathOr(next: string | undefined | null, fallback: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || UNSAFE.test(next)) return fallback;
  const base = 'http://demo.invalid';
  try {
    const url = new URL(next, base);
    const path = `${url.pathname}${url.search}${url.hash}`;
    // Dot segments can turn `/a/..//evil.example` into `//evil.example`.
    return url.origin === base && !path.startsWith('//') ? path : fallback;
  } catch {
    return fallback;
  }
}
