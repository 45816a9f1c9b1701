// "View this page as": applies one user's (or one project role's) access to the live page — asset and ticket rows
// they cannot see dimmed or hidden, menu items of feature groups they lack hidden (R1), other users' names masked
// (R5), asset names in redacted tickets masked (R4) — under a banner that says whose view it is. It is one user's
// view throughout: the top bar names the viewed user and their role, the page's own access words ("Edit", "View
// only") and Edit controls follow their access, administration links and user/registration rows follow their
// permissions, a page they could not open at all is covered by a note saying so, and the badges follow them
// (./viewed-user.ts). The overlay can only take away; what a more privileged user would see beyond the page is
// counted in the banner.
//
// Turning it off restores the page exactly. Every change is recorded and undone in reverse: the overlay adds one
// attribute (data-ai-overlay) to elements and removes it again, masks text by moving an element's own child nodes
// aside (the very same Text nodes go back), sets `disabled` on Edit controls it records, and adds a banner, a cover
// and a stylesheet that it removes. A page element the
// page itself changed while the overlay was on is left as the page made it. Single-page navigation and rows added
// later are followed through a MutationObserver; answers are asked for by id, so only new rows cost a request.
import { PAGE_ADAPTERS, pickAdapter, type PageAdapter, type PageOpener } from '../../core/adapters';
import { FEATURE_GROUPS } from '../../core/model/catalog';
import { readPageContext } from '../adapters/read-page';
import type { OverlayView, RequestOf, RoleOverride, TicketEffect, Effect } from '../../core/source/data-source';
import { MAX_EFFECT_IDS_LIMIT as MAX_EFFECT_IDS } from '../../core/source/limits';
import { BANNER_ATTR, COVER_ATTR, MASK_TEXT, OVERLAY_ATTR, OVERLAY_SELECTORS as S, STYLE_ATTR } from './selectors';
import { watchPage } from '../host/page-watcher';
import { OVERLAY_CSS, BANNER_CSS, COVER_CSS } from './overlay-css';
import { publishViewedUser } from './viewed-user';
import { SHADOW_MODE } from '../shadow-mode';

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
  /** Rows of a users list or registrations queue the viewed user would not have. */
  peopleHidden: number;
  /** The page's own access words and Edit controls changed to the viewed user's access. */
  accessChanged: number;
  /** Why the viewed user could not open this page at all (its content is covered), else null. */
  blocked: string | null;
  /** The viewed user has no role in the page's project (the platform would not offer it to them). */
  noRoleHere: boolean;
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
  name: string;
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
  userRows: Map<string, boolean | null>;
  registrants: Map<string, boolean | null>;
  view: OverlayView | null;
}

interface Scan {
  adapter: PageAdapter | null;
  signedInId: string | null;
  assets: { el: Element; id: string }[];
  /** Every asset id on the page (rows, ticket cells, the detail page's): the badges need them all. */
  allAssetIds: string[];
  detailId: string | null;
  targetUserId: string | null;
  tickets: { el: Element; id: string; assetNames: Element[]; userNames: Element[] }[];
  names: { el: Element; userId: string }[];
  menu: { el: Element; groupId: string }[];
  admin: { el: Element; pageId: string }[];
  adminHeading: Element | null;
  whoamiName: Element | null;
  whoamiRole: Element | null;
  projectOptions: { el: Element; id: string }[];
  content: Element | null;
  access: { el: Element; id: string }[];
  edits: { el: Element; id: string }[];
  userRows: { el: Element; id: string }[];
  registrants: { el: Element; id: string }[];
}

const EMPTY_STATS: OverlayStats = {
  assetRows: 0,
  assetsHidden: 0,
  ticketRows: 0,
  ticketsHidden: 0,
  ticketsRedacted: 0,
  namesMasked: 0,
  menuHidden: 0,
  peopleHidden: 0,
  accessChanged: 0,
  blocked: null,
  noRoleHere: false,
};

const ids = (doc: Document, attr: string, within: (el: Element) => boolean = () => true) =>
  [...doc.querySelectorAll(`[${attr}]`)]
    .filter(within)
    .map((el) => ({ el, id: el.getAttribute(attr) ?? '' }))
    .filter((x) => x.id !== '');

