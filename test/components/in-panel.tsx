// A view rendered alone, as the panel renders it: inside a panel model (the host's source, the page's context, the
// sync status whose data version answers follow) and, for a view about a user, with that inspected user.
import { signal } from '@preact/signals';
import { act } from '@testing-library/preact';
import type { VNode } from 'preact';
import { EMPTY_PAGE_CONTEXT, type PageContext } from '../../core/adapters/types';
import type { DataSource, SyncStatus } from '../../core/source/data-source';
import { PanelModel } from '../../components/panel/model';
import { InspectedUserProvider, PanelModelProvider } from '../../components/panel/use-panel';
import { createPlatformActions } from '../../components/platform-actions';
import { VIEWS } from '../../components/views';

export interface InPanel {
  source: DataSource;
  /** The inspected user (a view about a user needs one). */
  userId?: string;
  context?: Partial<PageContext>;
  idPrefix?: string;
  /** The sync status the panel shows (default: synced, data version 1). */
  status?: SyncStatus;
  pageDocument?: Document;
}

export const syncedStatus = (dataVersion: number): SyncStatus => ({
  state: 'idle',
  dataAsOf: null,
  progress: null,
  errors: [],
  quarantined: [],
  dataVersion,
});

export function panelModel(setup: InPanel): PanelModel {
  const model = new PanelModel({
    host: { source: setup.source, actions: createPlatformActions() },
    views: VIEWS,
    context: signal({ ...EMPTY_PAGE_CONTEXT, ...setup.context }),
    idPrefix: setup.idPrefix,
    pageDocument: setup.pageDocument,
  });
  model.status.value = setup.status ?? syncedStatus(1);
  return model;
}

/** The view inside a panel model made from the setup (or the given model); render the returned node. */
export function inPanel(view: VNode, setup: InPanel | PanelModel, userId = setup instanceof PanelModel ? undefined : setup.userId): VNode {
  const model = setup instanceof PanelModel ? setup : panelModel(setup);
  return (
    <PanelModelProvider value={model}>
      {userId === undefined ? view : <InspectedUserProvider value={userId}>{view}</InspectedUserProvider>}
    </PanelModelProvider>
  );
}

/** New sync status (e.g. a sync brought new data): the views re-render and ask again. */
export function setStatus(model: PanelModel, status: SyncStatus): void {
  act(() => {
    model.status.value = status;
  });
}
