// What a host (the extension's content script, the widget, a test) gives the panel: where its answers come from and
// where its one write goes. The single thing `mount` takes, so no view reaches past it to the page's origin.
import type { DataSource } from '../../core/source/data-source';
import type { PlatformActions } from '../platform-actions';

export interface PanelHost {
  source: DataSource;
  actions: PlatformActions;
}
