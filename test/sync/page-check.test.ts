// The sync page's fast contract check (core/sync/page-check.ts): it must take well-formed pages as SyncPageSchema
// returns them, and leave every page with anything unusual to the schema (which then decides and names the fault).
import { describe, expect, it } from 'vitest';
import { SyncPageSchema } from '../../core/api/contract';
import { fastSyncPage } from '../../core/sync/page-check';

const AT = '2026-12-06T03:52:10.123Z';
const put = (key: string, extra: Record<string, unknown> = {}) => ({
  op: 'put',
  key,
  record: { id: key, name: 'n' },
  at: AT,
  author: null,
  ...extra,
});
const del = (key: string, extra: Record<string, unknown> = {}) => ({ op: 'delete', key, at: AT, author: 'u-1', ...extra });
const page = (changes: unknown[], extra: Record<string, unknown> = {}) => ({
  collection: 'assets',
  changes,
  cursor: 'c-1',
  hasMore: true,
  serverTime: AT,
  requestId: 'r-1',
  ...extra,
});

/** Pages with something the fast path does not read as is (refused, caught, stripped or merely absent): left to the schema. */
const unusual: unknown[] = [
  null,
  [],
  page([put('a'), { op: 'patch', key: 'b', at: AT, author: null }]),
  page([put('a', { key: '' })]),
  page([put('a', { key: 7 })]),
  page([put('a', { at: 'yesterday' })]),
  page([put('a', { at: '2026-02-30T00:00:00Z' })]),
  page([{ op: 'put', key: 'a', record: 1, author: null }]),
  page([{ op: 'put', key: 'a', at: AT, author: null }]),
  page([put('a', { author: '' })]),
  page([put('a', { author: 'x'.repeat(201) })]),
  page([put('a', { author: 3 })]),
  page([put('a', { extra: true })]),
  page([del('a', { record: { id: 'a' } })]),
  page([JSON.parse(`{"__proto__": 1, "op": "put", "key": "a", "record": 1, "at": "${AT}", "author": null}`)]),
  page([put('a'), 'text']),
  page([put('a')], { collection: 'widgets' }),
  page([put('a')], { cursor: '' }),
  page([put('a')], { serverTime: 'now' }),
  page([put('a')], { hasMore: 'yes' }),
  page([put('a')], { requestId: 'r'.repeat(65) }),
  { ...page([]), changes: 'changes' },
];

describe('the sync page check', () => {
  it('takes a well-formed page of puts and deletes as the schema returns it (same fields, same order)', () => {
    const input = page([put('a'), del('b'), put('c', { author: 'u-2', at: '2026-12-06T04:00:00+01:00' })], { unknownField: 1 });
    const fast = fastSyncPage(JSON.parse(JSON.stringify(input)));
    expect(fast).not.toBeNull();
    const zod = SyncPageSchema.parse(input);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(zod));
    expect(fast).toEqual(zod);
  });

  it('leaves every page with an unusual change or field to the schema', () => {
    for (const input of unusual) {
      expect(fastSyncPage(input), JSON.stringify(input)?.slice(0, 200)).toBeNull();
    }
  });

  it('checks every change time it has not seen (one valid time does not vouch for another)', () => {
    expect(fastSyncPage(page([put('a'), put('b', { at: '2026-13-01T00:00:00Z' })]))).toBeNull();
    expect(fastSyncPage(page([put('a'), put('b')]))).not.toBeNull();
  });
});
