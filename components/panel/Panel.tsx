// The panel: a header with the inspected user and "inspect as", then one tab per view. Everything follows the
// inspected user: the one picked in the header, else the page's signed-in user, else the source's.
import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { PageContext, PageKind } from '../../core/adapters/types';
import type { DataSource, SyncStatus, UserSummary } from '../data-source';
import { AssetsView } from '../views/AssetsView';
import { AssignableRolesView } from '../views/AssignableRolesView';
import { ProjectView } from '../views/ProjectView';
import { SyncView } from '../views/SyncView';
import { TicketsView } from '../views/TicketsView';
import { WhoView } from '../views/WhoView';
import { Tabs, type TabDef } from './Tabs';
import { UserPicker } from './UserPicker';
import { useQuery } from './use-query';

export type TabId = 'who' | 'roles' | 'project' | 'assets' | 'tickets' | 'sync';
export const TABS: readonly TabDef<TabId>[] = [
  { id: 'who', label: 'Who' },
  { id: 'roles', label: 'Assignable roles' },
  { id: 'project', label: 'Project' },
  { id: 'assets', label: 'Assets' },
  { id: 'tickets', label: 'Tickets' },
  { id: 'sync', label: 'Sync' },
];

/** The tab that answers the page's question first. */
export function defaultTab(kind: PageKind | null): TabId {
  switch (kind) {
    case 'asset':
    case 'fleet':
      return 'assets';
    case 'tickets':
      return 'tickets';
    case 'user':
    case 'users':
    case 'registrations':
      return 'roles';
    case 'feature':
      return 'project';
    default:
      return 'who';
  }
}

export interface PanelProps {
  source: DataSource;
  context: ReadonlySignal<PageContext>;
  /** Inspected user changes (the shell re-badges the page for them). */
  onInspectedUserChange?: (userId: string | null) => void;
  onClose?: () => void;
  idPrefix?: string;
}

export function Panel(props: PanelProps) {
  const { source, idPrefix = 'ai' } = props;
  const ctx = props.context.value;
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [picked, setPicked] = useState<UserSummary | null>(null);
  // A new kind of page (single-page navigation) opens the tab that fits it; a choice sticks while the kind stays.
  const [tabChoice, setTabChoice] = useState<{ tab: TabId; kind: PageKind | null }>({ tab: defaultTab(ctx.adapterId), kind: ctx.adapterId });
  const tab = tabChoice.kind === ctx.adapterId ? tabChoice.tab : defaultTab(ctx.adapterId);
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

  const dataVersion = status?.dataVersion ?? 0;
  const signedIn = useQuery(() => (ctx.userId ? Promise.resolve(null) : source.signedInUser({}).then((r) => r.user)), [source, ctx.userId, dataVersion]);
  const userId = picked?.id ?? ctx.userId ?? signedIn.data?.id ?? null;
  const { onInspectedUserChange } = props;
  useEffect(() => onInspectedUserChange?.(userId), [userId, onInspectedUserChange]);
  const who = useQuery(() => (userId ? source.who({ userId }).then((r) => r.facts) : Promise.resolve(null)), [source, userId, dataVersion]);

  return (
    <div class="ai-panel" role="region" aria-label="Access Inspector">
      <header>
        <h1>Access Inspector</h1>
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
        <UserPicker source={source} idPrefix={idPrefix} onPick={setPicked} />
      </header>
      <Tabs idPrefix={idPrefix} label="Access Inspector views" tabs={TABS} selected={tab} onSelect={setTab}>
        {tab === 'sync' ? (
          <SyncView source={source} status={status} />
        ) : userId === null ? (
          <p class="muted">Pick a user with "Inspect as" to see their access.</p>
        ) : tab === 'who' ? (
          <WhoView source={source} userId={userId} dataVersion={dataVersion} />
        ) : tab === 'roles' ? (
          <AssignableRolesView source={source} userId={userId} pageTargetId={ctx.targetUserId} pageRegistrantIds={ctx.registrantIds} dataVersion={dataVersion} />
        ) : tab === 'project' ? (
          <ProjectView source={source} userId={userId} pageProjectId={ctx.projectId} dataVersion={dataVersion} idPrefix={idPrefix} />
        ) : tab === 'assets' ? (
          <AssetsView source={source} userId={userId} onScreenAssetId={ctx.assetDetailId} dataVersion={dataVersion} idPrefix={idPrefix} />
        ) : (
          <TicketsView source={source} userId={userId} pageTicketIds={ctx.ticketIds} dataVersion={dataVersion} idPrefix={idPrefix} />
        )}
      </Tabs>
    </div>
  );
}
