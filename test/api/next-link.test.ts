// The next page named in a sync answer's headers (core/api/next-link.ts): what the platform writes reads back as
// the same cursor, a Link header with other relations or parameters is read as RFC 8288 says, and one that cannot
// be read names nothing (the head start is lost, never the page).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextCursorOf, nextPageLink } from '../../core/api/next-link';

const ANSWER = 'https://platform.test/api/v1/sync/assets?cursor=abc&limit=5000&requestId=0123456789abcdef';

describe('the next page named in a Link header', () => {
  it('reads back the cursor the platform wrote, whatever its characters, without the request’s id', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (cursor) => {
        const link = nextPageLink(new URL(ANSWER), cursor);
        expect(link).not.toContain('requestId');
        expect(link).toContain('limit=5000');
        expect(nextCursorOf(link, ANSWER)).toBe(cursor);
      }),
    );
  });

  it('finds rel="next" among other link-values and relation types, in any case, quoted or not', () => {
    const base = 'https://platform.test/api/v1/sync/assets';
    expect(nextCursorOf('</a?cursor=p>; rel="prev", </a?cursor=n>; rel="next"', base)).toBe('n');
    expect(nextCursorOf('</a?cursor=n>; title="a, b; c"; rel="last NEXT"', base)).toBe('n');
    expect(nextCursorOf('</a?cursor=n>;rel=next', base)).toBe('n');
    expect(nextCursorOf('<https://elsewhere.test/x?cursor=abs>; rel="next"', base)).toBe('abs');
    // only a rel's first occurrence counts (RFC 8288 §3.3)
    expect(nextCursorOf('</a?cursor=n>; rel="prev"; rel="next"', base)).toBeNull();
  });

  it('names nothing for a missing header, another relation, a target without a cursor or one that is not a URL', () => {
    const base = 'https://platform.test/api/v1/sync/assets';
    expect(nextCursorOf(null, base)).toBeNull();
    expect(nextCursorOf('', base)).toBeNull();
    expect(nextCursorOf('</a?cursor=p>; rel="prev"', base)).toBeNull();
    expect(nextCursorOf('</a?limit=5>; rel="next"', base)).toBeNull();
    expect(nextCursorOf('</a?cursor=>; rel="next"', base)).toBeNull();
    expect(nextCursorOf('<http://[bad>; rel="next"', base)).toBeNull();
    expect(nextCursorOf('</a?cursor=n>; rel="next"', 'not a base')).toBeNull();
    expect(nextCursorOf('garbage; rel=next', base)).toBeNull();
    expect(nextCursorOf(`</a?cursor=n>; rel="next"; title="${'x'.repeat(9000)}"`, base)).toBeNull(); // too long to read
    expect(nextCursorOf(`${'<'.repeat(8000)}</a?cursor=n>; rel="next"`, base)).toBe('n');
  });
});
