import '../../core/model/zod-jitless';
import { defineBackground } from 'wxt/utils/define-background';
import { handleCommand, startBackground } from './wire';

export default defineBackground({
  type: 'module',
  main() {
    startBackground();
    // Headless Chromium does not deliver extension keyboard shortcuts, so the real-browser test calls the very
    // handler commands.onCommand calls. Only code running in this worker's own scope (DevTools) can reach it.
    Object.assign(globalThis, { accessInspector: { handleCommand } });
  },
});
