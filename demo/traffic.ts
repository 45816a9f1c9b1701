// What the demo platform has sent, counted where it is sent: the bytes written to its sockets (status lines,
// headers and bodies as coded) and every body before its coding. The benchmarks read this rather than DevTools'
// Network events on the extension worker: turning those on is the very inspection that doubles the worker's cost of
// reading a response (bench/worker-untraced.ts).
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface Traffic {
  responses: number;
  /** Bytes written to the sockets: status lines, headers and bodies as sent (coded). */
  wireBytes: number;
  /** The bodies before their coding: what the client decodes. */
  decodedBytes: number;
  /** Responses per Content-Encoding ("none" for a body sent as is). */
  encodings: Record<string, number>;
}

export class TrafficMeter {
  private readonly live = new Set<Socket>();
  private closedBytes = 0;
  private responses = 0;
  private decodedBytes = 0;
  private readonly encodings: Record<string, number> = {};

  watch(server: Server): void {
    server.on('connection', (socket: Socket) => {
      this.live.add(socket);
      socket.once('close', () => {
        this.closedBytes += socket.bytesWritten;
        this.live.delete(socket);
      });
    });
  }

  /** One response leaving: its body's size before coding, and the coding it is sent in. */
  response(decodedBytes: number, encoding: string | null): void {
    this.responses++;
    this.decodedBytes += decodedBytes;
    const key = encoding ?? 'none';
    this.encodings[key] = (this.encodings[key] ?? 0) + 1;
  }

  /** Everything sent since the server started. */
  read(): Traffic {
    let wireBytes = this.closedBytes;
    for (const socket of this.live) wireBytes += socket.bytesWritten;
    return { responses: this.responses, wireBytes, decodedBytes: this.decodedBytes, encodings: { ...this.encodings } };
  }
}

/** What was sent between two readings of one meter. */
export function trafficSince(before: Traffic, now: Traffic): Traffic {
  const encodings: Record<string, number> = {};
  for (const [k, v] of Object.entries(now.encodings)) {
    const d = v - (before.encodings[k] ?? 0);
    if (d > 0) encodings[k] = d;
  }
  return {
    responses: now.responses - before.responses,
    wireBytes: now.wireBytes - before.wireBytes,
    decodedBytes: now.decodedBytes - before.decodedBytes,
    encodings,
  };
}
