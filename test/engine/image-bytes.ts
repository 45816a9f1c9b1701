// What the cache does with an encoded fleet image, without IndexedDB: its parts joined into one buffer (as
// `new Blob(parts).arrayBuffer()` gives them back), then decoded.
import { decodeFleetImage, encodeFleetImage, type EncodedFleetImage } from '../../core/engine/fleet-image-bytes';
import type { FleetImage } from '../../core/engine/fleet-image';

export function joined(encoded: EncodedFleetImage): ArrayBuffer {
  const out = new Uint8Array(encoded.byteLength);
  let at = 0;
  for (const p of encoded.parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out.buffer;
}

/** The image as a host keeps it: encoded to bytes, stored, read back and decoded. */
export const viaBytes = (image: FleetImage): FleetImage => decodeFleetImage(joined(encodeFleetImage(image)));
