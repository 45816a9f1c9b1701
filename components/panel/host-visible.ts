// Declarations for the :host rule of the element that carries the panel on a platform page (the extension's shell,
// the widget). A page rule aimed at the host ("access-inspector-shell { opacity: 0 !important }", an inline style)
// loses to these: for !important declarations the shadow tree's own :host rule wins over the page's. So a page
// cannot make the panel invisible or click-through while it works.
export const HOST_VISIBLE =
  'display: block !important; visibility: visible !important; opacity: 1 !important; filter: none !important; ' +
  'transform: none !important; clip-path: none !important; mask: none !important; pointer-events: auto !important; ' +
  'content-visibility: visible !important; mix-blend-mode: normal !important;';

/**
 * Attributes a page could set on the host to take the panel out of a person's reach without styling it: `inert`
 * (no clicks, no focus). Removed again as soon as they appear. Returns the undo.
 */
export function keepHostUsable(host: HTMLElement): () => void {
  const win = host.ownerDocument.defaultView;
  if (!win) return () => undefined;
  const clean = () => {
    if (host.hasAttribute('inert')) host.removeAttribute('inert');
  };
  const observer = new win.MutationObserver(clean);
  observer.observe(host, { attributes: true, attributeFilter: ['inert'] });
  clean();
  return () => observer.disconnect();
}
