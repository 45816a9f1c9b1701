// The background's side of the message protocol. Every listener first checks who is asking (the extension's own
// pages, or its content script on the platform origin) and validates the payload with zod before anything else:
// data-source requests against DATA_SOURCE_REQUESTS, shell requests against their own schemas.
import { z } from 'zod';
import { browser } from 'wxt/browser';
import { DATA_SOURCE_METHOD_NAMES, type DataSourceMethod } from '../../core/source/methods';
import { handleDataSourceRequest } from '../../core/source/request-handler';
import type { ParsedSource } from '../../core/source/data-source';
import { messenger, type ExtensionState } from '../../components/messaging/protocol';
import { classifySender, type SenderInfo, type SenderKind } from '../../core/messaging/sender';
import { platformOrigin } from './settings-store';

export class RefusedSenderError extends Error {
  constructor(what: string) {
    super(`Access Inspector refused a "${what}" message from an unexpected sender`);
    this.name = 'RefusedSenderError';
  }
}

async function senderKind(sender: SenderInfo): Promise<SenderKind | null> {
  return classifySender(sender, {
    extensionId: browser.runtime.id,
    extensionBaseUrl: browser.runtime.getURL('/'),
    platformOrigin: await platformOrigin(),
  });
}

/** Rejects unless the sender is one of `allowed`. */
export async function requireSender(sender: SenderInfo, what: string, allowed: readonly SenderKind[]): Promise<void> {
  const kind = await senderKind(sender);
  if (kind === null || !allowed.includes(kind)) throw new RefusedSenderError(what);
}

/** Shell messages without a payload: anything but nothing (or an empty object) is refused. */
const NoPayload = z.union([z.undefined(), z.null(), z.object({}).strict()]);

export interface ShellHandlers {
  source(): Promise<ParsedSource>;
  extensionState(): Promise<ExtensionState>;
  settingsSaved(): Promise<ExtensionState>;
}

export function listenForMessages(handlers: ShellHandlers): void {
  for (const method of DATA_SOURCE_METHOD_NAMES) {
    const listen = messenger.onMessage as (
      type: DataSourceMethod,
      cb: (m: { data: unknown; sender: SenderInfo }) => Promise<unknown>,
    ) => void;
    listen(method, async ({ data, sender }) => {
      // The cache is read while the sender is checked (its settings read is ~10 ms of a woken worker's first
      // answer); a refused sender still gets nothing from it.
      const source = handlers.source();
      source.catch(() => undefined);
      await requireSender(sender, method, ['contentScript', 'extensionPage']);
      return handleDataSourceRequest(await source, method, data);
    });
  }
  messenger.onMessage('extensionState', async ({ data, sender }) => {
    await requireSender(sender, 'extensionState', ['extensionPage']);
    NoPayload.parse(data);
    return handlers.extensionState();
  });
  messenger.onMessage('settingsSaved', async ({ data, sender }) => {
    await requireSender(sender, 'settingsSaved', ['extensionPage']);
    NoPayload.parse(data);
    return handlers.settingsSaved();
  });
}
