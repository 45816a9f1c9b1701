// The panel's state in one place, as signals: the host's source and actions, the page's context, the sync status (and
// the data version every answer follows), whom the panel inspects and compares with, the open tab and the last request
// from outside. mount creates it; the panel and every view read it through usePanel() rather than through props.
import { computed, effect, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { PageContext, PageKind } from '../../core/adapters/types';
import type { DataSource, SyncStatus } from '../../core/source/data-source';
import type { PanelHost } from '../host/panel-host';
import { actionsAsOf, sourceAsOf } from './as-of';
import { PageOverlay } from '../overlay/page-overlay';
import type { CompareSeed } from '../views/compare-seed';
import { defaultViewFor, viewsFor, type ViewDescriptor } from '../views/view';
import type { PanelMemory } from './panel-memory';
import type { ShareRequest } from './share-link';

/**
 * An answer asked for from outside the panel: a badge ("explain this asset"; userId null = whoever is inspected) or
 * a shared link (also "compare these two users"); n tells two equal requests apart.
 */
export type ExplainRequest = ShareRequest & { n: number };

export interface PanelModelOptions<Id extends string> {
  host: PanelHost;
  /** The views in tab order (components/views/index.ts). */
  views: readonly ViewDescriptor<Id>[];
  /** The page's context; the shell writes it on every navigation. */
  context: ReadonlySignal<PageContext>;
  /** Prefix of element ids (two panels on one page need different ones). */
  idPrefix?: string;
  /** The page the overlay changes (default: the document the panel lives in). */
  pageDocument?: Document;
  /** What this browser tab remembered (the shell restores it after a page load). */
  memory?: PanelMemory;
}

export class PanelModel<Id extends string = string> {
  /** The host's source, about now: the sync, the header's facts, the history's own questions. */
  readonly nowSource: PanelHost['source'];
  private readonly hostActions: PanelHost['actions'];
  readonly views: readonly ViewDescriptor<Id>[];
  readonly context: ReadonlySignal<PageContext>;
  readonly idPrefix: string;
  readonly pageDocument: Document;
  /** The page overlay belongs to the panel: it stays on while other tabs are open, and goes when the panel goes. */
  readonly overlay: PageOverlay;

  /**
   * The past moment every answer is given as of (an ISO time; null = now). Not remembered for the browser tab: a
   * reload is back at now, so nobody reads an old answer for a current one after forgetting the setting.
   */
  readonly asOf = signal<string | null>(null);
  private asOfSource: { at: string | null; source: DataSource } | null = null;

  readonly status = signal<SyncStatus | null>(null);
  readonly dataVersion = computed(() => this.status.value?.dataVersion ?? 0);
  /** The moment the answers on screen are about (copied answers say it): the chosen past moment, else the data's. */
  readonly answersAsOf = computed(() => this.asOf.value ?? this.status.value?.dataAsOf ?? null);
  /** Picked with "Inspect as" (null: the page's signed-in user). */
  readonly picked: Signal<string | null>;
  /** The source's signed-in user, asked only when the page names none. */
  readonly signedInUserId = signal<string | null>(null);
  /** Everything follows this user: the one picked, else the page's signed-in user, else the source's. */
  readonly inspectedUserId = computed(() => this.picked.value ?? this.context.value.userId ?? this.signedInUserId.value);
  private readonly inspectedFacts = signal<{ userId: string; name: string | null } | null>(null);
  /** The inspected user's name once the data has answered (null until then, or when they are not in it). */
  readonly inspectedName = computed(() => {
    const facts = this.inspectedFacts.value;
    return facts !== null && facts.userId === this.inspectedUserId.value ? facts.name : null;
  });
  /** The other user of Compare (remembered for the browser tab). */
  readonly compareUserId: Signal<string | null>;
  /** A flip opened in Compare: the seed and a count that opens Compare afresh on it. */
  readonly compareSeed = signal<{ seed: CompareSeed; n: number } | null>(null);
  readonly request = signal<ExplainRequest | null>(null);
  // A new kind of page (single-page navigation) opens the tab that fits it; a choice sticks while the kind stays.
  private readonly tabChoice: Signal<{ tab: Id; kind: PageKind | null }>;
  /** The views of this kind of page, in tab order. */
  readonly shownViews = computed(() => viewsFor(this.views, this.context.value.adapterId));
  readonly tab = computed((): Id => {
    const kind = this.context.value.adapterId;
    const choice = this.tabChoice.value;
    const chosen = choice.kind === kind ? choice.tab : defaultViewFor(this.views, kind).id;
    const shown = this.shownViews.value;
    return shown.some((v) => v.id === chosen) ? chosen : shown[0].id;
  });
  /** What the browser tab keeps (the tab as chosen, with the kind of page it was chosen on). */
  readonly memory = computed((): Omit<PanelMemory, 'open'> => ({
    inspectUserId: this.picked.value,
    tab: this.tabChoice.value.tab,
    tabPageKind: this.tabChoice.value.kind,
    compareUserId: this.compareUserId.value,
  }));

  constructor(options: PanelModelOptions<Id>) {
    this.nowSource = options.host.source;
    this.hostActions = options.host.actions;
    this.views = options.views;
    this.context = options.context;
    this.idPrefix = options.idPrefix ?? 'ai';
    this.pageDocument = options.pageDocument ?? document;
    this.overlay = new PageOverlay(this.pageDocument, (req) =>
      this.sourceFor(this.asOf.peek())
        .overlayView(req)
        .then((r) => r.view),
    );
    const memory = options.memory;
    this.picked = signal(memory?.inspectUserId ?? null);
    this.compareUserId = signal(memory?.compareUserId ?? null);
    const kind = this.context.peek().adapterId;
    const remembered = this.views.find((v) => v.id === memory?.tab);
    this.tabChoice = signal(
      remembered
        ? { tab: remembered.id, kind: (memory?.tabPageKind ?? null) as PageKind | null }
        : { tab: defaultViewFor(this.views, kind).id, kind },
    );
  }

  /**
   * Where views ask: the host's source, every question asked as of the panel's moment. A new moment gives a new
   * source, so a view whose answers depend on its source asks again by itself; reading it in a render follows asOf.
   */
  get source(): DataSource {
    return this.sourceFor(this.asOf.value);
  }

  /** The host's writes; while the panel answers as of a past moment they are refused (see actionsAsOf). */
  get actions(): PanelHost['actions'] {
    const at = this.asOf.value;
    return at === null ? this.hostActions : actionsAsOf(at);
  }

  private sourceFor(at: string | null): DataSource {
    if (this.asOfSource?.at !== at) this.asOfSource = { at, source: at === null ? this.nowSource : sourceAsOf(this.nowSource, at) };
    return this.asOfSource.source;
  }

  /** Every answer as of this moment (an ISO time), or null: back to now. */
  setAsOf(at: string | null): void {
    this.asOf.value = at;
  }

  /** Inspect as this user (null: back to the signed-in user). */
  inspect(userId: string | null): void {
    this.picked.value = userId;
  }

  /** A tab chosen by a person: it holds while the kind of page stays. */
  select(id: Id): void {
    this.tabChoice.value = { tab: id, kind: this.context.peek().adapterId };
  }

  setCompareUser(userId: string | null): void {
    this.compareUserId.value = userId;
  }

  /** A badge or a shared link asks for an answer: the view that answers it opens on it. */
  answer(request: ShareRequest): void {
    this.request.value = { ...request, n: (this.request.peek()?.n ?? 0) + 1 };
    if (request.userId !== null) this.inspect(request.userId);
    if (request.kind === 'compare') {
      this.setCompareUser(request.otherUserId);
      this.compareSeed.value = null;
    }
    this.open(request.kind);
  }

  /** A flip's "Open as a draft in Compare". */
  openInCompare(seed: CompareSeed): void {
    this.compareSeed.value = { seed, n: (this.compareSeed.peek()?.n ?? 0) + 1 };
    this.open('compare');
  }

  private open(kind: ShareRequest['kind']): void {
    const view = this.views.find((v) => v.answers === kind);
    if (view) this.select(view.id);
  }

  /**
   * Follows the source while the panel is shown: its sync status, the signed-in user when the page names none, the
   * inspected user's name; the overlay is refreshed with the data and follows a new inspected user. Returns the stop.
   */
  connect(): () => void {
    let live = true;
    // About now whatever the moment: the sync, who is signed in, the inspected user's name.
    const source = this.nowSource;
    source.syncStatus({}).then(
      (s) => {
        if (live && this.status.peek() === null) this.status.value = s;
      },
      () => undefined,
    );
    const offStatus = source.subscribe((s) => {
      if (live) this.status.value = s;
    });
    const pageUserId = computed(() => this.context.value.userId);
    const offSignedIn = effect(() => {
      void this.dataVersion.value;
      if (pageUserId.value !== null) return;
      let current = true;
      source.signedInUser({}).then(
        (r) => current && (this.signedInUserId.value = r.user?.id ?? null),
        () => current && (this.signedInUserId.value = null),
      );
      return () => {
        current = false;
      };
    });
    const offFacts = effect(() => {
      void this.dataVersion.value;
      const userId = this.inspectedUserId.value;
      if (userId === null) return;
      let current = true;
      source.who({ userId }).then(
        (r) => current && (this.inspectedFacts.value = { userId, name: r.facts?.user.name ?? null }),
        () => current && (this.inspectedFacts.value = null),
      );
      return () => {
        current = false;
      };
    });
    const offInvalidate = effect(() => {
      void this.dataVersion.value;
      void this.asOf.value;
      this.overlay.invalidate();
    });
    // An overlay showing the inspected user's view follows a new inspected user.
    let lastUser = this.inspectedUserId.peek();
    const offFollow = effect(() => {
      const userId = this.inspectedUserId.value;
      const before = lastUser;
      lastUser = userId;
      const target = this.overlay.state.target;
      if (userId !== null && before !== userId && target !== null && target.userId === before)
        void this.overlay.enable({ ...target, userId });
    });
    return () => {
      live = false;
      offStatus();
      offSignedIn();
      offFacts();
      offInvalidate();
      offFollow();
      // The page is whole again when the panel goes.
      this.overlay.disable();
    };
  }
}
