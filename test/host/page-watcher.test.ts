// @vitest-environment happy-dom
// One watcher of the page for badges, overlay and page context: one MutationObserver however many listen, one call
// per batch of changes, the host's own furniture (badge hosts, the overlay's banner) not counted as news, body
// markers told apart from content, and the observer gone with the last listener.
import { afterEach, describe, expect, it } from 'vitest';
import { pageChangesPending, watchPage, type PageChange } from '../../components/host/page-watcher';
import { BADGE_ATTR, BANNER_ATTR } from '../../components/overlay/selectors';

const Original = window.MutationObserver;
let made = 0;
let live = 0;
window.MutationObserver = class extends Original {
  constructor(callback: MutationCallback) {
    super(callback);
    made++;
  }
  override observe(target: Node, options?: MutationObserverInit) {
    live++;
    super.observe(target, options);
  }
  override disconnect() {
    live--;
    super.disconnect();
  }
};

const flush = () => new Promise((r) => setTimeout(r, 0));
const undo: Array<() => void> = [];
afterEach(() => {
  for (const fn of undo.splice(0)) fn();
  document.body.replaceChildren();
  while (document.body.attributes.length > 0) document.body.removeAttribute(document.body.attributes[0].name);
});

function listen(): PageChange[] {
  const seen: PageChange[] = [];
  undo.push(watchPage(document, (c) => seen.push(c)));
  return seen;
}

describe('the page watcher', () => {
  it('observes the page once for every listener and calls each once per batch of changes', async () => {
    const before = made;
    const a = listen();
    const b = listen();
    expect(made - before).toBe(1);
    for (let i = 0; i < 20; i++) {
      const row = document.createElement('tr');
      row.setAttribute('data-ai-asset-id', `a-${i}`);
      document.body.append(row);
    }
    expect(pageChangesPending(document)).toBe(false); // the observer reports at the next microtask
    await flush();
    expect(a).toEqual([{ content: true, markers: false }]);
    expect(b).toEqual(a);
  });

  it('does not count what the host adds to the page (badges, banner) as news', async () => {
    const seen = listen();
    const badge = document.createElement('span');
    badge.setAttribute(BADGE_ATTR, 'a-1');
    const banner = document.createElement('div');
    banner.setAttribute(BANNER_ATTR, '');
    document.body.append(badge, banner);
    await flush();
    expect(seen).toEqual([]);
    badge.remove();
    await flush();
    expect(seen).toEqual([]);
  });

  it("tells a single-page navigation (the body's markers) apart from content, and follows a row's new id", async () => {
    const seen = listen();
    document.body.setAttribute('data-ai-page', 'tickets');
    await flush();
    expect(seen).toEqual([{ content: false, markers: true }]);
    const row = document.createElement('tr');
    document.body.append(row);
    await flush();
    row.setAttribute('data-ai-asset-id', 'a-9');
    await flush();
    expect(seen.slice(1)).toEqual([
      { content: true, markers: false },
      { content: true, markers: false },
    ]);
    // Attributes nobody reads are not news.
    row.setAttribute('class', 'striped');
    await flush();
    expect(seen).toHaveLength(3);
  });

  it('stops observing when the last listener leaves', async () => {
    const liveBefore = live;
    const stopA = watchPage(document, () => undefined);
    const stopB = watchPage(document, () => undefined);
    expect(live).toBe(liveBefore + 1);
    stopA();
    expect(live).toBe(liveBefore + 1);
    stopB();
    expect(live).toBe(liveBefore);
  });
});
