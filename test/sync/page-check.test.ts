// The sync page's fast contract check (core/sync/page-check.ts): it must take well-formed pages as SyncPageSchema
// returns them, and leave every page with anything unusual to the schema (which then decides and names the fault).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SyncPageSchema, compactChanges, type Change } from '../../core/api/contract';
import { COLLECTION_NAMES } from '../../core/model/snapshot';
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
  page([{ op: 'put', record: { name: 'no id' } }]),
  page([{ op: 'put', record: { id: '' } }]),
  page([{ op: 'delete', at: AT }]),
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

  it("reads a page that says its changes' time and author once, and puts whose records carry their keys, as the same page in full", () => {
    const full = page([
      put('a'),
      put('b', { author: 'u-2' }),
      del('c', { author: null }),
      { op: 'put', key: 'd', record: 1, at: AT, author: null },
    ]);
    const compact = page(
      [
        { op: 'put', record: { id: 'a', name: 'n' } },
        { op: 'put', record: { id: 'b', name: 'n' }, author: 'u-2' },
        { op: 'delete', key: 'c' },
        { op: 'put', key: 'd', record: 1 },
      ],
      { at: AT, author: null },
    );
    const expected = SyncPageSchema.parse(full);
    expect(fastSyncPage(JSON.parse(JSON.stringify(compact)))).toEqual(expected);
    expect(SyncPageSchema.parse(compact)).toEqual(expected);
    // Without the page's time a change without its own has none, as from a server that sends no times.
    const timeless = fastSyncPage(page([{ op: 'put', record: { id: 'a' } }]));
    expect(timeless?.changes).toEqual([{ op: 'put', key: 'a', record: { id: 'a' } }]);
  });

  it('refuses a put that neither has a key nor a record carrying one, naming the change', () => {
    const membership = { op: 'put', record: { userId: 'u-1', projectRoleId: 'r-1' } };
    const result = SyncPageSchema.safeParse(page([put('a'), membership], { collection: 'memberships' }));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['changes', 1, 'key'], message: expect.stringMatching(/carries it/) });
    expect(
      SyncPageSchema.parse(page([{ op: 'put', record: { userId: 'u-1', projectId: 'p-1' } }], { collection: 'memberships' })).changes[0]
        .key,
    ).toBe('u-1|p-1');
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

  it('reads a page the same in full and as a platform compacts it (compactChanges), whatever its changes', () => {
    const key = fc.constantFrom('a', 'b', 'u-1|p-1', 'c');
    const record = fc.oneof(
      key.map((id) => ({ id, name: 'n' })),
      fc.constant({ userId: 'u-1', projectId: 'p-1', projectRoleId: 'r' }),
      fc.constantFrom<unknown>({ name: 'no id' }, { id: 7 }, { id: '' }, null, [], 'text', 3),
    );
    const when = {
      at: fc.option(fc.constantFrom(AT, '2026-12-06T04:00:00+01:00'), { nil: undefined }),
      author: fc.option(fc.constantFrom<string | null>(null, 'u-1', 'u-2'), { nil: undefined }),
    };
    const change: fc.Arbitrary<Change> = fc.oneof(
      fc.record({ op: fc.constant('put' as const), key, record, ...when }, { requiredKeys: ['op', 'key', 'record'] }),
      fc.record({ op: fc.constant('delete' as const), key, ...when }, { requiredKeys: ['op', 'key'] }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...COLLECTION_NAMES), fc.array(change, { maxLength: 8 }), (collection, changes) => {
        const full = page(changes, { collection });
        const compact = page(compactChanges(collection, changes).changes, { collection, ...compactChanges(collection, changes) });
        expect(JSON.stringify(compact).length).toBeLessThanOrEqual(JSON.stringify(full).length);
        const expected = SyncPageSchema.parse(JSON.parse(JSON.stringify(full)));
        expect(SyncPageSchema.parse(JSON.parse(JSON.stringify(compact)))).toEqual(expected);
        const fast = fastSyncPage(JSON.parse(JSON.stringify(compact)));
        if (fast) expect(fast).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
