// One panel per page. When the extension runs on a platform page that also embeds the widget, the extension's
// panel answers (its cache and sync live in the extension's origin) and the widget stands down: no second launcher,
// and no second sync of the whole fleet competing with the page's main thread. The content script marks the
// page's root element and announces itself; the widget checks the mark when it starts and listens for the event.
export const EXTENSION_PRESENT_ATTR = 'data-access-inspector-extension';
export const EXTENSION_PRESENT_EVENT = 'access-inspector:extension-present';

/** Marks the page (content script). Returns what removes the mark when the content script goes away. */
export function announceExtension(doc: Document): () => void {
  doc.documentElement.setAttribute(EXTENSION_PRESENT_ATTR, '');
  doc.dispatchEvent(new Event(EXTENSION_PRESENT_EVENT));
  return () => doc.documentElement.removeAttribute(EXTENSION_PRESENT_ATTR);
}

/** Calls `standDown` now if the extension is on the page, or as soon as it announces itself. */
export function whenExtensionPresent(doc: Document, standDown: () => void): () => void {
  if (doc.documentElement.hasAttribute(EXTENSION_PRESENT_ATTR)) {
    standDown();
    return () => {};
  }
  doc.addEventListener(EXTENSION_PRESENT_EVENT, standDown, { once: true });
  return () => doc.removeEventListener(EXTENSION_PRESENT_EVENT, standDown);
}
