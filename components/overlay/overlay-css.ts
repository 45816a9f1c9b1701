// Styles of the page overlay. OVERLAY_CSS goes into the page (as one adopted sheet or one <style>, removed when the
// overlay turns off) and only selects the overlay's own attribute; BANNER_CSS lives in the banner's shadow root.
export const OVERLAY_CSS = `
/* Dimmed by colour, not opacity: grey text on a grey-tinted ground stays readable (WCAG AA contrast, 6:1) while
   the strike-through and the lost colour say "not for this user". */
[data-ai-overlay~="dim"] { filter: grayscale(1) !important; background-color: #eaeef2 !important; }
[data-ai-overlay~="dim"], [data-ai-overlay~="dim"] * { color: #57606a !important; }
[data-ai-overlay~="dim"] * { background-color: transparent !important; border-color: #afb8c1 !important; }
tr[data-ai-overlay~="dim"] > td, tr[data-ai-overlay~="dim"] > th { text-decoration: line-through !important; }
a[data-ai-overlay~="dim"] { text-decoration: line-through !important; }
[data-ai-overlay~="hide"] { display: none !important; }
[data-ai-overlay~="masked"] { font-style: italic !important; color: #6e7781 !important; }
/* Put there by the overlay: the viewed user's name, role, access words. */
[data-ai-overlay~="viewed"] { background: #fff8c5 !important; color: #3b2300 !important; outline: 1px dashed #d4a72c !important;
  outline-offset: -1px !important; border-radius: 3px !important; }
[data-ai-overlay~="viewed"]:not(td, th) { padding: 0 3px !important; }
[data-ai-overlay~="readonly"] { opacity: .45 !important; cursor: not-allowed !important; pointer-events: none !important; }
`;

export const BANNER_CSS = `
/* Bottom right, one layer below the inspector's own panel and launcher (which dock left by default): it never
   covers the panel's controls, nor the page's paging links, which sit on the left. */
:host { all: initial; position: fixed; bottom: 12px; right: 16px; z-index: 2147483644;
  width: max-content; max-width: min(560px, calc(100vw - 32px)); }
.banner { all: initial; display: flex; gap: 12px; align-items: center; box-sizing: border-box; padding: 8px 12px;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #3b2300; background: #fff8c5;
  border: 2px solid #d4a72c; border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
strong { display: block; font-weight: 700; }
.detail, .beyond { font-size: 12px; }
.beyond { margin-top: 4px; font-weight: 600; }
.beyond[hidden] { display: none; }
button { font: inherit; font-weight: 600; padding: 4px 10px; border-radius: 6px; border: 1px solid #9a6700; background: #ffffff;
  color: #3b2300; cursor: pointer; white-space: nowrap; }
button:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
`;

/* In place of the content of a page the viewed user could not open (in its own shadow root). */
export const COVER_CSS = `
:host { all: initial; display: block; flex: 1; min-width: 0; padding: 20px 28px; }
.cover { all: initial; display: block; box-sizing: border-box; max-width: 640px; padding: 16px 20px;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #3b2300; background: #fff8c5;
  border: 2px solid #d4a72c; border-radius: 8px; }
strong { display: block; font-size: 16px; font-weight: 700; margin-bottom: 6px; }
p { margin: 0; }
`;
