// A hostile script on the platform page against the PRODUCTION build (`npm run build`: closed shadow roots): it
// runs the reproduction of issue 11 and its variants — synthetic clicks and keys, focus tricks, injected styles,
// a MutationObserver on the host, window messages — and gets nothing: no panel opened, no text read, no download.
// A person's real click still opens the panel (the control that shows the checks can see an open panel).
// The panel's state is read through the DevTools protocol, which sees into closed roots; the page cannot.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { DEFAULT_LAUNCHER_POSITION } from '../../core/messaging/launcher-position';
import { LAUNCHER_SIZE, placeOf } from '../../components/host/dock';
import { launchPlain, launchWithExtension, type ExtensionBrowser } from './support/browser';
import { PRODUCTION_EXTENSION_DIR, PRODUCTION_WIDGET_FILE, ensureBuilt } from './support/build';
import { configureExtension } from './support/extension-setup';

const CUSTOMER = 'u-cora-customer';
const VIEWPORT = { width: 1280, height: 800 };
let server: RunningDemoServer;
let ext: ExtensionBrowser;

interface SeenNode {
  name: string;
  attrs: Record<string, string>;
  /** For a shadow root: its mode. */
  shadowRootType?: string;
  /** Inside an author shadow root (not the page's light DOM). */
  inShadow: boolean;
  /** The outermost shadow host it is in ('' in the light DOM). */
  host: string;
  text?: string;
}

type CdpNode = {
  nodeName: string;
  nodeValue?: string;
  attributes?: string[];
  shadowRootType?: string;
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
};

/** The whole DOM as DevTools sees it, closed shadow roots included (user-agent ones left out). */
async function devtoolsDom(page: Page): Promise<SeenNode[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const out: SeenNode[] = [];
    const walk = (n: CdpNode, inShadow: boolean, host = '') => {
      const attrs: Record<string, string> = {};
      for (let i = 0; i + 1 < (n.attributes ?? []).length; i += 2) attrs[n.attributes![i]] = n.attributes![i + 1];
      if (n.shadowRootType === 'user-agent') return;
      out.push({
        name: n.nodeName,
        attrs,
        shadowRootType: n.shadowRootType,
        inShadow,
        host,
        text: n.nodeName === '#text' ? n.nodeValue : undefined,
      });
      for (const s of n.shadowRoots ?? []) walk(s, true, host || n.nodeName);
      for (const c of n.children ?? []) walk(c, inShadow, host);
    };
    walk(root, false);
    return out;
  } finally {
    await cdp.detach();
  }
}

/** Whether the shell's panel frame is shown, and the text inside the inspector's shadow roots. */
async function panelState(page: Page): Promise<{ open: boolean; text: string; roots: string[] }> {
  const nodes = await devtoolsDom(page);
  const frame = nodes.find((n) => n.host === 'ACCESS-INSPECTOR-SHELL' && (n.attrs.class ?? '').split(' ').includes('frame'));
  return {
    open: frame !== undefined && !('hidden' in frame.attrs),
    text: nodes
      .filter((n) => n.host === 'ACCESS-INSPECTOR-SHELL' && n.text)
      .map((n) => n.text)
      .join(' '),
    roots: nodes.filter((n) => n.shadowRootType).map((n) => n.shadowRootType!),
  };
}

function launcherCentre(): { x: number; y: number } {
  const { left, top } = placeOf(DEFAULT_LAUNCHER_POSITION, VIEWPORT);
  return { x: left + LAUNCHER_SIZE / 2, y: top + LAUNCHER_SIZE / 2 };
}

async function signIn(page: Page, userId: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.locator(`[data-ai-login-user="${userId}"]`).first().click();
  await page.waitForURL(/\/fleet/);
}