export class PageOverlay {
  private target: OverlayTarget | null = null;
  private readonly attrs = new Map<Element, AttrChange>();
  /** Attributes other than the overlay's own (`disabled`, `aria-disabled` on Edit controls), per element and name. */
  private readonly props = new Map<Element, Map<string, AttrChange>>();
  private readonly masks = new Map<Element, MaskChange>();
  private seq = 0;
  /** Stops following the page (components/host/page-watcher.ts); set while the overlay is on. */
  private unwatch: (() => void) | null = null;
  private banner: { host: HTMLElement; title: HTMLElement; detail: HTMLElement; beyond: HTMLElement } | null = null;
  private cover: { host: HTMLElement; title: HTMLElement; detail: HTMLElement } | null = null;
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
    const sameView =
      this.target !== null && this.target.userId === target.userId && JSON.stringify(this.target.role) === JSON.stringify(target.role);
    this.target = { ...target };
    if (!sameView) {
      this.answers = null;
      // Until the new answers come, the badges show "checking", never the previous user's view.
      this.lastViewed = '';
      publishViewedUser(this.doc, { userId: target.userId, userName: target.userId, roleName: null, effectOf: () => undefined });
    }
    if (this.unwatch === null) this.install();
    this.publish({ on: true, target: this.target, error: null, ...(sameView ? {} : { view: null, stats: EMPTY_STATS }) });
    this.schedule(0);
    return this.settled();
  }

  /** Turns the overlay off: every change undone in reverse order, synchronously. */
  disable(): void {
    if (this.target === null && this.unwatch === null) return;
    this.generation++;
    this.target = null;
    this.answers = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.unwatch?.();
    this.unwatch = null;
    const all = [...this.attrs.values(), ...[...this.props.values()].flatMap((m) => [...m.values()]), ...this.masks.values()].sort(
      (a, b) => b.seq - a.seq,
    );
    for (const c of all) this.undo(c);
    this.attrs.clear();
    this.props.clear();
    this.masks.clear();
    this.banner?.host.remove();
    this.banner = null;
    this.cover?.host.remove();
    this.cover = null;
    publishViewedUser(this.doc, null);
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
    // Rows the page adds or replaces, a new project, a single-page navigation: look again. The overlay's own
    // changes to the page's text come back here too; the update they cause finds nothing to do and changes nothing.
    this.unwatch = watchPage(this.doc, () => this.schedule(30));
  }

  /** A marked host with its own shadow root (closed in production) holding its stylesheet and one box. */
  private shadowBox(marker: string, css: string, className: string, role: string) {
    const d = this.doc;
    const host = d.createElement('div');
    host.setAttribute(marker, '');
    const root = host.attachShadow({ mode: SHADOW_MODE });
    const style = d.createElement('style');
    style.textContent = css;
    const box = d.createElement('div');
    box.className = className;
    box.setAttribute('role', role);
    root.append(style, box);
    return { host, box };
  }

  private makeBanner() {
    const d = this.doc;
    const { host, box } = this.shadowBox(BANNER_ATTR, BANNER_CSS, 'banner', 'status');
    box.setAttribute('aria-live', 'polite');
    const text = d.createElement('div');
    const title = d.createElement('strong');
    const detail = d.createElement('div');
    detail.className = 'detail';
    const beyond = d.createElement('div');
    beyond.className = 'beyond';
    beyond.setAttribute('data-beyond', '');
    text.append(title, detail, beyond);
    const off = d.createElement('button');
    off.type = 'button';
    off.textContent = 'Turn off';
    off.addEventListener('click', () => this.disable());
    box.append(text, off);
    (d.body ?? d.documentElement).append(host);
    return { host, title, detail, beyond };
  }

  /** The note put in place of the content of a page the viewed user could not open (in its own shadow root). */
  private makeCover() {
    const d = this.doc;
    const { host, box } = this.shadowBox(COVER_ATTR, COVER_CSS, 'cover', 'note');
    const title = d.createElement('strong');
    const detail = d.createElement('p');
    box.append(title, detail);
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
    const whoami = d.querySelector(S.whoami);
    const whoamiName = whoami?.querySelector(S.userName) ?? null;
    const allAssets = ids(d, S.assetIdAttr);
    const detail = d.querySelector(`[${S.assetDetailIdAttr}]`)?.getAttribute(S.assetDetailIdAttr) || null;
    const marker = d.body?.getAttribute('data-ai-page') ?? null;
    return {
      adapter: pickAdapter(d.location?.pathname ?? '/', marker),
      signedInId: d.body?.getAttribute(S.signedInAttr) || null,
      tickets: tickets.filter((t) => t.id !== ''),
      assets: allAssets.filter((a) => outsideTickets(a.el)),
      allAssetIds: [...new Set([...allAssets.map((a) => a.id), ...(detail ? [detail] : [])])],
      detailId: detail,
      targetUserId: d.querySelector(`[${S.targetUserAttr}]`)?.getAttribute(S.targetUserAttr) || null,
      names: ids(d, S.userNameOfAttr, (el) => outsideTickets(el) && el !== whoamiName && el.matches(S.userName)).map(({ el, id }) => ({
        el,
        userId: id,
      })),
      menu: [...d.querySelectorAll(S.menuItem)].map((el) => ({ el, groupId: el.getAttribute(S.menuGroupAttr) ?? '' })),
      admin: ids(d, S.adminItemAttr).map(({ el, id }) => ({ el, pageId: id })),
      adminHeading: d.querySelector(S.adminHeading),
      whoamiName,
      whoamiRole: whoami?.querySelector(S.whoamiRole) ?? null,
      projectOptions: [...d.querySelectorAll(S.projectOption)].map((el) => ({ el, id: el.getAttribute('value') ?? '' })),
      content: d.querySelector(S.content),
      access: ids(d, S.accessOfAttr),
      edits: ids(d, S.editOfAttr),
      userRows: ids(d, S.userRowAttr),
      registrants: ids(d, S.registrantAttr),
    };
  }

  private async update(): Promise<void> {
    const target = this.target;
    if (target === null) return;
    const generation = this.generation;
    const projectId = this.projectOf();
    const key = JSON.stringify([target.userId, target.role, projectId]);
    if (this.answers?.key !== key) {
      this.answers = {
        key,
        assets: new Map(),
        tickets: new Map(),
        names: new Map(),
        userRows: new Map(),
        registrants: new Map(),
        view: null,
      };
    }
    const answers = this.answers;

    let scan = this.scan();
    const missing = (xs: string[], known: Map<string, unknown>) => [...new Set(xs.filter((id) => !known.has(id)))];
    const assetIds = missing(scan.allAssetIds, answers.assets);
    const ticketIds = missing(
      scan.tickets.map((t) => t.id),
      answers.tickets,
    );
    const userIds = missing(
      scan.names.map((n) => n.userId),
      answers.names,
    );
    const userRowIds = missing(
      scan.userRows.map((r) => r.id),
      answers.userRows,
    );
    const registrantIds = missing(
      scan.registrants.map((r) => r.id),
      answers.registrants,
    );
    if (answers.view === null || assetIds.length + ticketIds.length + userIds.length + userRowIds.length + registrantIds.length > 0) {
      this.publish({ busy: true });
      try {
        const longest = Math.max(assetIds.length, ticketIds.length, userIds.length, userRowIds.length, registrantIds.length);
        const rounds = Math.max(1, Math.ceil(longest / MAX_EFFECT_IDS));
        for (let r = 0; r < rounds; r++) {
          const slice = <T>(xs: T[]) => xs.slice(r * MAX_EFFECT_IDS, (r + 1) * MAX_EFFECT_IDS);
          const view = await this.ask({
            userId: target.userId,
            role: target.role,
            projectId,
            assetIds: slice(assetIds),
            ticketIds: slice(ticketIds),
            names: slice(userIds).map((userId) => ({ userId, projectId })),
            userRowIds: slice(userRowIds),
            registrantIds: slice(registrantIds),
            // Counted once per view (the first round): what the viewed user sees beyond this page.
            compareWith: answers.view === null && r === 0 ? scan.signedInId : null,
          });
          if (generation !== this.generation || this.answers !== answers) return;
          if (view === null) {
            this.publish({ busy: false, error: `${target.userId} (or the chosen role or project) is not in the cached data.` });
            return;
          }
          answers.view = { ...view, totals: view.totals ?? answers.view?.totals ?? null };
          for (const id of slice(assetIds)) answers.assets.set(id, null);
          for (const a of view.assets) answers.assets.set(a.assetId, a.effect);
          for (const id of slice(ticketIds)) answers.tickets.set(id, null);
          for (const t of view.tickets) answers.tickets.set(t.ticketId, { effect: t.effect, assigneeHidden: t.assigneeHidden });
          for (const id of slice(userIds)) answers.names.set(id, null);
          for (const n of view.names) answers.names.set(n.userId, n.visible);
          for (const id of slice(userRowIds)) answers.userRows.set(id, null);
          for (const u of view.userRows) answers.userRows.set(u.userId, u.manageable);
          for (const id of slice(registrantIds)) answers.registrants.set(id, null);
          for (const g of view.registrants) answers.registrants.set(g.userId, g.inQueue);
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
    const propsWanted = new Map<Element, Map<string, string>>();
    const stats: OverlayStats = { ...EMPTY_STATS };
    const view = answers.view;
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
    const menu = new Map((view?.menu ?? []).map((m) => [m.groupId, m.visible]));
    const hideMenuItem = (el: Element) => {
      stats.menuHidden++;
      mark(el, mode);
      // The list item too, so a hidden link leaves no empty bullet behind.
      const li = el.parentElement;
      if (mode === 'hide' && li?.tagName === 'LI' && li.children.length === 1) mark(li, 'hide');
    };
    if (menu.size > 0) for (const m of scan.menu) if (menu.get(m.groupId) === false) hideMenuItem(m.el);

    if (view !== null) {
      // Administration links follow the rule of the page they open (the adapters say who may open which page).
      const adminHidden = scan.admin.filter((a) => {
        const opener = PAGE_ADAPTERS.find((p) => p.id === a.pageId)?.view?.opens;
        return opener !== undefined && opener !== 'assetVisible' && !opens(opener, view, scan, answers);
      });
      for (const a of adminHidden) hideMenuItem(a.el);
      if (scan.adminHeading && scan.admin.length > 0 && adminHidden.length === scan.admin.length) mark(scan.adminHeading, mode);

      // The top bar says who is looking: the viewed user and their system role.
      const substitute = (el: Element | null, text: string) => {
        if (el === null || this.pageText(el).trim() === text) return;
        maskWanted.set(el, text);
        mark(el, 'viewed');
      };
      substitute(scan.whoamiName, view.userName);
      substitute(scan.whoamiRole, view.systemRoleName ?? 'No system role');
      // Their project picker: only their projects (an option cannot be dimmed, so it goes).
      if (view.projectIds !== null) {
        const theirs = new Set(view.projectIds);
        for (const o of scan.projectOptions) if (!theirs.has(o.id)) mark(o.el, 'hide');
        stats.noRoleHere = view.projectId !== null && !theirs.has(view.projectId);
      }

      // The page's own access words and Edit controls follow the viewed user's access.
      const words = scan.adapter?.view?.accessWords;
      for (const a of scan.access) {
        const effect = answers.assets.get(a.id);
        // A row they cannot see must not keep the page's "Edit" either (dimmed, it is still read).
        const word =
          !words || effect === undefined || effect === null ? undefined : effect === 'hidden' ? (words.hidden ?? '—') : words[effect];
        if (word === undefined || this.pageText(a.el).trim() === word) continue;
        if (effect !== 'hidden') stats.accessChanged++; // hidden rows are counted as such
        substitute(a.el, word);
      }
      for (const e of scan.edits) {
        const effect = answers.assets.get(e.id);
        if (effect !== 'read' && effect !== 'hidden') continue;
        const attrs = new Map<string, string>();
        if (/^(BUTTON|INPUT|SELECT|TEXTAREA)$/.test(e.el.tagName)) {
          if (!this.pageHas(e.el, 'disabled')) attrs.set('disabled', '');
        } else if (this.pageValue(e.el, 'aria-disabled') !== 'true') attrs.set('aria-disabled', 'true');
        if (attrs.size === 0) continue;
        stats.accessChanged++;
        propsWanted.set(e.el, attrs);
        mark(e.el, 'readonly');
      }

      // Users and registrations: the rows the viewed user would have.
      for (const r of scan.userRows) {
        if (!answers.userRows.has(r.id)) unanswered = true;
        if (answers.userRows.get(r.id) !== false) continue;
        stats.peopleHidden++;
        mark(r.el, mode);
      }
      for (const r of scan.registrants) {
        if (!answers.registrants.has(r.id)) unanswered = true;
        if (answers.registrants.get(r.id) !== false) continue;
        stats.peopleHidden++;
        mark(r.el, mode);
      }

      // A page they could not open at all: its content goes under a note that says so (whatever the mode).
      const opener = scan.adapter?.view?.opens;
      stats.blocked =
        opener !== undefined && scan.content !== null && !opens(opener, view, scan, answers) ? blockedReason(opener, view) : null;
      if (stats.blocked !== null) mark(scan.content!, 'hide');
    }
    for (const el of maskWanted.keys()) if (!tokens.get(el)?.includes('viewed')) mark(el, 'masked');
    stats.namesMasked = [...maskWanted.values()].filter((t) => t === MASK_TEXT.userName).length;

    // Undo what is no longer wanted (newest first), then add what is missing.
    const wantedValue = new Map([...tokens].map(([el, t]) => [el, [...new Set(t)].sort().join(' ')]));
    const stale = [
      ...[...this.attrs.values()].filter((c) => wantedValue.get(c.el) !== c.value || c.el.getAttribute(OVERLAY_ATTR) !== c.value),
      ...[...this.props.values()]
        .flatMap((m) => [...m.values()])
        .filter((c) => propsWanted.get(c.el)?.get(c.name) !== c.value || c.el.getAttribute(c.name) !== c.value),
      ...[...this.masks.values()].filter(
        (c) => maskWanted.get(c.el) !== c.mask.data || c.el.childNodes.length !== 1 || c.el.firstChild !== c.mask,
      ),
    ].sort((a, b) => b.seq - a.seq);
    for (const c of stale) this.undo(c);
    for (const [el, text] of maskWanted) if (!this.masks.has(el)) this.applyMask(el, text);
    for (const [el, value] of wantedValue) if (!this.attrs.has(el)) this.applyAttr(el, OVERLAY_ATTR, value);
    for (const [el, attrs] of propsWanted)
      for (const [name, value] of attrs) if (!this.props.get(el)?.has(name)) this.applyAttr(el, name, value);
    this.placeCover(stats.blocked === null ? null : scan.content, view, stats.blocked);

    this.updateBanner(view, stats, scan);
    this.publish({ busy: false, error: null, view, stats });
    this.publishViewed(answers);
    if (unanswered) this.schedule(0);
  }

  /** The element's text as the page has it (under a mask: the page's own nodes). */
  private pageText(el: Element): string {
    const m = this.masks.get(el);
    return m ? m.nodes.map((n) => n.textContent ?? '').join('') : (el.textContent ?? '');
  }

  /** An attribute's value as the page has it (not the overlay's). */
  private pageValue(el: Element, name: string): string | null {
    const c = this.props.get(el)?.get(name);
    return c && el.getAttribute(name) === c.value ? c.prev : el.getAttribute(name);
  }

  private pageHas(el: Element, name: string): boolean {
    return this.pageValue(el, name) !== null;
  }

  private lastViewed = '';

  /** Tells the badges whose view this is, when the answers changed (their repaint must not echo back forever). */
  private publishViewed(answers: Answers): void {
    const view = answers.view;
    if (view === null) return;
    const sig = `${answers.key}\u0000${answers.assets.size}\u0000${view.userName}`;
    if (sig === this.lastViewed) return;
    this.lastViewed = sig;
    publishViewedUser(this.doc, {
      userId: view.userId,
      userName: view.userName,
      roleName: view.roleName,
      effectOf: (id) => answers.assets.get(id),
    });
  }

  private placeCover(content: Element | null, view: OverlayView | null, reason: string | null): void {
    if (content === null || view === null || reason === null) {
      this.cover?.host.remove();
      this.cover = null;
      return;
    }
    this.cover ??= this.makeCover();
    const { host, title, detail } = this.cover;
    const t = `«${view.userName}» could not open this page`;
    const d = `${reason} Turn the overlay off to see the page again.`;
    if (title.textContent !== t) title.textContent = t;
    if (detail.textContent !== d) detail.textContent = d;
    if (host.nextSibling !== content || !host.isConnected) content.before(host);
  }

  private applyAttr(el: Element, name: string, value: string): void {
    const change: AttrChange = { kind: 'attr', seq: ++this.seq, el, name, prev: el.getAttribute(name), value };
    if (name === OVERLAY_ATTR) this.attrs.set(el, change);
    else {
      let m = this.props.get(el);
      if (!m) this.props.set(el, (m = new Map()));
      m.set(name, change);
    }
    el.setAttribute(name, value);
  }

  private applyMask(el: Element, text: string): void {
    const nodes = [...el.childNodes];
    const mask = this.doc.createTextNode(text);
    this.masks.set(el, { kind: 'mask', seq: ++this.seq, el, nodes, mask });
    el.replaceChildren(mask);
  }

  private undo(c: AttrChange | MaskChange): void {
    if (c.kind === 'attr') {
      if (c.name === OVERLAY_ATTR) this.attrs.delete(c.el);
      else {
        const m = this.props.get(c.el);
        m?.delete(c.name);
        if (m?.size === 0) this.props.delete(c.el);
      }
      // Only our own value goes; if the page set the attribute meanwhile, its value stays.
      if (c.el.getAttribute(c.name) !== c.value) return;
      if (c.prev === null) c.el.removeAttribute(c.name);
      else c.el.setAttribute(c.name, c.prev);
    } else {
      this.masks.delete(c.el);
      if (c.el.childNodes.length === 1 && c.el.firstChild === c.mask) c.el.replaceChildren(...c.nodes);
      else if (c.mask.parentNode === c.el) c.mask.remove(); // the page replaced the text meanwhile: keep the page's
    }
  }

  private updateBanner(view: OverlayView | null, s: OverlayStats, scan: Scan): void {
    if (!this.banner || !view) return;
    const who = `«${view.userName}»${view.systemRoleName ? ` (${view.systemRoleName})` : ''}`;
    const role = view.roleName ? ` with project role «${view.roleName}»${view.projectName ? ` in «${view.projectName}»` : ''}` : '';
    const title = `Viewing this page as ${who}${role}`;
    const n = (count: number, one: string, many: string) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
    const menuPart = s.menuHidden > 0 ? `${n(s.menuHidden, 'menu item', 'menu items')} hidden` : null;
    const projectPart = s.noRoleHere ? `they have no role in ${view.projectName ? `«${view.projectName}»` : 'this project'}` : null;
    // A covered page's rows and names are nobody's business: only the cover and the menu are worth counting.
    const parts = (
      s.blocked !== null
        ? ['they could not open this page: its content is covered', projectPart, menuPart]
        : [
            projectPart,
            s.assetRows > 0 ? `${s.assetsHidden} of ${n(s.assetRows, 'asset row', 'asset rows')} hidden for them` : null,
            s.ticketRows > 0
              ? `${s.ticketsHidden} of ${n(s.ticketRows, 'ticket', 'tickets')} hidden, ${s.ticketsRedacted} with the asset redacted`
              : null,
            s.peopleHidden > 0 ? `${n(s.peopleHidden, 'row', 'rows')} of people hidden` : null,
            s.accessChanged > 0 ? `${n(s.accessChanged, 'access mark', 'access marks')} changed to theirs` : null,
            s.namesMasked > 0 ? `${n(s.namesMasked, 'name', 'names')} masked` : null,
            menuPart,
          ]
    ).filter((x) => x !== null);
    const detail = `${parts.length > 0 ? `${parts.join(' · ')}. ` : ''}A preview: the page itself is unchanged.`;
    const beyond = beyondThisPage(view, scan, this.answers);
    // Only real changes touch the banner, so the observer's echo of this update changes nothing.
    if (this.banner.title.textContent !== title) this.banner.title.textContent = title;
    if (this.banner.detail.textContent !== detail) this.banner.detail.textContent = detail;
    if (this.banner.beyond.textContent !== beyond) this.banner.beyond.textContent = beyond;
    this.banner.beyond.hidden = beyond === '';
  }
}

/** Whether the viewed user could open a page guarded by `opener` (the platform's own rule, from the adapters). */
function opens(opener: PageOpener, view: OverlayView, scan: Scan, answers: Answers | null): boolean {
  switch (opener) {
    case 'manageUsers':
      return view.manageUsers;
    case 'manageUsersOrVerifier':
      return view.manageUsers || view.verifier;
    case 'manageUsersOrSelf':
      return view.manageUsers || scan.targetUserId === null || scan.targetUserId === view.userId;
    case 'assetVisible':
      return scan.detailId === null || answers?.assets.get(scan.detailId) !== 'hidden';
  }
}

function blockedReason(opener: PageOpener, view: OverlayView): string {
  const role = view.systemRoleName ? `Their system role «${view.systemRoleName}»` : 'Without a system role, they';
  switch (opener) {
    case 'manageUsers':
      return `${role} does not include Manage users, so the platform would refuse this page.`;
    case 'manageUsersOrVerifier':
      return `${role} neither includes Manage users nor verifies registrations (Quote Manager), so the platform would not show them this page.`;
    case 'manageUsersOrSelf':
      return `This is another user's page, and ${view.systemRoleName ? `their system role «${view.systemRoleName}»` : 'without a system role they'} cannot manage users.`;
    case 'assetVisible':
      return 'They may not see this asset: the platform would answer "Asset not available".';
  }
}

/** What a more privileged viewed user has beyond this page (the overlay can only take away), in one sentence. */
function beyondThisPage(view: OverlayView, scan: Scan, answers: Answers | null): string {
  const more: string[] = [];
  const cw = view.totals?.compareWith;
  if (view.totals && cw) {
    const assets = view.totals.visibleAssets - cw.visibleAssets;
    const tickets = view.totals.visibleTickets - cw.visibleTickets;
    if (assets > 0) more.push(`${assets.toLocaleString('en')} more ${assets === 1 ? 'asset' : 'assets'}`);
    if (tickets > 0) more.push(`${tickets.toLocaleString('en')} more ${tickets === 1 ? 'ticket' : 'tickets'}`);
  }
  const onPage = new Set(scan.menu.map((m) => m.groupId));
  const menuExtra = view.menu
    .filter((m) => m.visible && !onPage.has(m.groupId))
    .map((m) => FEATURE_GROUPS.find((g) => g.id === m.groupId)?.label ?? m.groupId);
  const adminOnPage = new Set(scan.admin.map((a) => a.pageId));
  const adminExtra = PAGE_ADAPTERS.filter(
    (a) =>
      (a.view?.opens === 'manageUsers' || a.view?.opens === 'manageUsersOrVerifier') &&
      !adminOnPage.has(a.id) &&
      opens(a.view.opens, view, scan, answers),
  ).map((a) => ADMIN_LABEL[a.id] ?? a.id);
  const extra = [...menuExtra, ...adminExtra];
  if (more.length === 0 && extra.length === 0) return '';
  const sees = more.length > 0 ? `sees ${more.join(' and ')} than the signed-in user` : '';
  const menuText = extra.length > 0 ? `${sees ? ', and ' : ''}has ${extra.join(', ')} in the menu` : '';
  return `Beyond this page: «${view.userName}» ${sees}${menuText}. The overlay can only hide, so none of that is shown here.`;
}

const ADMIN_LABEL: Partial<Record<string, string>> = { users: 'Users', registrations: 'Registrations' };

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
