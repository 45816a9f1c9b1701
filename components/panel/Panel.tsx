// The panel: a header with the inspected user and "inspect as", then one tab per view. Everything follows the
// inspected user: the one picked in the header, else the page's signed-in user, else the source's.
import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PageContext, PageKind } from '../../core/adapters/types';
import type { DockSide } from '../../core/messaging/launcher-position';
import type { DataSource, SyncStatus, UserSummary } from '../../core/source/data-source';
import { AssetsView } from '../views/AssetsView';
import { AssignableRolesView } from '../views/AssignableRolesView';
import { ProjectView } from '../views/ProjectView';
import { SyncView } from '../views/SyncView';
import { TicketsView } from '../views/TicketsView';
import { WhoView } from '../views/WhoView';
import { CompareView } from '../views/CompareView';
import { InviteView } from '../views/InviteView';
import { OverlayView } from '../views/OverlayView';
import { SupportView } from '../views/SupportView';
import { VerifyView } from '../views/VerifyView';
import { RoleImpactView } from '../views/RoleImpactView';
import { JOURNEYS_CSS } from '../views/journeys-css';
import { PageOverlay } from '../overlay/page-overlay';
import type { PlatformActions } from '../platform-actions';
import { Tabs, type TabDef } from './Tabs';
import { UserChooser } from '../views/UserChooser';
import { FreshnessLine } from '../views/FreshnessLine';
import type { CompareSeed } from '../views/FlipRadius';
import { useQuery } from './use-query';
import type { PanelMemory } from './panel-memory';
import type { ShareRequest } from './share-link';

export type TabId = 'who' | 'roles' | 'project' | 'assets' | 'tickets' | 'compare' | 'support' | 'overlay' | 'verify' | 'invite' | 'roleImpact' | 'sync';
export const TABS: readonly TabDef<TabId>[] = [
  { id: 'who', label: 'Who' },
  { id: 'roles', label: 'Assignable roles' },
  { id: 'project', label: 'Project' },
  { id: 'assets', label: 'Assets' },
  { id: 'tickets', label: 'Tickets' },
  { id: 'compare', label: 'Compare' },
  { id: 'support', label: 'Explain & export' },
  { id: 'overlay', label: 'View as' },
  { id: 'verify', label: 'Verify' },
  { id: 'invite', label: 'Invite' },
  { id: 'roleImpact', label: 'Role impact' },
  { id: 'sync', label: 'Sync' },
];

/** The tabs of a kind of page: Verify on the registrations page, Invite on user administration, Role impact in the role editor, the rest always. */
export function tabsFor(kind: PageKind | null): readonly TabDef<TabId>[] {
  return TABS.filter((t) =>
    t.id === 'verify' ? kind === 'registrations' : t.id === 'invite' ? kind === 'users' || kind === 'user' : t.id === 'roleImpact' ? kind === 'role' : true,
  );
}

/** The tab that answers the page's question first. */
export function defaultTab(kind: PageKind | null): TabId {
  switch (kind) {
    case 'asset':
    case 'fleet':
      return 'assets';
    case 'tickets':
      return 'tickets';
    case 'user':
      return 'roles';
    case 'users':
      return 'invite';
    case 'registrations':
      return 'verify';
    case 'feature':
      return 'project';
    case 'role':
      return 'roleImpact';
    default:
      return 'who';
  }
}

/**
 * An answer asked for from outside the panel: a badge ("explain this asset"; userId null = whoever is inspected) or
 * a shared link (also "compare these two users"); n tells two equal requests apart.
 */
export type ExplainRequest = ShareRequest & { n: number };

export interface PanelProps {
  source: DataSource;
  context: ReadonlySignal<PageContext>;
  /** Inspected user changes (the shell re-badges the page for them). */
  onInspectedUserChange?: (userId: string | null) => void;
  onClose?: () => void;
  /** Which edge the panel is docked to, and how to move it to the other one (a button in the header: no drag needed). */
  dock?: ReadonlySignal<DockSide>;
  onDock?: (side: DockSide) => void;
  idPrefix?: string;
  /** The platform's write API (Verify), as the host built it (the widget: its api-base). */
  actions: PlatformActions;
  /** The page the overlay changes (default: the document the panel lives in). */
  pageDocument?: Document;
  /** What this browser tab remembered (the shell restores it after a page load). */
  memory?: PanelMemory;
  /** The remembered parts changed: the shell keeps them for the tab. */
  onMemoryChange?: (memory: Omit<PanelMemory, 'open'>) => void;
  explainRequest?: ReadonlySignal<ExplainRequest | null>;
}