/** Everything a page script can try; returns what it got its hands on. */
function attack(): Promise<{
  shadowRoots: string[];
  observed: string[];
  errors: string[];
  hostStyle: Record<string, string>;
  badges: number;
  badgeFacts: string[];
}> {
  return new Promise((resolve) => {
    const errors: string[] = [];
    const attempt = (what: string, f: () => void) => {
      try {
        f();
      } catch (e) {
        errors.push(`${what}: ${(e as Error).message}`);
      }
    };
    const host = document.querySelector('access-inspector-shell') as HTMLElement;
    const observed: string[] = [];
    const mo = new MutationObserver((records) => {
      // The page's own changes to the host's attributes are no news; anything from inside would be.
      for (const r of records)
        if (!(r.type === 'attributes' && r.target === host))
          observed.push(`${r.type} ${(r.target as Element).nodeName} ${r.target.textContent ?? ''}`.slice(0, 200));
    });
    mo.observe(host, { subtree: true, childList: true, attributes: true, characterData: true });
    // The reproduction of issue 11, as written.
    attempt('reproduction', () => {
      const o = host.shadowRoot!;
      o.append(Object.assign(document.createElement('style'), { textContent: '.frame,.launcher{opacity:0!important}' }));
      (o.querySelector('.launcher') as HTMLElement).click();
    });
    // Styles aimed at the host and everything in it, as a stylesheet and inline, and inert.
    document.head.append(
      Object.assign(document.createElement('style'), {
        textContent:
          'access-inspector-shell, access-inspector-shell * { opacity: 0 !important; visibility: hidden !important; pointer-events: none !important; display: none !important; }',
      }),
    );
    host.style.setProperty('opacity', '0', 'important');
    host.style.setProperty('display', 'none', 'important');
    host.inert = true;
    // Synthetic clicks: on the host, and on whatever sits at the launcher's place, with pointer events first.
    host.click();
    const at = (x: number, y: number) => document.elementFromPoint(x, y);
    const centre = (window as unknown as { __launcher: { x: number; y: number } }).__launcher;
    const target = at(centre.x, centre.y) ?? host;
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
      const Ctor = type.startsWith('pointer') ? PointerEvent : MouseEvent;
      target.dispatchEvent(new Ctor(type, { bubbles: true, composed: true, clientX: centre.x, clientY: centre.y, button: 0 }));
    }
    // Keys: the shortcut, and Enter/Space on the focused host.
    for (const el of [document, document.body, host]) {
      el.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'A', code: 'KeyA', altKey: true, shiftKey: true, bubbles: true, composed: true }),
      );
    }
    host.tabIndex = 0;
    host.focus();
    for (const key of ['Enter', ' ']) {
      host.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
      host.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, composed: true }));
    }
    // The widget's window messages (the extension's shell listens to none).
    window.postMessage({ type: 'access-inspector:open' }, location.origin);
    setTimeout(() => {
      mo.disconnect();
      const roots = [host, ...document.querySelectorAll('[data-ai-badge]')].map((el) => String((el as HTMLElement).shadowRoot));
      const cs = getComputedStyle(host);
      // Badges say each asset's access for the inspected user: inside their closed roots only, not in attributes.
      const badges = [...document.querySelectorAll('[data-ai-badge]')];
      const badgeFacts = badges.flatMap((b) => [...b.attributes].map((a) => a.name).filter((n) => n !== 'data-ai-badge'));
      resolve({
        shadowRoots: roots,
        observed,
        errors,
        hostStyle: { opacity: cs.opacity, display: cs.display, visibility: cs.visibility },
        badges: badges.length,
        badgeFacts,
      });
    }, 1500);
  });
}

