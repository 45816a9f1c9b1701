// Raw CDP on targets Playwright has no handle for (the service worker's runtime, for heap figures; closing a
// target): a browser-level session attaches to the target and relays commands to it.
import type { BrowserContext, CDPSession } from 'playwright-core';

export interface TargetSession {
  call(method: string, params?: object): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function browserSession(context: BrowserContext): Promise<CDPSession> {
  const browser = context.browser();
  if (!browser) throw new Error('no browser-level CDP session for this context');
  return browser.newBrowserCDPSession();
}

/** Waits for a target whose type and URL match, and attaches to it. */
export async function attachToTarget(
  context: BrowserContext,
  match: { type: string; urlPrefix: string },
  timeoutMs = 10_000,
): Promise<TargetSession> {
  const cdp = await browserSession(context);
  const deadline = Date.now() + timeoutMs;
  let targetId: string | undefined;
  while (!targetId) {
    const { targetInfos } = await cdp.send('Target.getTargets');
    targetId = targetInfos.find((t) => t.type === match.type && t.url.startsWith(match.urlPrefix))?.targetId;
    if (targetId) break;
    if (Date.now() > deadline) {
      await cdp.detach();
      throw new Error(`no ${match.type} target at ${match.urlPrefix}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  let nextId = 1;
  return {
    call(method, params = {}) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        const onMessage = (event: { sessionId?: string; message: string }) => {
          if (event.sessionId !== sessionId) return;
          const msg = JSON.parse(event.message) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
          if (msg.id !== id) return;
          cdp.off('Target.receivedMessageFromTarget', onMessage);
          if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
          else resolve(msg.result ?? {});
        };
        cdp.on('Target.receivedMessageFromTarget', onMessage);
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
      });
    },
    async close() {
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      await cdp.detach();
    },
  };
}
