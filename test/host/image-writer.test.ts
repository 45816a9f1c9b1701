// The whole-image writer yields to the panel (issue 13): a fold or first store waits until the host has answered no
// request for quietMs, so a user working in the panel never queues behind seconds of image writing; and it still
// writes within IMAGE_STORE_MAX_WAIT_MS of being asked when requests never pause.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CacheDb } from '../../core/cache/db';
import type { FleetStamp } from '../../core/cache/fleet-image-store';
import type { Fleet } from '../../core/engine';
import { FleetImageWriter, IMAGE_STORE_MAX_WAIT_MS } from '../../core/host/image-writer';

/** A writer whose write records when it happened instead of converting a fleet (what is timed is the waiting). */
class RecordingWriter extends FleetImageWriter {
  readonly writes: Array<{ at: number; fleet: Fleet }> = [];
  override async storeNow(fleet: Fleet): Promise<void> {
    this.writes.push({ at: Date.now(), fleet });
  }
}

const fleet = (name: string) => ({ name }) as unknown as Fleet;
const stamp = {} as FleetStamp;
const writer = () => new RecordingWriter({} as CacheDb, { delayMs: 100, quietMs: 1000, patchBudgetMs: 50 });

afterEach(() => vi.useRealTimers());

describe('the whole-image writer', () => {
  it('waits until requests pause for the quiet time before writing', async () => {
    vi.useFakeTimers({ now: 0 });
    const w = writer();
    w.storeSoon(fleet('a'), stamp);
    // A panel asking every 200 ms for 3 s: nothing is written meanwhile.
    for (let t = 0; t < 3000; t += 200) {
      w.noteRequest();
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(w.writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(w.writes).toHaveLength(1);
    // Written once the last request (at 2800 ms) was a quiet second old, not before.
    expect(w.writes[0].at).toBeGreaterThanOrEqual(3800);
    expect(w.writes[0].at).toBeLessThan(4100);
  });

  it('writes after the short delay when nobody asks, and only the latest image asked for', async () => {
    vi.useFakeTimers({ now: 0 });
    const w = writer();
    w.storeSoon(fleet('a'), stamp);
    w.storeSoon(fleet('b'), stamp);
    // The newer image restarts the short delay (100 ms twice); a quiet second is not waited for: nobody asked.
    await vi.advanceTimersByTimeAsync(250);
    expect(w.writes.map((x) => (x.fleet as unknown as { name: string }).name)).toEqual(['b']);
  });

  it('writes within the longest wait even when requests never pause', async () => {
    vi.useFakeTimers({ now: 0 });
    const w = writer();
    w.storeSoon(fleet('a'), stamp);
    for (let t = 0; t < IMAGE_STORE_MAX_WAIT_MS + 2000; t += 100) {
      w.noteRequest();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(w.writes).toHaveLength(1);
    expect(w.writes[0].at).toBeLessThanOrEqual(IMAGE_STORE_MAX_WAIT_MS + 100);
  });
});
