// The fleet image as the bytes the cache stores (issue 13): decoded from one buffer it is the image that was
// encoded (typed arrays as views on that buffer, long strings back as text), and a buffer that is cut short,
// lengthened, overwritten or of another layout is refused with a FleetImageFormatError naming what is wrong —
// never decoded to a different fleet.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { compileFleet, explainAsset, userAssetsPacked } from '../../core/engine';
import { FLEET_IMAGE_FORMAT, FleetImageFormatError, fleetFromImage, fleetToImage } from '../../core/engine/fleet-image';
import { decodeFleetImage, encodeFleetImage, fleetFromImageBytes, fleetImageBytes } from '../../core/engine/fleet-image-bytes';
import { generateFleet } from '../../core/generate/fleet';
import { snapshotArb } from './arbitraries';
import { asset, baseSnapshot, user } from './fixtures';
import { joined } from './image-bytes';

const imageOf = () => fleetToImage(compileFleet(generateFleet({ assets: 300, seed: 7 })));

/** Every typed array in the image, with where it sits. */
function typedArrays(v: unknown, path = ''): [string, ArrayBufferView][] {
  if (ArrayBuffer.isView(v)) return [[path, v]];
  if (typeof v !== 'object' || v === null) return [];
  return Object.entries(v).flatMap(([k, x]) => typedArrays(x, `${path}.${k}`));
}

/** The buffer with its JSON header replaced by `edit(header)` (the data area moved along). */
function withHeader(buffer: ArrayBuffer, edit: (h: Record<string, unknown>) => void): ArrayBuffer {
  const length = new DataView(buffer).getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 12, length))) as Record<string, unknown>;
  edit(header);
  const bytes = new TextEncoder().encode(JSON.stringify(header));
  const start = (12 + bytes.byteLength + 7) & ~7;
  const data = new Uint8Array(buffer, (12 + length + 7) & ~7);
  const out = new Uint8Array(start + data.byteLength);
  out.set(new Uint8Array(buffer, 0, 8));
  new DataView(out.buffer).setUint32(8, bytes.byteLength, true);
  out.set(bytes, 12);
  out.set(data, start);
  return out.buffer;
}

const refused = (buffer: ArrayBuffer) => {
  try {
    decodeFleetImage(buffer);
  } catch (error) {
    expect(error).toBeInstanceOf(FleetImageFormatError);
    return (error as Error).message;
  }
  throw new Error('the damaged buffer was decoded');
};

