// The extension's message protocol (@webext-core/messaging). One message per data-source method, same name, same
// request and answer — so the content script's MessagingDataSource and the background's DirectSource are the same
// interface on both sides of the wire — plus the few messages of the shell itself. Types only: the background
// validates every payload with zod (DATA_SOURCE_REQUESTS, control-schemas.ts) before acting on it.
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { DataSourceMethod, RequestOf, ResponseOf, SyncStatus } from '../../core/source/data-source';
import type { PanelMemory } from '../panel/panel-memory';

type DataSourceProtocol = { [M in DataSourceMethod]: (request: RequestOf<M>) => ResponseOf<M> };

/** Counts of cached records per collection (and quarantined records), as the popup shows them. */
export type CacheCounts = Record<string, number>;

export interface ExtensionState {
  /** Settings saved and readable. */
  configured: boolean;
  /** The configured platform origin, when configured. */
  origin: string | null;
  /** Host access to that origin has been granted (and the content script registered for it). */
  hostAccess: boolean;
  status: SyncStatus;
  counts: CacheCounts;
}

export interface ConnectionCheck {
  ok: boolean;
  /** Who the API key signs in as, when ok. */
  user: { id: string; name: string; email: string } | null;
  systemRoleName: string | null;
  /** Why not, when not ok: a sentence for the options page. */
  message: string;
}

export interface ShellProtocol {
  /** Background → content script: the sync status or the cached data changed. */
  statusChanged(status: SyncStatus): void;
  /** Background (keyboard command) or popup → content script: open or close the panel. */
  togglePanel(request: { open?: boolean }): { open: boolean };
  /** Popup → background. */
  extensionState(): ExtensionState;
  /** Options page → background: settings were saved; re-register the content script and sync now. */
  settingsSaved(): ExtensionState;
  /** Options page → background: call /api/v1/me with the given URL and key (not saved yet). */
  testConnection(request: { baseUrl: string; apiKey: string }): ConnectionCheck;
  /** Content script → background: what the panel remembered for the sender's tab (else the last inspection, closed). */
  panelMemory(): PanelMemory | null;
  /** Content script → background: keep this for the sender's tab (and as the last inspection). */
  rememberPanel(request: PanelMemory): void;
}

export type ExtensionProtocol = DataSourceProtocol & ShellProtocol;

/** The element the content script's shadow-root UI lives in: its presence says the content script runs in a tab. */
export const SHELL_TAG = 'access-inspector-shell';

// The logger is off: payloads include platform data and the options page's API key.
export const messenger = defineExtensionMessaging<ExtensionProtocol>({ logger: undefined });
