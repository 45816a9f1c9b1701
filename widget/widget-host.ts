// What the widget hands the panel: its source, and the platform's write API at the widget's `api-base` (the same API
// it reads), so Verify never writes to the page's origin when the page named another.
import type { DataSource } from '../core/source/data-source';
import type { PanelHost } from '../components/host/panel-host';
import { createPlatformActions } from '../components/platform-actions';

/** `apiBase`: the element's api-base attribute (null or '' = this page's origin). */
export function widgetHost(source: DataSource, apiBase: string | null, fetchImpl?: typeof fetch): PanelHost {
  return { source, actions: createPlatformActions({ apiBase: apiBase ?? '', fetch: fetchImpl }) };
}
