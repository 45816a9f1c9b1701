// The panel: a header with the inspected user and "inspect as", then one tab per registered view
// (components/views/index.ts). Its state is the panel model (./model.ts), which the views read through usePanel().
import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useLayoutEffect } from 'preact/hooks';
import type { DockSide } from '../../core/messaging/launcher-position';
import type { TabId } from '../views';
import { FreshnessLine } from '../views/FreshnessLine';
import { UserChooser } from '../views/UserChooser';
import { AsOfBanner, AsOfControl } from './AsOfControl';
import type { PanelModel } from './model';
import type { PanelMemory } from './panel-memory';
import { Tabs } from './Tabs';
import { InspectedUserProvider, PanelModelProvider } from './use-panel';

export interface PanelProps {
  model: PanelModel<TabId>;
  /** Inspected user changes (the shell re-badges the page for them). */
  onInspectedUserChange?: (userId: string | null) => void;
  onClose?: () => void;
  /** Which edge the panel is docked to, and how to move it to the other one (a button in the header: no drag needed). */
  dock?: ReadonlySignal<DockSide>;
  onDock?: (side: DockSide) => void;
  /** The remembered parts changed: the shell keeps them for the tab. */
  onMemoryChange?: (memory: Omit<PanelMemory, 'open'>) => void;
}

export function Panel(props: PanelProps) {
  const { model, onInspectedUserChange, onMemoryChange } = props;
  // A layout effect: its cleanup (the overlay off) runs during unmount itself, so the page is whole again when unmount returns.
  useLayoutEffect(() => model.connect(), [model]);
  const userId = model.inspectedUserId.value;
  useEffect(() => onInspectedUserChange?.(userId), [userId, onInspectedUserChange]);
  const memory = model.memory.value;
  useEffect(() => onMemoryChange?.(memory), [onMemoryChange, memory]);
  const pageUserId = model.context.value.userId;
  const picked = model.picked.value;
  const tabs = model.shownViews.value;
  const tab = model.tab.value;
  const view = tabs.find((v) => v.id === tab) ?? tabs[0];
  const View = view.component;

  return (
    <PanelModelProvider value={model}>
      <div class="ai-panel" role="region" aria-label="Access Inspector">
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
              Inspecting: <strong>{userId === null ? 'nobody (no signed-in user found)' : (model.inspectedName.value ?? userId)}</strong>
              {picked !== null && pageUserId !== null && picked !== pageUserId ? ' (not the signed-in user)' : ''}
            </span>
            {picked !== null && (
              <button type="button" onClick={() => model.inspect(null)}>
                Back to signed-in user
              </button>
            )}
          </div>
          <UserChooser id={`${model.idPrefix}-user-search`} label="Inspect as" onPick={(u) => model.inspect(u.id)} />
          {/* How old the answers' data is, and why it may be missing or old (a refused key, an ended session), said
              where the answers are read. */}
          <FreshnessLine status={model.status.value} />
          <AsOfControl />
        </div>
        {/* Above every view's answers, so no answer about the past is read as one about now. */}
        <AsOfBanner />
        <Tabs idPrefix={model.idPrefix} label="Access Inspector views" tabs={tabs} selected={view.id} onSelect={(id) => model.select(id)}>
          {/* The view's name as the level-2 heading its sections (h3) sit under; the tab shows it already. */}
          <h2 class="sr-only">{view.label}</h2>
          {!view.needsUser ? (
            <View />
          ) : userId === null ? (
            <p class="muted">Pick a user with "Inspect as" to see their access.</p>
          ) : (
            <InspectedUserProvider value={userId}>
              <View />
            </InspectedUserProvider>
          )}
        </Tabs>
      </div>
    </PanelModelProvider>
  );
}
