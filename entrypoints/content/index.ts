// Registered at runtime, not in the manifest: the background registers this script for exactly the platform
// origin the user configured and granted (see entrypoints/background/content-registration.ts).
import { defineContentScript } from 'wxt/utils/define-content-script';
import { announceExtension } from '../../components/extension-presence';
import { guardAgainstPageStops } from './page-guard';
import { startShell } from './shell';

export default defineContentScript({
  registration: 'runtime',
  matches: [],
  cssInjectionMode: 'manual',
  main: (ctx) => {
    guardAgainstPageStops(ctx);
    ctx.onInvalidated(announceExtension(document));
    return startShell(ctx);
  },
});
