// How often a person's approach wakes the data side: both hosts' panel (components/host/panel-in-frame.ts), and the
// benchmark, which lets this pass before it stops the worker as Chrome would (~30 s after the last event).

/**
 * A pointer or the keyboard reaching the closed launcher wakes the data side, at most this often: a stopped extension
 * worker starts and reads its cache (~0.1 s at 100k, ~0.3 s at 1M) while the pointer rests before the click instead
 * of after it; a running one answers in a few ms. The first time, the panel itself mounts (hidden) and asks its first
 * questions, so the click shows their answers rather than asking them. The open panel wakes it the same way when a
 * person moves the pointer over it, scrolls it or types in it: Chrome stops an idle worker after ~30 s, so a person
 * reading an answer that long comes back to a stopped worker, and their next click would pay its start. While they
 * keep working in the panel, a wake every interval also keeps the worker from being stopped; once they leave it, it
 * is stopped as before.
 */
export const WARM_INTERVAL_MS = 10_000;
