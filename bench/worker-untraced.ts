// Imported for its effect by every benchmark that launches the extension: no DevTools network inspection of its
// worker. Playwright turns it on for every service worker it sees (Network.enable on the worker's session, unless
// PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK is set), and with it on the worker's renderer does DevTools bookkeeping
// for every chunk of every response: in an extension worker, reading a 1.1 MB sync page took ~40 ms of the worker's
// thread instead of ~20 ms, and the 1M initial sync ~6 s longer (BENCHMARKS.md). A user's browser has no DevTools
// attached. Playwright reads the variable whenever a worker starts, so it stays set for the process; bytes
// on the wire are counted by the platform instead (demo/traffic.ts).
process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK = '1';
