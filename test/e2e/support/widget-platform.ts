// What most real-browser tests of the widget stand on: the widget built, the demo platform on a 2,000-asset fleet
// (seed 1) and a plain Chromium without the extension. One place, so the files differ only in what they test.
import { startDemoServer, type RunningDemoServer } from '../../../demo/server';
import { launchPlain } from './browser';
import { ensureBuilt } from './build';

export interface WidgetPlatform {
  server: RunningDemoServer;
  browser: Awaited<ReturnType<typeof launchPlain>>;
}

export async function startWidgetPlatform(): Promise<WidgetPlatform> {
  await ensureBuilt({ widget: true });
  return { server: await startDemoServer({ seed: 1, assets: 2000 }), browser: await launchPlain() };
}

export async function stopWidgetPlatform(platform: Partial<WidgetPlatform>): Promise<void> {
  await platform.browser?.close();
  await platform.server?.close();
}
