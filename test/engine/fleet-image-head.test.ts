// A cold start reads the stored image's head alone (issue 13): who sees what is decided from it, and names, ids and
// record texts are read a range at a time when an answer first needs them (core/engine/part-bytes.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileFleet, userAssetsPacked, type Fleet } from '../../core/engine';
import { FleetImageFormatError, fleetFromImage } from '../../core/engine/fleet-image';
import {
  decodeFleetImage,
  encodeFleetImage,
  fleetFromImageBytes,
  fleetImageBytes,
  type LaterBytesReader,
} from '../../core/engine/fleet-image-bytes';
import { BytesPending, withBytes } from '../../core/engine/part-bytes';
import { generateFleet } from '../../core/generate/fleet';
import { createDirectSource } from '../../core/source/direct-source';
import { snapshotArb } from './arbitraries';
import { joined } from './image-bytes';
import { everyAnswer } from './every-answer';

/** Small blocks read in windows too, so a small fleet goes down the paths a million-asset one does. */
const SMALL_WINDOWS = { wholeBelow: 64, window: 32 };

/** The image as a cold start has it: its head, and a reader of the rest that records what it was asked for. */
function headOnly(compiled: Fleet, tuning: Partial<LaterBytesReader> = SMALL_WINDOWS) {
  const encoded = fleetImageBytes(compiled);
  const all = joined(encoded);
  const reads: Array<[number, number]> = [];
  const later: LaterBytesReader = {
    size: all.byteLength,
    read: async (from, to) => {
      reads.push([from, to]);
      return all.slice(from, to);
    },
    ...tuning,
  };
  const readBytes = () => reads.reduce((n, [from, to]) => n + to - from, 0);
  return { fleet: fleetFromImageBytes(all.slice(0, encoded.headLength), later), reads, readBytes, encoded, all, later };
}

