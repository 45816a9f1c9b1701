// Issue 18 in the CLI: `--as-of <time>` on snapshot commands and the `timeline` command, on a snapshot with a
// history section (docs/SNAPSHOT-HISTORY.md). In-process through `main`, what the bin runs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { generateFleet } from '../../core/generate/fleet';
import type { HistoryEntry } from '../../core/model/history';
import type { ProjectRole, Snapshot } from '../../core/model/snapshot';
import { effectsOf, replay } from '../history/support';

const USER = 'u-tara-tech';
const SINCE = '2026-11-01T00:00:00Z';
const CHANGE_AT = '2026-11-28T14:02:00Z';
let dir: string;
let withHistory: string;
let withoutHistory: string;
let badHistory: string;
let lostAsset: string;
let role: ProjectRole;
let tag: string;

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

beforeAll(() => {
  process.env.ACCESS_INSPECTOR_CACHE = 'off';
  dir = mkdtempSync(join(tmpdir(), 'ai-history-cli-'));
  const start = generateFleet({ seed: 7, assets: 400 });
  const mine = new Set(start.memberships.filter((m) => m.userId === USER).map((m) => m.projectRoleId));
  role = start.projectRoles.find((r) => mine.has(r.id) && r.tags.some((t) => t.read))!;
  tag = role.tags.find((t) => t.read)!.tag;
  // The role's name is platform text: a formula and Markdown link must stay text in every export.
  const named = { ...role, name: '=Service [Tech](http://x)' };
  const before: Snapshot = { ...start, projectRoles: start.projectRoles.map((r) => (r.id === role.id ? named : r)) };
  const after: ProjectRole = { ...named, tags: named.tags.map((t) => (t.tag === tag ? { ...t, read: false, write: false } : t)) };
  const entry: HistoryEntry = { collection: 'projectRoles', key: role.id, at: CHANGE_AT, author: 'u-gina-admin', before: named, after };
  const now = replay(before, [entry]);
  const was = effectsOf(before, USER);
  const is = effectsOf(now, USER);
  lostAsset = [...was].find(([id, e]) => e > (is.get(id) ?? 0))![0];
  withHistory = join(dir, 'with-history.json');
  writeFileSync(withHistory, JSON.stringify({ ...now, history: { since: SINCE, entries: [entry], gaps: [] } }));
  withoutHistory = join(dir, 'plain.json');
  writeFileSync(withoutHistory, JSON.stringify(now));
  badHistory = join(dir, 'bad-history.json');
  writeFileSync(
    badHistory,
    JSON.stringify({
      ...now,
      history: {
        since: SINCE,
        entries: [
          { ...entry, after: { ...after, tags: [{ tag, read: false, write: true }] } },
          { ...entry, key: 'pr-other' },
        ],
      },
    }),
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env.ACCESS_INSPECTOR_CACHE;
});

describe('timeline', () => {
  it('names the role change as the cause of the assets the user lost, with its time and author', async () => {
    const r = await run(['timeline', '--data', withHistory, '--user', USER]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${CHANGE_AT}  role «=Service [Tech](http://x)» lost read on tag «${tag}» (by Gina`);
    expect(r.stdout).toMatch(/→ \d+ assets? hidden \(was (read-only|fully accessible)\) for Tara Visser/);
    expect(r.stdout).toContain(lostAsset);
  });

  it('prints the same timeline as JSON (--format json and --json), each cause with its change in words', async () => {
    const a = await run(['timeline', '--data', withHistory, '--user', USER, '--format', 'json']);
    const b = await run(['timeline', '--data', withHistory, '--user', USER, '--json']);
    expect(a.stdout).toBe(b.stdout);
    const doc = JSON.parse(a.stdout);
    expect(doc.events[0].causes[0]).toMatchObject({ entry: 0, collection: 'projectRoles', key: role.id, author: 'u-gina-admin' });
    expect(doc.events[0].causes[0].change).toContain(`lost read on tag «${tag}»`);
    expect(doc.events[0].groups.flatMap((g: { assetIds: string[] }) => g.assetIds)).toContain(lostAsset);
  });

  it('exports CSV (quoted cells, one row per group of assets) and Markdown with platform text escaped', async () => {
    const csv = await run(['timeline', '--data', withHistory, '--user', USER, '--format', 'csv']);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('"At","From","To","Assets","Asset ids","Attribution","Changes","Authors","Other users moved","In gap"');
    expect(lines[1]).toContain('"CAUSE","role «=Service [Tech](http://x)» lost read');
    expect(lines[1].startsWith(`"${CHANGE_AT}"`)).toBe(true);
    const md = await run(['timeline', '--data', withHistory, '--user', USER, '--format', 'markdown']);
    expect(md.stdout).toContain('### Access timeline of Tara Visser');
    expect(md.stdout).toContain('«=Service \\[Tech\\]\\(http://x\\)»');
    expect(md.stdout).not.toContain('[Tech](http');
  });

  it('lists nothing for a period before the change, and refuses a period before the history', async () => {
    const early = await run(['timeline', '--data', withHistory, '--user', USER, '--until', '2026-11-20T00:00:00Z']);
    expect(early.stdout).toContain('0 moments of change');
    const tooEarly = await run(['timeline', '--data', withHistory, '--user', USER, '--since', '2026-10-01T00:00:00Z']);
    expect(tooEarly.code).toBe(2);
    expect(tooEarly.stderr).toContain('history starts at 2026-11-01T00:00:00Z');
  });

  it('is a usage error without a history section, with an unknown format; exit 4 for an unknown user', async () => {
    const none = await run(['timeline', '--data', withoutHistory, '--user', USER]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('timeline needs a snapshot with a history section');
    const format = await run(['timeline', '--data', withHistory, '--user', USER, '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be one of text, json, csv, markdown');
    expect((await run(['timeline', '--data', withHistory, '--user', 'u-nobody'])).code).toBe(4);
  });
});

describe('timeline --asset (since when)', () => {
  it('names the moment and the role change that hid the asset, and says "before the history" for one that did not change', async () => {
    const r = await run(['timeline', '--data', withHistory, '--user', USER, '--asset', lostAsset]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`hidden since ${CHANGE_AT} (was `);
    expect(r.stdout).toContain(`${CHANGE_AT}  role «=Service [Tech](http://x)» lost read on tag «${tag}» (by Gina`);
    const doc = JSON.parse((await run(['timeline', '--data', withHistory, '--user', USER, '--asset', lostAsset, '--json'])).stdout);
    expect(doc).toMatchObject({
      code: 'CHANGED',
      effect: 'hidden',
      since: CHANGE_AT,
      attribution: 'CAUSE',
      causes: [expect.objectContaining({ entry: 0, key: role.id })],
    });
    const csv = await run(['timeline', '--data', withHistory, '--user', USER, '--asset', lostAsset, '--format', 'csv']);
    expect(csv.code).toBe(2);
  });
});

describe('--as-of', () => {
  it('answers explain and visible as of before the change with the old effect, marked as not now', async () => {
    const now = await run(['explain', '--data', withHistory, '--user', USER, '--asset', lostAsset, '--json']);
    expect(JSON.parse(now.stdout).effect).toBe('hidden');
    const then = await run([
      'explain',
      '--data',
      withHistory,
      '--user',
      USER,
      '--asset',
      lostAsset,
      '--as-of',
      '2026-11-28T14:01:59Z',
      '--json',
    ]);
    expect(then.code).toBe(0);
    const doc = JSON.parse(then.stdout);
    expect(doc.effect).not.toBe('hidden');
    expect(doc.asOf).toEqual({ at: '2026-11-28T14:01:59Z', gaps: [] });
    const text = await run(['visible', '--data', withHistory, '--user', USER, '--as-of', '2026-11-28T14:01:59Z']);
    expect(text.stdout.split('\n')[0]).toBe("as of 2026-11-28T14:01:59Z (from the snapshot's history; not now)");
    expect(text.stdout).toContain(lostAsset);
    const after = await run(['visible', '--data', withHistory, '--user', USER, '--as-of', CHANGE_AT]);
    expect(after.stdout).not.toContain(lostAsset);
  });

  it('is a usage error for a snapshot without history, a time before it, and a time without zone', async () => {
    const none = await run(['visible', '--data', withoutHistory, '--user', USER, '--as-of', CHANGE_AT]);
    expect(none).toMatchObject({ code: 2 });
    expect(none.stderr).toContain('--as-of needs a snapshot with a history section');
    const before = await run(['who-can-see', '--data', withHistory, '--asset', lostAsset, '--as-of', '2026-10-31T23:00:00Z']);
    expect(before.code).toBe(2);
    expect(before.stderr).toContain('history starts at 2026-11-01T00:00:00Z: nothing is known before it');
    const bad = await run(['visible', '--data', withHistory, '--user', USER, '--as-of', 'last tuesday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not a time with a zone: "last tuesday"');
  });
});

describe('the history section of a snapshot', () => {
  it('reads a snapshot without one exactly as before', async () => {
    const a = await run(['visible', '--data', withoutHistory, '--user', USER, '--json']);
    const b = await run(['visible', '--data', withHistory, '--user', USER, '--json']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('refuses an invalid record or a key that does not match, naming the entry and the field (exit 3)', async () => {
    const r = await run(['visible', '--data', badHistory, '--user', USER]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('history.entries[0].after.tags[0].write: write without read (a projectRoles record)');
    expect(r.stderr).toContain(`history.entries[1].before: the record's key is "${role.id}", not the entry's key "pr-other"`);
  });
});
