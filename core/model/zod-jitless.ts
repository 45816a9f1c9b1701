// Imported first by every bundle (widget, background, options, popup): on platform pages and under the extension's CSP
// zod 4 otherwise probes `new Function` and compiles parsers with it, which a platform page allowing
// 'unsafe-eval' would let run and a strict CSP reports as a violation. zod reads this when a schema is built,
// so it must run before any schema module is evaluated.
import { config } from 'zod';

config({ jitless: true });