describe('a fleet loaded from its stored image’s head', () => {
  it('answers every question exactly as the compiled fleet does, reading the rest of the image as answers need it', async () => {
    await fc.assert(
      fc.asyncProperty(snapshotArb(), async (s) => {
        const compiled = compileFleet(s);
        const { fleet } = headOnly(compiled);
        expect(await withBytes(() => everyAnswer(fleet, s))).toEqual(everyAnswer(compiled, s));
        expect(await withBytes(() => JSON.parse(JSON.stringify(fleet.snapshot)) as unknown)).toEqual(JSON.parse(JSON.stringify(s)));
      }),
      { numRuns: 40 },
    );
  });

  it('decides every asset’s effect for a user from the head alone, reading nothing after it', () => {
    const s = generateFleet({ seed: 3, assets: 2000 });
    const compiled = compileFleet(s);
    const { fleet, reads, encoded } = headOnly(compiled);
    expect(encoded.headLength).toBeLessThan(encoded.byteLength / 2);
    for (const u of [0, 7, s.users.length - 1]) expect([...userAssetsPacked(fleet, u)]).toEqual([...userAssetsPacked(compiled, u)]);
    expect(reads).toEqual([]);
  });

  it('reads a page of asset rows as a few windows of names and ids, not the rest of the image', async () => {
    const s = generateFleet({ seed: 4, assets: 4000 });
    const compiled = compileFleet(s);
    const { fleet, reads, readBytes, all, encoded } = headOnly(compiled, { wholeBelow: 1024, window: 8192 });
    const userId = s.users[3].id;
    const request = { userId, offset: 100, limit: 50 };
    const page = await createDirectSource({ fleet }).assetPage(request);
    expect(page).toEqual(await createDirectSource({ fleet: compiled }).assetPage(request));
    expect(page.rows).toHaveLength(50);
    expect(reads.length).toBeGreaterThan(0);
    expect(readBytes()).toBeLessThan((all.byteLength - encoded.headLength) / 4);
  });

  // 70,000 ids are past 16-bit slots; the table is ~1.5 slots an id, of 4 bytes or 2
  it.each([
    { assets: 70_000, slotBytes: 4 },
    { assets: 3_000, slotBytes: 2 },
  ])('finds one of $assets assets by id, or none, reading a window of its id table, not the table', async ({ assets, slotBytes }) => {
    const s = generateFleet({ seed: 7, assets });
    const compiled = compileFleet(s);
    const table = Math.ceil(assets * 1.5) * slotBytes;
    const window = Math.floor(table / 16);
    for (const id of [s.assets[Math.floor(assets * 0.77)].id, 'no-such-asset']) {
      // a woken worker's first explanation: one look-up
      const { fleet, readBytes } = headOnly(compiled, { wholeBelow: window, window });
      expect(await withBytes(() => fleet.assetIndex.get(id))).toBe(compiled.assetIndex.get(id));
      // a window of the slots and, for a hit, one of the ids; the table alone would be 16 windows
      expect(readBytes()).toBeLessThan(table / 4);
    }
  });

  it('looks up the ids of a page of assets reading their id table whole after one window, not the whole image', async () => {
    const assets = 70_000;
    const s = generateFleet({ seed: 8, assets });
    const compiled = compileFleet(s);
    const window = Math.floor((Math.ceil(assets * 1.5) * 4) / 16);
    const { fleet, readBytes, all, encoded } = headOnly(compiled, { wholeBelow: window, window });
    // a page's badges: ids all over the table (a window of slots each), and of the ids' column
    const ids = Array.from({ length: 50 }, (_, i) => s.assets[(i * 7919) % assets].id);
    const found = await withBytes(() => ids.map((id) => fleet.assetIndex.get(id)));
    expect(found).toEqual(ids.map((id) => compiled.assetIndex.get(id)));
    // a window per miss would reach PART_FETCHES_MAX, and the rest of the image would be read whole
    expect(readBytes()).toBeLessThan((all.byteLength - encoded.headLength) / 2);
  });

  it('encodes a head-only image as it was stored, its hash slots read a window or whole', async () => {
    const s = generateFleet({ seed: 9, assets: 3000 });
    const { encoded, all, later } = headOnly(compileFleet(s));
    const image = decodeFleetImage(all.slice(0, encoded.headLength), later);
    // one look-up first: the asset table's slots then hold a window, not the table
    await withBytes(() => fleetFromImage(image).assetIndex.get(s.assets[17].id));
    expect(() => encodeFleetImage(image)).toThrow(BytesPending);
    const again = await withBytes(() => encodeFleetImage(image), true);
    expect(new Uint8Array(joined(again))).toEqual(new Uint8Array(all));
  });

  it('writes the same image again once every byte is read (the writer reads the rest first)', async () => {
    const s = generateFleet({ seed: 5, assets: 300 });
    const { fleet, all } = headOnly(compileFleet(s));
    expect(() => fleetImageBytes(fleet)).toThrow(BytesPending);
    const again = await withBytes(() => fleetImageBytes(fleet), true);
    expect(new Uint8Array(joined(again))).toEqual(new Uint8Array(all));
  });

  it('fails an answer whose bytes come back short with an error naming them, and reads them again on the next answer', async () => {
    const s = generateFleet({ seed: 6, assets: 200 });
    const { all, encoded, later } = headOnly(compileFleet(s));
    let short = true;
    const flaky: LaterBytesReader = {
      ...later,
      read: async (from, to) => {
        const bytes = all.slice(from, short ? to - 1 : to);
        short = false;
        return bytes;
      },
    };
    const fleet = fleetFromImageBytes(all.slice(0, encoded.headLength), flaky);
    const source = createDirectSource({ fleet });
    const request = { userId: s.users[0].id, limit: 5 };
    await expect(source.assetPage(request)).rejects.toThrow(/the stored fleet's bytes \d+–\d+ came back as \d+ bytes/);
    expect((await source.assetPage(request)).rows).toHaveLength(5);
  });

  it('refuses a head of another length than its header says, saying so', () => {
    const { all, encoded, later } = headOnly(compileFleet(generateFleet({ seed: 7, assets: 50 })));
    expect(() => fleetFromImageBytes(all.slice(0, encoded.headLength - 8), later)).toThrow(FleetImageFormatError);
    expect(() => fleetFromImageBytes(all.slice(0, encoded.headLength - 8), later)).toThrow(/cut short or damaged/);
  });

  it('gives up on bytes that stay missing after everything was read, instead of asking forever', async () => {
    let runs = 0;
    const never = () => {
      runs++;
      throw new BytesPending(
        'a test block',
        async () => undefined,
        async () => undefined,
      );
    };
    await expect(withBytes(never)).rejects.toThrow(BytesPending);
    expect(runs).toBeLessThan(20);
  });
});