describe('a page script against the production build', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    await ensureBuilt({ extension: true, widget: true, variant: 'production' });
    server = await startDemoServer({ seed: 1, assets: 2000 });
    ext = await launchWithExtension(PRODUCTION_EXTENSION_DIR, PRODUCTION_WIDGET_FILE);
    await configureExtension(ext, server.url, 'ai-demo-support');
  }, 300_000);

  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  it('ships closed shadow roots only: no open mode in the built content script or widget', () => {
    for (const file of [join(PRODUCTION_EXTENSION_DIR, 'content-scripts/content.js'), PRODUCTION_WIDGET_FILE]) {
      const code = readFileSync(file, 'utf8');
      expect(code.match(/attachShadow\(\{mode:`open`\}\)|mode:\s*["'`]open["'`]/g), file).toBeNull();
    }
  });

  it('cannot open, read, hide or drive the panel; a person still can', async () => {
    const page = await ext.context.newPage();
    await page.setViewportSize(VIEWPORT);
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    await signIn(page, CUSTOMER);
    await page.locator('access-inspector-shell').waitFor({ state: 'attached', timeout: 20_000 });
    await expect.poll(async () => (await panelState(page)).roots.length, { timeout: 20_000 }).toBeGreaterThan(1);
    await page.evaluate((c) => Object.assign(window, { __launcher: c }), launcherCentre());

    const got = await page.evaluate(attack);
    expect(
      got.shadowRoots.every((r) => r === 'null'),
      got.shadowRoots.join(),
    ).toBe(true);
    expect(got.errors.join()).toMatch(/reproduction/); // shadowRoot is null: the reproduction cannot even start
    expect(got.observed).toEqual([]);
    expect(got.badges).toBeGreaterThan(0);
    expect(got.badgeFacts).toEqual([]);
    // The page's styles lose against the host's own: it stays shown and takes clicks.
    expect(got.hostStyle).toEqual({ opacity: '1', display: 'block', visibility: 'visible' });
    let state = await panelState(page);
    expect(state.open).toBe(false);
    expect(
      state.roots.every((r) => r === 'closed'),
      state.roots.join(),
    ).toBe(true);
    expect(await page.evaluate(() => document.body.innerText)).not.toContain('Inspecting');

    // The control: a person's click on the launcher (trusted) opens the panel despite the page's styles.
    const { x, y } = launcherCentre();
    await page.mouse.click(x, y);
    await expect.poll(async () => (await panelState(page)).open, { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await panelState(page)).text, { timeout: 20_000 }).toContain('Inspecting');

    // With the panel open, the page still reads nothing and cannot type into "Inspect as".
    const second = await page.evaluate(() => {
      const host = document.querySelector('access-inspector-shell') as HTMLElement;
      const seen = [host.shadowRoot, host.querySelector('.slot'), document.querySelector('input[placeholder="Name or e-mail"]')];
      document.activeElement?.dispatchEvent(new InputEvent('input', { data: 'a', bubbles: true, composed: true }));
      return { seen: seen.map(String), text: document.body.innerText.includes('Inspect as'), active: document.activeElement?.nodeName };
    });
    expect(second.seen).toEqual(['null', 'null', 'null']);
    expect(second.text).toBe(false);
    state = await panelState(page);
    expect(state.roots.every((r) => r === 'closed')).toBe(true);
    await page.waitForTimeout(500);
    expect(downloads).toEqual([]);
    await page.close();
  });

  it('the production widget attaches a closed root and ignores a synthetic click', async () => {
    const plain = await launchPlain(PRODUCTION_WIDGET_FILE);
    try {
      const page = await plain.context.newPage();
      await page.setViewportSize(VIEWPORT);
      await page.goto(`${server.url}/login`);
      await page.locator(`[data-ai-login-user="${CUSTOMER}"]`).first().click();
      await page.waitForURL(/\/fleet/);
      const widget = page.locator('access-inspector');
      await expect.poll(() => widget.getAttribute('data-signed-in'), { timeout: 20_000 }).toBe(CUSTOMER);
      const got = await page.evaluate(() => {
        const el = document.querySelector('access-inspector') as HTMLElement;
        el.click();
        const r = el.getBoundingClientRect();
        document.elementFromPoint(40, window.innerHeight - 30)?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
        return { root: String(el.shadowRoot), h: r.height };
      });
      expect(got.root).toBe('null');
      await page.waitForTimeout(500);
      const nodes = await devtoolsDom(page);
      const frame = nodes.find((n) => n.inShadow && (n.attrs.class ?? '').split(' ').includes('frame'));
      expect(frame && 'hidden' in frame.attrs).toBe(true);
      expect(nodes.filter((n) => n.shadowRootType).every((n) => n.shadowRootType === 'closed')).toBe(true);
    } finally {
      await plain.close();
    }
  });
});
