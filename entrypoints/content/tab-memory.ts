// What this tab remembered before the page load (inspected user, compared user, tab, open panel): the background
// keeps it per tab, so a full page load does not lose the support engineer's context.
import { messenger } from '../../components/messaging/protocol';
import { EMPTY_PANEL_MEMORY, type PanelMemory } from '../../components/panel/panel-memory';

export interface TabMemory {
  current(): PanelMemory;
  remember(next: Partial<PanelMemory>): void;
}

export async function loadTabMemory(): Promise<TabMemory> {
  let memory: PanelMemory = (await messenger.sendMessage('panelMemory', undefined).catch(() => null)) ?? EMPTY_PANEL_MEMORY;
  return {
    current: () => memory,
    remember(next) {
      memory = { ...memory, ...next };
      messenger.sendMessage('rememberPanel', memory).catch(() => undefined);
    },
  };
}
