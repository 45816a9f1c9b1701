// "View this page as": applies one user's (or one project role's) access to the live page — asset and ticket rows
// they cannot see dimmed or hidden, menu items of feature groups they lack hidden (R1), other users' names masked
// (R5), asset names in redacted tickets masked (R4) — under a banner that says whose view it is.
//
// Turning it off restores the page exactly. Every change is recorded and undone in reverse: the overlay adds one
// attribute (data-ai-overlay) to elements and removes it again, masks text by moving an element's own child nodes
// aside (the very same Text nodes go back), and adds a banner and a stylesheet that it removes. A page element the
// page itself changed while the overlay was on is left as the page made it. Single-page navigation and rows added
// later are followed through a MutationObserver; answers are asked for by id, so only new rows cost a request.
import { readPageContext } from '../adapters/read-page';
import type { OverlayView, RequestOf, RoleOverride, TicketEffect, Effect } from '../data-source';
import { MAX_EFFECT_IDS_LIMIT as MAX_EFFECT_IDS } from '../limits';
import { BANNER_ATTR, MASK_TEXT, OVERLAY_ATTR, OVERLAY_SELECTORS as S, STYLE_ATTR } from './selectors';
import { OVERLAY_CSS, BANNER_CSS } from './overlay-css';

export type OverlayMode = 'dim' | 'hide';

export interface OverlayTarget {
  userId: string;
  /** A project role put in place of the user's own in the page's project (null: their own roles). */
  role: RoleOverride | null;
  mode: OverlayMode;
}

export interface OverlayStats {
  assetRows: number;
  assetsHidden: number;
  ticketRows: number;
  ticketsHidden: number;
  ticketsRedacted: number;
  namesMasked: number;
  menuHidden: number;
}

export interface OverlayState {
  on: boolean;
  target: OverlayTarget | null;
  /** The latest answer (whose view it is), null before the first. */
  view: OverlayView | null;
  stats: OverlayStats;
  busy: boolean;
  error: string | null;
}

export type AskOverlay = (request: RequestOf<'overlayView'>) => Promise<OverlayView | null>;

interface AttrChange {
  kind: 'attr';
  seq: number;
  el: Element;
  prev: string | null;
  value: string;
}
interface MaskChange {
  kind: 'mask';
  seq: number;
  el: Element;
  /** The element's own child nodes, kept to be put back as they were. */
  nodes: Node[];
  mask: Text;
}

interface Answers {
  key: string;
  /** null: the source does not know the id (left untouched). */
  assets: Map<string, Effect | null>;
  tickets: Map<string, { effect: TicketEffect; assigneeHidden: boolean } | null>;
  names: Map<string, boolean | null>;
  view: OverlayView | null;
}

interface Scan {
  assets: { el: Element; id: string }[];
  tickets: { el: Element; id: string; assetNames: Element[]; userNames: Element[] }[];
  names: { el: Element; userId: string }[];
  menu: { el: Element; groupId: string }[];
}

const EMPTY_STATS: OverlayStats = { assetRows: 0, assetsHidden: 0, ticketRows: 0, ticketsHidden: 0, ticketsRedacted: 0, namesMasked: 0, menuHidden: 0 };

export class PageOverlay {
  private target: OverlayTarget | null = null;
  private readonly attrs = new Map<Element, AttrChange>();
  private readonly masks = new Map<Element, MaskChange>();
  private seq = 0;
  private observer: MutationObserver | null = null;
  private banner: { host: HTMLElement; title: HTMLElement; detail: HTMLElement } | null = null;
  private undoStyle: (() => void) | null = null;
  private answers: Answers | null = null;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private dirty = false;
  private current: OverlayState = { on: false, target: null, view: null, stats: EMPTY_STATS, busy: false, error: null };
  private readonly listeners = new Set<(s: OverlayState) => void>();

  constructor(
    private readonly doc: Document,
    private readonly ask: AskOverlay,
    /** The page's project (the menu and R5 names follow it); read again after every page change. */
    private readonly projectOf: () => string | null = () => readPageContext(doc, doc.location ?? { pathname: '/' }).projectId,
  ) {}

  get state(): OverlayState {
    return this.current;
  }

