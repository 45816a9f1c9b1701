// The panel's width as a person left it: the frame's slot is resizable sideways (CSS `resize`), and the width it
// was dragged to comes back on the next page load. Kept within PANEL_MIN_WIDTH and the viewport by the CSS.
export const PANEL_MIN_WIDTH = 320;
export const PANEL_DEFAULT_WIDTH = 460;

/** A stored width, or null when it is missing or not a sane width in CSS pixels. */
export function parsePanelWidth(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= PANEL_MIN_WIDTH && n <= 4000 ? Math.round(n) : null;
}

/**
 * Applies `initial` to `el` and calls `save` with the width a person resized it to (the browser writes a resize
 * into the inline style; layout changes from a narrower window do not, so they are not saved).
 */
export function followPanelWidth(el: HTMLElement, initial: number | null, save: (width: number) => void): () => void {
  if (initial !== null) el.style.width = `${initial}px`;
  let last = initial;
  const win = el.ownerDocument.defaultView;
  if (!win?.ResizeObserver) return () => undefined;
  const observer = new win.ResizeObserver(() => {
    const width = parsePanelWidth(parseFloat(el.style.width));
    if (width === null || width === last) return;
    last = width;
    save(width);
  });
  observer.observe(el);
  return () => observer.disconnect();
}
