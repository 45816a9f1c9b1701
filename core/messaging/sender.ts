// Who may talk to the background. Only the extension itself: its own pages (popup, options) and its content
// script running in a tab of the configured platform origin. Web pages cannot reach runtime.onMessage without
// externally_connectable (which the manifest does not declare); this check also refuses other extensions and a
// content script left behind in a tab that is no longer on the platform.
/** The parts of runtime.MessageSender this decision reads. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export interface TrustContext {
  extensionId: string;
  /** e.g. "chrome-extension://abc…/" */
  extensionBaseUrl: string;
  /** The configured platform origin; null when not configured. */
  platformOrigin: string | null;
}

export type SenderKind = 'extensionPage' | 'contentScript';

/** What kind of trusted sender this is, or null to refuse the message. */
export function classifySender(sender: SenderInfo, trust: TrustContext): SenderKind | null {
  if (sender.id !== trust.extensionId) return null;
  const url = sender.url ?? '';
  // The popup, or an extension page opened in a tab (the options page).
  if (url.startsWith(trust.extensionBaseUrl)) return 'extensionPage';
  if (sender.tab && trust.platformOrigin !== null && isPlatformUrl(url, trust.platformOrigin)) return 'contentScript';
  return null;
}

/** Exactly the platform origin (scheme, host and port). */
export function isPlatformUrl(url: string, platformOrigin: string): boolean {
  try {
    return new URL(url).origin === platformOrigin;
  } catch {
    return false;
  }
}