  subscribe(listener: (s: OverlayState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish(patch: Partial<OverlayState>): void {
    this.current = { ...this.current, ...patch };
    for (const l of this.listeners) l(this.current);
  }

  /** Turns the overlay on for `target` (or switches to it); resolves when the page shows it. */
  enable(target: OverlayTarget): Promise<void> {
    const sameView = this.target !== null && this.target.userId === target.userId && JSON.stringify(this.target.role) === JSON.stringify(target.role);
    this.target = { ...target };
    if (!sameView) this.answers = null;
    if (this.observer === null) this.install();
    this.publish({ on: true, target: this.target, error: null, ...(sameView ? {} : { view: null, stats: EMPTY_STATS }) });
    this.schedule(0);
    return this.settled();
  }

  /** Turns the overlay off: every change undone in reverse order, synchronously. */
  disable(): void {
    if (this.target === null && this.observer === null) return;
    this.generation++;
    this.target = null;
    this.answers = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.observer?.disconnect();
    this.observer = null;
    const all = [...this.attrs.values(), ...this.masks.values()].sort((a, b) => b.seq - a.seq);
    for (const c of all) this.undo(c);
    this.attrs.clear();
    this.masks.clear();
    this.banner?.host.remove();
    this.banner = null;
    this.undoStyle?.();
    this.undoStyle = null;
    this.publish({ on: false, target: null, view: null, stats: EMPTY_STATS, busy: false, error: null });
  }

  /** The cached data changed: ask again for every row (while on). */
  invalidate(): void {
    if (this.target === null) return;
    this.answers = null;
    this.schedule(0);
  }

  /** Resolves once no update is pending or running (tests, and the panel's "applied" state). */
  async settled(): Promise<void> {
    for (let i = 0; i < 50 && (this.timer !== null || this.running !== null); i++) {
      if (this.running) await this.running;
      else await new Promise((r) => setTimeout(r, 30));
    }
  }

  // ---- installing -------------------------------------------------------------------------------------------

  private install(): void {
    this.undoStyle = installStyle(this.doc);
    this.banner = this.makeBanner();
    const View = this.doc.defaultView?.MutationObserver ?? MutationObserver;
    // Rows the page adds or replaces, a new project, a single-page navigation: look again. The overlay's own
    // changes come back here too; the update they cause finds nothing to do and changes nothing.
    this.observer = new View(() => this.schedule(30));
    this.observer.observe(this.doc.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['data-ai-project-id', 'data-ai-page', 'data-ai-user-id'],
    });
  }

  private makeBanner() {
    const d = this.doc;
    const host = d.createElement('div');
    host.setAttribute(BANNER_ATTR, '');
    const root = host.attachShadow({ mode: 'open' });
    const style = d.createElement('style');
    style.textContent = BANNER_CSS;
    const box = d.createElement('div');
    box.className = 'banner';
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    const text = d.createElement('div');
    const title = d.createElement('strong');
    const detail = d.createElement('div');
    detail.className = 'detail';
    text.append(title, detail);
    const off = d.createElement('button');
    off.type = 'button';
    off.textContent = 'Turn off';
    off.addEventListener('click', () => this.disable());
    box.append(text, off);
    root.append(style, box);
    (d.body ?? d.documentElement).append(host);
    return { host, title, detail };
  }

  // ---- updating ---------------------------------------------------------------------------------------------

  private schedule(delay: number): void {
    if (this.target === null || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running) {
        this.dirty = true;
        return;
      }
      this.running = this.update().finally(() => {
        this.running = null;
        if (this.dirty) {
          this.dirty = false;
          this.schedule(0);
        }
      });
    }, delay);
  }

  private scan(): Scan {
    const d = this.doc;
    const tickets = [...d.querySelectorAll(S.ticket)].map((el) => ({
      el,
      id: el.getAttribute(S.ticketIdAttr) ?? '',
      assetNames: [...el.querySelectorAll(S.assetName)],
      userNames: [...el.querySelectorAll(S.userName)],
    }));
    const outsideTickets = (el: Element) => el.closest(S.ticket) === null;
    return {
      tickets: tickets.filter((t) => t.id !== ''),
      assets: [...d.querySelectorAll(S.asset)].filter(outsideTickets).map((el) => ({ el, id: el.getAttribute(S.assetIdAttr) ?? '' })).filter((a) => a.id !== ''),
      names: [...d.querySelectorAll(S.userName)].filter(outsideTickets).map((el) => ({ el, userId: el.getAttribute(S.userNameOfAttr) ?? '' })).filter((n) => n.userId !== ''),
      menu: [...d.querySelectorAll(S.menuItem)].map((el) => ({ el, groupId: el.getAttribute(S.menuGroupAttr) ?? '' })),
    };
  }

  private async update(): Promise<void> {
    const target = this.target;
    if (target === null) return;
    const generation = this.generation;
    const projectId = this.projectOf();
    const key = JSON.stringify([target.userId, target.role, projectId]);
    if (this.answers?.key !== key) this.answers = { key, assets: new Map(), tickets: new Map(), names: new Map(), view: null };
    const answers = this.answers;

    let scan = this.scan();
    const assetIds = [...new Set(scan.assets.map((a) => a.id).filter((id) => !answers.assets.has(id)))];
    const ticketIds = [...new Set(scan.tickets.map((t) => t.id).filter((id) => !answers.tickets.has(id)))];
    const userIds = [...new Set(scan.names.map((n) => n.userId).filter((id) => !answers.names.has(id)))];
    if (answers.view === null || assetIds.length + ticketIds.length + userIds.length > 0) {
      this.publish({ busy: true });
      try {
        const rounds = Math.max(1, Math.ceil(Math.max(assetIds.length, ticketIds.length, userIds.length) / MAX_EFFECT_IDS));
        for (let r = 0; r < rounds; r++) {
          const slice = <T>(xs: T[]) => xs.slice(r * MAX_EFFECT_IDS, (r + 1) * MAX_EFFECT_IDS);
          const view = await this.ask({
            userId: target.userId,
            role: target.role,
            projectId,
            assetIds: slice(assetIds),
            ticketIds: slice(ticketIds),
            names: slice(userIds).map((userId) => ({ userId, projectId })),
          });
          if (generation !== this.generation || this.answers !== answers) return;
          if (view === null) {
            this.publish({ busy: false, error: `${target.userId} (or the chosen role or project) is not in the cached data.` });
            return;
          }
          answers.view = view;
          for (const id of slice(assetIds)) answers.assets.set(id, null);
          for (const a of view.assets) answers.assets.set(a.assetId, a.effect);
          for (const id of slice(ticketIds)) answers.tickets.set(id, null);
          for (const t of view.tickets) answers.tickets.set(t.ticketId, { effect: t.effect, assigneeHidden: t.assigneeHidden });
          for (const id of slice(userIds)) answers.names.set(id, null);
          for (const n of view.names) answers.names.set(n.userId, n.visible);
        }
      } catch (err) {
        if (generation === this.generation) this.publish({ busy: false, error: err instanceof Error ? err.message : String(err) });
        return;
      }
      // The page may have changed while the answers were on their way.
      scan = this.scan();
    }
    if (generation !== this.generation || this.target === null) return;
    this.apply(scan, answers, this.target.mode);
  }

  private apply(scan: Scan, answers: Answers, mode: OverlayMode): void {
    const tokens = new Map<Element, string[]>();
    const mark = (el: Element, token: string) => tokens.set(el, [...(tokens.get(el) ?? []), token]);
    const maskWanted = new Map<Element, string>();
    const stats: OverlayStats = { ...EMPTY_STATS };
    let unanswered = false;

    for (const a of scan.assets) {
      if (!answers.assets.has(a.id)) unanswered = true;
      const effect = answers.assets.get(a.id);
      if (effect === undefined || effect === null) continue;
      stats.assetRows++;
      if (effect === 'hidden') {
        stats.assetsHidden++;
        mark(a.el, mode);
      }
    }
    for (const t of scan.tickets) {
      if (!answers.tickets.has(t.id)) unanswered = true;
      const d = answers.tickets.get(t.id);
      if (d === undefined || d === null) continue;
      stats.ticketRows++;
      if (d.effect === 'hidden') {
        stats.ticketsHidden++;
        mark(t.el, mode);
        continue;
      }
      if (d.effect === 'redacted') {
        stats.ticketsRedacted++;
        for (const el of t.assetNames) maskWanted.set(el, MASK_TEXT.assetName);
      }
      if (d.assigneeHidden) for (const el of t.userNames) maskWanted.set(el, MASK_TEXT.userName);
    }
    for (const n of scan.names) {
      if (!answers.names.has(n.userId)) unanswered = true;
      if (answers.names.get(n.userId) === false) maskWanted.set(n.el, MASK_TEXT.userName);
    }
    const menu = new Map((answers.view?.menu ?? []).map((m) => [m.groupId, m.visible]));
    if (menu.size > 0) {
      for (const m of scan.menu) {
        if (menu.get(m.groupId) !== false) continue;
        stats.menuHidden++;
        mark(m.el, mode);
        // The list item too, so a hidden link leaves no empty bullet behind.
        const li = m.el.parentElement;
        if (mode === 'hide' && li?.tagName === 'LI' && li.children.length === 1) mark(li, 'hide');
      }
    }
    for (const el of maskWanted.keys()) mark(el, 'masked');
    stats.namesMasked = [...maskWanted.values()].filter((t) => t === MASK_TEXT.userName).length;

    // Undo what is no longer wanted (newest first), then add what is missing.
    const wantedValue = new Map([...tokens].map(([el, t]) => [el, [...new Set(t)].sort().join(' ')]));
    const stale = [
      ...[...this.attrs.values()].filter((c) => wantedValue.get(c.el) !== c.value || c.el.getAttribute(OVERLAY_ATTR) !== c.value),
      ...[...this.masks.values()].filter((c) => maskWanted.get(c.el) !== c.mask.data || c.el.childNodes.length !== 1 || c.el.firstChild !== c.mask),
    ].sort((a, b) => b.seq - a.seq);
    for (const c of stale) this.undo(c);
    for (const [el, text] of maskWanted) if (!this.masks.has(el)) this.applyMask(el, text);
    for (const [el, value] of wantedValue) if (!this.attrs.has(el)) this.applyAttr(el, value);

    this.updateBanner(answers.view, stats);
    this.publish({ busy: false, error: null, view: answers.view, stats });
    if (unanswered) this.schedule(0);
  }

  private applyAttr(el: Element, value: string): void {
    this.attrs.set(el, { kind: 'attr', seq: ++this.seq, el, prev: el.getAttribute(OVERLAY_ATTR), value });
    el.setAttribute(OVERLAY_ATTR, value);
  }

  private applyMask(el: Element, text: string): void {
    const nodes = [...el.childNodes];
    const mask = this.doc.createTextNode(text);
    this.masks.set(el, { kind: 'mask', seq: ++this.seq, el, nodes, mask });
    el.replaceChildren(mask);
  }

  private undo(c: AttrChange | MaskChange): void {
    if (c.kind === 'attr') {
      this.attrs.delete(c.el);
      // Only our own value goes; if the page set the attribute meanwhile, its value stays.
      if (c.el.getAttribute(OVERLAY_ATTR) !== c.value) return;
      if (c.prev === null) c.el.removeAttribute(OVERLAY_ATTR);
      else c.el.setAttribute(OVERLAY_ATTR, c.prev);
    } else {
      this.masks.delete(c.el);
      if (c.el.childNodes.length === 1 && c.el.firstChild === c.mask) c.el.replaceChildren(...c.nodes);
      else if (c.mask.parentNode === c.el) c.mask.remove(); // the page replaced the text meanwhile: keep the page's
    }
  }

  private updateBanner(view: OverlayView | null, s: OverlayStats): void {
    if (!this.banner || !view) return;
    const who = `«${view.userName}»${view.systemRoleName ? ` (${view.systemRoleName})` : ''}`;
    const role = view.roleName ? ` with project role «${view.roleName}»${view.projectName ? ` in «${view.projectName}»` : ''}` : '';
    const title = `Viewing this page as ${who}${role}`;
    const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
    const parts = [
      s.assetRows > 0 ? `${s.assetsHidden} of ${n(s.assetRows, 'asset row', 'asset rows')} hidden for them` : null,
      s.ticketRows > 0 ? `${s.ticketsHidden} of ${n(s.ticketRows, 'ticket', 'tickets')} hidden, ${s.ticketsRedacted} with the asset redacted` : null,
      s.namesMasked > 0 ? `${n(s.namesMasked, 'name', 'names')} masked` : null,
      s.menuHidden > 0 ? `${n(s.menuHidden, 'menu item', 'menu items')} hidden` : null,
    ].filter((x) => x !== null);
    const detail = `${parts.length > 0 ? `${parts.join(' · ')}. ` : ''}A preview: the page itself is unchanged.`;
    // Only real changes touch the banner, so the observer's echo of this update changes nothing.
    if (this.banner.title.textContent !== title) this.banner.title.textContent = title;
    if (this.banner.detail.textContent !== detail) this.banner.detail.textContent = detail;
  }
}

/** The overlay's page stylesheet: an adopted sheet where the page allows it (no trace in the DOM), else a <style>. */
function installStyle(doc: Document): () => void {
  const View = doc.defaultView as (Window & typeof globalThis) | null;
  try {
    if (View && 'adoptedStyleSheets' in doc && typeof View.CSSStyleSheet === 'function') {
      const sheet = new View.CSSStyleSheet();
      sheet.replaceSync(OVERLAY_CSS);
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
      return () => {
        doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
      };
    }
  } catch {
    // e.g. a Firefox content script may not assign the page's adoptedStyleSheets: fall back to an element
  }
  const style = doc.createElement('style');
  style.setAttribute(STYLE_ATTR, '');
  style.textContent = OVERLAY_CSS;
  (doc.head ?? doc.documentElement).append(style);
  return () => style.remove();
}
