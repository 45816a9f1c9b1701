// Code run in the extension's content-script world of a platform page (its isolated world, reached through the
// page's DevTools session), so benchmark messages reach the background exactly as the panel's do: same sender (the
// content script on the platform origin), same @webext-core/messaging envelope, timed inside the page.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

interface ContextDescription {
  id: number;
  origin: string;
  name: string;
  auxData?: { type?: string; isDefault?: boolean; frameId?: string };
}

/**
 * In-page helper source (a string: tsx's keepNames helper would not exist in the page). `send(type, data)` is one
 * data-source request as the content script's messenger sends it; it rejects with the background's error.
 */
export const SEND_SOURCE = `const send = (type, data) => new Promise((resolve, reject) =>
  chrome.runtime.sendMessage({ id: Math.floor(Math.random() * 1e9), type, data, timestamp: Date.now() }, (a) => {
    if (a && !a.err) resolve(a.res);
    else reject(new Error(type + ': ' + ((a && a.err && a.err.message) || (chrome.runtime.lastError && chrome.runtime.lastError.message) || 'no answer')));
  }));`;

export interface ContentWorld {
  /** Evaluates `expression` (a promise-returning expression) in the content script's world; returns its value. */
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

/** Attaches to the content script's world of `page` (call again after a navigation: the world is new). */
export async function contentWorld(context: BrowserContext, page: Page, extensionId: string, timeoutMs = 15_000): Promise<ContentWorld> {
  const cdp: CDPSession = await context.newCDPSession(page);
  const contexts: ContextDescription[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context as ContextDescription));
  cdp.on('Runtime.executionContextsCleared', () => contexts.splice(0));
  const { frameTree } = await cdp.send('Page.getFrameTree');
  await cdp.send('Runtime.enable'); // reports the contexts that already exist
  const deadline = Date.now() + timeoutMs;
  let id: number | undefined;
  for (;;) {
    id = contexts.find(
      (c) => c.auxData?.type === 'isolated' && c.auxData.frameId === frameTree.frame.id && c.origin.includes(extensionId),
    )?.id;
    if (id !== undefined) break;
    if (Date.now() > deadline) {
      await cdp.detach();
      throw new Error(`no content-script world of ${extensionId} in ${page.url()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    async evaluate<T>(expression: string): Promise<T> {
      const r = (await cdp.send('Runtime.evaluate', { expression, contextId: id, awaitPromise: true, returnByValue: true })) as {
        result: { value?: unknown };
        exceptionDetails?: { exception?: { description?: string }; text: string };
      };
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
      return r.result.value as T;
    },
    async close() {
      await cdp.detach().catch(() => undefined);
    },
  };
}