export function Panel(props: PanelProps) {
  const { source, idPrefix = 'ai' } = props;
  const ctx = props.context.value;
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const memory = props.memory;
  const [picked, setPicked] = useState<Pick<UserSummary, 'id'> | null>(memory?.inspectUserId ? { id: memory.inspectUserId } : null);
  // A new kind of page (single-page navigation) opens the tab that fits it; a choice sticks while the kind stays.
  const [tabChoice, setTabChoice] = useState<{ tab: TabId; kind: PageKind | null }>(() =>
    memory?.tab && TABS.some((t) => t.id === memory.tab)
      ? { tab: memory.tab as TabId, kind: memory.tabPageKind as PageKind | null }
      : { tab: defaultTab(ctx.adapterId), kind: ctx.adapterId },
  );
  const [compareUserId, setCompareUserId] = useState<string | null>(memory?.compareUserId ?? null);
  // A flip opened in Compare: the seed and a count that remounts Compare on it.
  const [compareSeed, setCompareSeed] = useState<{ seed: CompareSeed; n: number } | null>(null);
  const { onMemoryChange } = props;
  useEffect(
    () => onMemoryChange?.({ inspectUserId: picked?.id ?? null, tab: tabChoice.tab, tabPageKind: tabChoice.kind, compareUserId }),
    [onMemoryChange, picked?.id, tabChoice.tab, tabChoice.kind, compareUserId],
  );
  const tabs = tabsFor(ctx.adapterId);
  const chosenTab = tabChoice.kind === ctx.adapterId ? tabChoice.tab : defaultTab(ctx.adapterId);
  const tab = tabs.some((t) => t.id === chosenTab) ? chosenTab : 'who';
  const setTab = (next: TabId) => setTabChoice({ tab: next, kind: ctx.adapterId });

  useEffect(() => {
    let live = true;
    source.syncStatus({}).then((s) => live && setStatus((cur) => cur ?? s), () => undefined);
    const off = source.subscribe((s) => live && setStatus(s));
    return () => {
      live = false;
      off();
    };
  }, [source]);

  // A badge (or link) asks for an asset's explanation: the Assets tab opens on it.
  const request = props.explainRequest?.value ?? null;
  const handled = useRef(0);
  useEffect(() => {
    if (request === null || request.n === handled.current) return;
    handled.current = request.n;
    if (request.userId !== null) setPicked({ id: request.userId });
    if (request.kind === 'compare') {
      setCompareUserId(request.otherUserId);
      setCompareSeed(null);
    }
    setTabChoice({ tab: request.kind === 'compare' ? 'compare' : 'assets', kind: ctx.adapterId });
  }, [request, ctx.adapterId]);

  const dataVersion = status?.dataVersion ?? 0;
  const signedIn = useQuery(() => (ctx.userId ? Promise.resolve(null) : source.signedInUser({}).then((r) => r.user)), [source, ctx.userId, dataVersion]);
  const userId = picked?.id ?? ctx.userId ?? signedIn.data?.id ?? null;
  const { onInspectedUserChange } = props;
  useEffect(() => onInspectedUserChange?.(userId), [userId, onInspectedUserChange]);
  const who = useQuery(() => (userId ? source.who({ userId }).then((r) => r.facts) : Promise.resolve(null)), [source, userId, dataVersion]);

  // The page overlay belongs to the panel (it stays on while other tabs are open) and goes when the panel goes.
  const { actions } = props;
  const pageDocument = props.pageDocument ?? document;
  const overlay = useMemo(() => new PageOverlay(pageDocument, (req) => source.overlayView(req).then((r) => r.view)), [source, pageDocument]);
  // A layout effect: its cleanup runs during unmount itself, so the page is whole again when unmount returns.
  useLayoutEffect(() => () => overlay.disable(), [overlay]);
  useEffect(() => overlay.invalidate(), [overlay, dataVersion]);
  // An overlay showing the inspected user's view follows a new inspected user.
  const lastUser = useRef(userId);
  useEffect(() => {
    const before = lastUser.current;
    lastUser.current = userId;
    const target = overlay.state.target;
    if (userId !== null && before !== userId && target !== null && target.userId === before) void overlay.enable({ ...target, userId });
  }, [overlay, userId]);

  return (
    <div class="ai-panel" role="region" aria-label="Access Inspector">
      <style>{JOURNEYS_CSS}</style>
      {/* A plain box, not <header>: inside the panel's region a banner landmark would be nested in another. */}
      <div class="panel-head">
        {/* tabindex -1: opening the panel moves focus here, so a screen reader says where the keyboard went. */}
        <h1 tabIndex={-1}>Access Inspector</h1>
        {props.dock && props.onDock && (
          <button type="button" data-dock-toggle onClick={() => props.onDock?.(props.dock?.value === 'right' ? 'left' : 'right')}>
            {props.dock.value === 'right' ? 'Dock left' : 'Dock right'}
          </button>
        )}
        {props.onClose && (
          <button type="button" onClick={props.onClose} aria-label="Close Access Inspector">
            Close
          </button>
        )}
        <div class="inspecting" aria-live="polite">
          <span>
            Inspecting:{' '}
            <strong>{userId === null ? 'nobody (no signed-in user found)' : (who.data?.user.name ?? userId)}</strong>
            {picked !== null && ctx.userId !== null && picked.id !== ctx.userId ? ' (not the signed-in user)' : ''}
          </span>
          {picked !== null && (
            <button type="button" onClick={() => setPicked(null)}>
              Back to signed-in user
            </button>
          )}
        </div>
        <UserChooser source={source} id={`${idPrefix}-user-search`} label="Inspect as" onPick={setPicked} />
        {/* How old the answers' data is, and why it may be missing or old (a refused key, an ended session), said
            where the answers are read. */}
        <FreshnessLine status={status} />
      </div>
      <Tabs idPrefix={idPrefix} label="Access Inspector views" tabs={tabs} selected={tab} onSelect={setTab}>
        {/* The view's name as the level-2 heading its sections (h3) sit under; the tab shows it already. */}
        <h2 class="sr-only">{tabs.find((t) => t.id === tab)?.label}</h2>
        {tab === 'sync' ? (
          <SyncView source={source} status={status} />
        ) : tab === 'roleImpact' ? (
          <RoleImpactView source={source} projectRoleId={ctx.projectRoleId ?? null} dataVersion={dataVersion} pageDocument={pageDocument} idPrefix={idPrefix} />
        ) : userId === null ? (
          <p class="muted">Pick a user with "Inspect as" to see their access.</p>
        ) : tab === 'who' ? (
          <WhoView source={source} userId={userId} dataVersion={dataVersion} />
        ) : tab === 'roles' ? (
          <AssignableRolesView source={source} userId={userId} pageTargetId={ctx.targetUserId} pageRegistrantIds={ctx.registrantIds} dataVersion={dataVersion} />
        ) : tab === 'project' ? (
          <ProjectView source={source} userId={userId} pageProjectId={ctx.projectId} dataVersion={dataVersion} idPrefix={idPrefix} />
        ) : tab === 'assets' ? (
          <AssetsView
            source={source}
            userId={userId}
            onScreenAssetId={ctx.assetDetailId}
            pageAssetIds={ctx.assetIds}
            requested={request?.kind === 'explain' ? request : null}
            share={{ userName: who.data?.user.name ?? null, dataAsOf: status?.dataAsOf ?? null, pageHref: pageDocument.location?.href ?? null }}
            onExplainFor={(id) => setPicked({ id })}
            onOpenInCompare={(seed) => {
              setCompareSeed({ seed, n: (compareSeed?.n ?? 0) + 1 });
              setTab('compare');
            }}
            dataVersion={dataVersion}
            idPrefix={idPrefix}
          />
        ) : tab === 'compare' ? (
          <CompareView
            // A shared comparison opens fresh on its other user.
            key={compareSeed ? `seed-${compareSeed.n}` : request?.kind === 'compare' ? `shared-${request.n}` : 'compare'}
            seed={compareSeed?.seed ?? null}
            source={source}
            userId={userId}
            pageProjectId={ctx.projectId}
            dataVersion={dataVersion}
            idPrefix={idPrefix}
            initialOtherUserId={compareUserId}
            pageHref={pageDocument.location?.href ?? null}
            dataAsOf={status?.dataAsOf ?? null}
            onOtherChange={setCompareUserId}
          />
        ) : tab === 'support' ? (
          <SupportView
            source={source}
            userId={userId}
            pageAssetIds={ctx.assetDetailId ? [ctx.assetDetailId, ...ctx.assetIds.filter((a) => a !== ctx.assetDetailId)] : ctx.assetIds}
            status={status}
            dataVersion={dataVersion}
            idPrefix={idPrefix}
          />
        ) : tab === 'overlay' ? (
          <OverlayView source={source} overlay={overlay} userId={userId} userName={who.data?.user.name ?? null} pageProjectId={ctx.projectId} dataVersion={dataVersion} idPrefix={idPrefix} />
        ) : tab === 'verify' ? (
          <VerifyView
            source={source}
            actions={actions}
            userId={userId}
            signedInUserId={ctx.userId}
            pageRegistrantIds={ctx.registrantIds}
            dataVersion={dataVersion}
            idPrefix={idPrefix}
          />
        ) : tab === 'invite' ? (
          <InviteView source={source} userId={userId} dataVersion={dataVersion} idPrefix={idPrefix} />
        ) : (
          <TicketsView source={source} userId={userId} pageTicketIds={ctx.ticketIds} dataVersion={dataVersion} idPrefix={idPrefix} />
        )}
      </Tabs>
    </div>
  );
}