describe('the fleet image as stored bytes', () => {
  it('decodes to the image that was encoded, for any snapshot, and the loaded fleet answers as the compiled one', () => {
    fc.assert(
      fc.property(snapshotArb(), (s) => {
        const compiled = compileFleet(s);
        const image = fleetToImage(compiled);
        expect(decodeFleetImage(joined(encodeFleetImage(image)))).toEqual(image);
        const loaded = fleetFromImageBytes(joined(fleetImageBytes(compiled)));
        for (const u of s.users) {
          expect([...userAssetsPacked(loaded, loaded.userIndex.get(u.id)!)]).toEqual([
            ...userAssetsPacked(compiled, compiled.userIndex.get(u.id)!),
          ]);
          for (const a of s.assets) expect(explainAsset(loaded, u.id, a.id)).toEqual(explainAsset(compiled, u.id, a.id));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('gives every typed array back as a view on the one buffer read (no copy), at a multiple of its element size', () => {
    const buffer = joined(encodeFleetImage(imageOf()));
    const arrays = typedArrays(decodeFleetImage(buffer));
    expect(arrays.length).toBeGreaterThan(20);
    for (const [path, a] of arrays) {
      expect(a.buffer, path).toBe(buffer);
      expect(a.byteOffset % 8, path).toBe(0);
    }
  });

  it('keeps long strings exactly: beyond Latin-1, NUL inside, and a lone surrogate (which UTF-8 cannot hold)', () => {
    const long = (tail: string) => `${'x'.repeat(300)}${tail}`;
    const s = baseSnapshot({
      users: [user('u-1', { name: long('Łukasz 山田 🙂') })],
      assets: [asset('a-1', { name: long('Pompe \u0000 水') }), asset('a-2', { name: long('half \ud83d pair') }), asset('a-3')],
    });
    const image = fleetToImage(compileFleet(s));
    const back = decodeFleetImage(joined(encodeFleetImage(image)));
    expect(back).toEqual(image);
    const loaded = fleetFromImage(back);
    expect(loaded.assetNames).toEqual(s.assets.map((a) => a.name));
    expect(loaded.snapshot.users).toEqual(s.users);
  });

  it('decodes a column’s whole text only for its whole array: a user’s visible assets and one explained asset decode neither the asset ids nor names', () => {
    const s = generateFleet({ assets: 300, seed: 7 });
    const compiled = compileFleet(s);
    const image = decodeFleetImage(joined(fleetImageBytes(compiled)));
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const loaded = fleetFromImage(image);
    const u = s.users.find((x) => x.status === 'active')!;
    expect([...userAssetsPacked(loaded, loaded.userIndex.get(u.id)!)]).toEqual([
      ...userAssetsPacked(compiled, compiled.userIndex.get(u.id)!),
    ]);
    const decoded = () => decode.mock.results.map((r) => r.value as string);
    const ids = s.assets.map((a) => a.id).join('\u0000');
    const names = s.assets.map((a) => a.name).join('\u0000');
    expect(decoded()).not.toContain(ids);
    expect(decoded()).not.toContain(names);
    expect(explainAsset(loaded, u.id, s.assets[42].id)).toEqual(explainAsset(compiled, u.id, s.assets[42].id));
    expect(decoded()).not.toContain(ids);
    expect(decoded()).not.toContain(names);
    expect(loaded.assetNames).toEqual(s.assets.map((a) => a.name));
    expect(decoded().filter((d) => d === names)).toHaveLength(1);
    decode.mockRestore();
  });

  it('is refused when cut short anywhere, or lengthened, naming the damage', () => {
    const buffer = joined(encodeFleetImage(imageOf()));
    const cuts = [0, 5, 11, 12, 40, buffer.byteLength >> 1, buffer.byteLength - 8, buffer.byteLength - 1];
    for (const n of cuts) expect(refused(buffer.slice(0, n))).toMatch(/without its mark|runs past|cut short or damaged/);
    const longer = new Uint8Array(buffer.byteLength + 8);
    longer.set(new Uint8Array(buffer));
    expect(refused(longer.buffer)).toMatch(`${buffer.byteLength + 8} bytes stored where the header says ${buffer.byteLength}`);
  });

  it('is refused for bytes that are no image: random bytes, a structured-clone-era row, a damaged header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 2000 }), (bytes) => {
        refused(bytes.slice().buffer);
      }),
      { numRuns: 200 },
    );
    expect(refused(new TextEncoder().encode(JSON.stringify({ format: 3 })).buffer)).toMatch('without its mark');
    const buffer = joined(encodeFleetImage(imageOf()));
    const damaged = new Uint8Array(buffer.slice(0));
    damaged[14] = 0xff; // inside the JSON header
    expect(refused(damaged.buffer)).toMatch('header is not readable JSON');
  });

  it('refuses another format, the other byte order, and a header pointing outside the data, saying which', () => {
    const buffer = joined(encodeFleetImage(imageOf()));
    expect(refused(withHeader(buffer, (h) => (h.format = FLEET_IMAGE_FORMAT - 1)))).toContain(
      `fleet image format ${FLEET_IMAGE_FORMAT - 1} is not the supported format ${FLEET_IMAGE_FORMAT}`,
    );
    // format 4 counted string offsets in UTF-16 units: its columns would read as the wrong bytes
    expect(refused(withHeader(buffer, (h) => (h.format = 4)))).toContain('fleet image format 4 is not the supported format 6');
    const other = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'big' : 'little';
    expect(refused(withHeader(buffer, (h) => (h.byteOrder = other)))).toContain(`written in ${other}-endian order`);
    const moved = (edit: (image: Record<string, Record<string, unknown>>) => void) =>
      refused(withHeader(buffer, (h) => edit(h.image as Record<string, Record<string, unknown>>)));
    expect(moved((im) => (im.userFlags.o = 1 << 30))).toMatch('field "userFlags" at 1073741824');
    expect(moved((im) => (im.userFlags.o = 4))).toMatch('field "userFlags" at 4');
    expect(moved((im) => (im.userFlags.n = 1 << 30))).toMatch('field "userFlags"');
    expect(moved((im) => (im.userFlags.$a = 'f16'))).toMatch('field "userFlags" names no array');
    expect(moved((im) => (im.userFlags.$a = 'constructor'))).toMatch('field "userFlags" names no array');
  });

  it('makes the deferred parts (records as text, narrowed asset columns) as it reaches them, each written out before the next is made, into the same bytes', async () => {
    const compiled = compileFleet(generateFleet({ assets: 300, seed: 7 }));
    const deferred = fleetToImage(compiled, true);
    const events: string[] = [];
    const watch = (holder: object, key: string) => {
      const make = (holder as Record<string, unknown>)[key];
      expect(typeof make, key).toBe('function');
      (holder as Record<string, unknown>)[key] = () => (events.push(`make ${key}`), (make as () => unknown)());
    };
    for (const c of ['organizations', 'sites', 'users', 'memberships', 'projects', 'projectRoles', 'tickets']) watch(deferred.records, c);
    for (const k of ['assetSiteKey', 'assetProject', 'assetTagStart', 'assetTagList']) watch(deferred, k);
    const packed = encodeFleetImage(deferred, (bytes) => (events.push('pack'), new Blob([bytes])));

    const made = events.flatMap((e, i) => (e.startsWith('make') ? [i] : []));
    expect(made).toHaveLength(11);
    for (const [k, at] of made.entries()) expect(events.slice(at, made[k + 1]), events[at]).toContain('pack');
    const whole = encodeFleetImage(fleetToImage(compiled));
    expect(packed.headLength).toBe(whole.headLength);
    expect(new Uint8Array(await new Blob(packed.parts).arrayBuffer())).toEqual(new Uint8Array(joined(whole)));
  });

  it('puts the typed arrays and long strings in the data area, leaving a small header', () => {
    const encoded = encodeFleetImage(imageOf());
    const buffer = joined(encoded);
    expect(buffer.byteLength).toBe(encoded.byteLength);
    expect(new DataView(buffer).getUint32(8, true)).toBeLessThan(16 * 1024);
  });
});
