// The host a unit test mounts the panel with: its source, and the platform's write API on the page's own origin
// (what the panel used before hosts passed their actions in).
import type { DataSource } from '../../core/source/data-source';
import type { PanelHost } from '../../components/host/panel-host';
import { createPlatformActions } from '../../components/platform-actions';

export function pageHost(source: DataSource): PanelHost {
  return { source, actions: createPlatformActions() };
}
