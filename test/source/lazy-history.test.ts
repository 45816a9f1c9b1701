// The source's history read on first need (issue 13): once, kept until new data replaces it; a read that finishes
// after new data arrived is dropped for the new supply; a failed read is tried again.
import { describe, expect, it } from 'vitest';
import { LazyHistory, type SourceHistory } from '../../core/source/lazy-history';

const history = (since: string): SourceHistory => ({ history: { since, entries: [], gaps: [] } });

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the lazily read history', () => {
  it('is read on the first need only, then kept', async () => {
    let reads = 0;
    const lazy = new LazyHistory(async () => (reads++, history('2026-11-01T00:00:00.000Z')));
    expect(reads).toBe(0);
    expect(lazy.loaded).toBe(false);
    const [a, b] = await Promise.all([lazy.get(), lazy.get()]);
    expect(a).toBe(b);
    expect(await lazy.get()).toBe(a);
    expect(reads).toBe(1);
    expect(lazy.loaded).toBe(true);
  });

  it('drops a read that finishes after new data came with its own history, and answers with the new one', async () => {
    const slow = deferred<SourceHistory | null>();
    const lazy = new LazyHistory(() => slow.promise);
    const asked = lazy.get();
    lazy.set(async () => history('2026-11-02T00:00:00.000Z'));
    slow.resolve(history('2026-11-01T00:00:00.000Z'));
    expect((await asked)?.history.since).toBe('2026-11-02T00:00:00.000Z');
  });

  it('reads again after a failed read, and takes a history given as it is', async () => {
    let fail = true;
    const lazy = new LazyHistory(async () => {
      if (fail) throw new Error('database closed');
      return null;
    });
    await expect(lazy.get()).rejects.toThrow('database closed');
    fail = false;
    expect(await lazy.get()).toBeNull();
    const given = history('2026-11-03T00:00:00.000Z');
    lazy.set(given);
    expect(await lazy.get()).toBe(given);
  });
});
