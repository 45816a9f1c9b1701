// The opaque sync cursor: base64url of {v, e: dataset epoch, c: collection, s: change sequence}. Clients must treat
// it as opaque; the server rejects a malformed one (400) and one from another dataset epoch (410).
import type { CollectionName } from '../core/model/snapshot';

export interface CursorPosition {
  epoch: string;
  collection: CollectionName;
  seq: number;
}

export function encodeCursor(p: CursorPosition): string {
  return Buffer.from(JSON.stringify({ v: 1, e: p.epoch, c: p.collection, s: p.seq }), 'utf8').toString('base64url');
}

export type CursorReading = { ok: true; position: CursorPosition } | { ok: false; reason: string };

/** Reads a cursor's shape only; whether its epoch and sequence are current is the store's business. */
export function decodeCursor(text: string): CursorReading {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return { ok: false, reason: 'the cursor is not base64url text' };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'the cursor does not decode to a server cursor' };
  }
  const v = value as Record<string, unknown> | null;
  if (
    !v ||
    typeof v !== 'object' ||
    v.v !== 1 ||
    typeof v.e !== 'string' ||
    typeof v.c !== 'string' ||
    typeof v.s !== 'number' ||
    !Number.isSafeInteger(v.s) ||
    v.s < 0
  ) {
    return { ok: false, reason: 'the cursor does not decode to a server cursor' };
  }
  return { ok: true, position: { epoch: v.e, collection: v.c as CollectionName, seq: v.s } };
}
