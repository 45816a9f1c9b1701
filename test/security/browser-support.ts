// Shared by the security and reliability tests in the real browser (test/e2e/security-*.test.ts,
// test/reliability/*.e2e.test.ts), on top of the harness in test/e2e/support/ (configureExtension is in
// extension-setup.ts): a recorder of everything that could leak or misbehave — every request (pages and
// the extension's service worker), console line, dialog, download and page error.
import { readFileSync } from 'node:fs';
import type { BrowserContext, ConsoleMessage, Page, Request, Worker } from 'playwright-core';
import type { ExtensionBrowser } from '../e2e/support/browser';

export function extensionUrl(ext: ExtensionBrowser, path: string): string {
  return `chrome-extension://${ext.extensionId}/${path}`;
}

export async function signIn(page: Page, platformUrl: string, userId: string): Promise<void> {
  await page.goto(`${platformUrl}/login`);
  await page.locator(`[data-ai-login-user="${userId}"]`).first().click();
  await page.waitForURL(/\/fleet/);
}

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  postData: string | null;
  /** 'serviceWorker' for the extension's background, else the page's URL. */
  from: string;
}

export interface RecordedConsole {
  text: string;
  type: string;
  from: string;
}

/** Records what every page and service worker of `context` does from now on. */
export class Recorder {
  readonly requests: RecordedRequest[] = [];
  readonly console: RecordedConsole[] = [];
  readonly dialogs: Array<{ message: string; from: string }> = [];
  readonly downloads: Array<{ name: string; text: string }> = [];
  readonly pageErrors: string[] = [];
  private readonly pending: Promise<unknown>[] = [];
  private readonly watched = new WeakSet<object>();

  constructor(context: BrowserContext) {
    context.on('request', (r) => this.onRequest(r));
    context.on('page', (p) => this.watchPage(p));
    for (const p of context.pages()) this.watchPage(p);
    context.on('serviceworker', (w) => this.watchWorker(w));
    for (const w of context.serviceWorkers()) this.watchWorker(w);
  }

  private onRequest(r: Request): void {
    const worker = r.serviceWorker();
    this.requests.push({
      url: r.url(),
      method: r.method(),
      headers: r.headers(),
      postData: r.postData(),
      from: worker ? 'serviceWorker' : (r.frame()?.url() ?? '?'),
    });
  }

  private watchWorker(w: Worker): void {
    if (this.watched.has(w)) return;
    this.watched.add(w);
    const onConsole = (m: ConsoleMessage) => this.console.push({ text: m.text(), type: m.type(), from: `worker ${w.url()}` });
    (w as unknown as { on(e: 'console', cb: (m: ConsoleMessage) => void): void }).on('console', onConsole);
  }

  watchPage(page: Page): void {
    if (this.watched.has(page)) return;
    this.watched.add(page);
    page.on('console', (m) => this.console.push({ text: m.text(), type: m.type(), from: page.url() }));
    page.on('pageerror', (e) => this.pageErrors.push(`${page.url()}: ${e.message}`));
    page.on('dialog', (d) => {
      this.dialogs.push({ message: d.message(), from: page.url() });
      void d.dismiss().catch(() => undefined);
    });
    page.on('download', (d) => {
      this.pending.push(
        d.path().then((path) => {
          this.downloads.push({ name: d.suggestedFilename(), text: path ? readFileSync(path, 'utf8') : '' });
        }),
      );
    });
  }

  /** Waits for downloads still being saved. */
  async flush(): Promise<void> {
    await Promise.all(this.pending.splice(0));
  }
}

/** Text and attribute values of the whole page, open shadow roots included: what a page script can read. */
export function readAllTextInPage(): string {
  let out = '';
  const walk = (node: Element | ShadowRoot) => {
    out += node.textContent ?? '';
    for (const el of node.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) out += ` ${el.getAttribute(a)}`;
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document.documentElement);
  return out;
}
