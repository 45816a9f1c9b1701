// Imported first by the bundles that run on other people's pages or under a strict CSP (widget, background):
// zod 4 otherwise probes `new Function` and compiles parsers with it, which a platform page allowing
// 'unsafe-eval' would let run and a strict CSP reports as a violation. zod reads this when a schema is built,
// so it must run before any schema module is evaluated.
import { config } from 'zod';

config({ jitless: true });
