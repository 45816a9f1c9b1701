// The mode of every shadow root the inspector attaches on a platform page (shell, panel, badges, banner, widget).
// Closed: a script of the page can neither read what the panel shows nor reach its controls (SECURITY.md, "A
// hostile web page"). Only the real-browser tests' own builds (`--mode e2e`, set in test/e2e/support/build.ts)
// and the unit tests (vitest's mode "test") get open roots, for their shadow-piercing locators. The mode is
// replaced by a constant at build time: nothing a page does at run time can open a root.
export const SHADOW_MODE: ShadowRootMode = isTestBuild(import.meta.env?.MODE) ? 'open' : 'closed';

function isTestBuild(mode: string | undefined): boolean {
  return mode === 'e2e' || mode === 'test';
}

/** Event types through which a person drives the panel: only the browser's own (trusted) ones get through. */
const DRIVING_EVENTS = [
  'click',
  'auxclick',
  'dblclick',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'keydown',
  'keyup',
  'keypress',
  'beforeinput',
  'input',
  'change',
  'submit',
  'focusin',
  'paste',
  'drop',
] as const;

/**
 * Stops every synthetic event (dispatched by a script, `isTrusted` false) before it reaches the panel's controls:
 * a page that got hold of an element inside could otherwise type a user into "Inspect as" or start an export.
 * A capturing listener on the root runs before any listener of the target. Returns the undo.
 */
export function acceptTrustedEventsOnly(root: ShadowRoot | HTMLElement): () => void {
  const stop = (event: Event) => {
    if (event.isTrusted || isSelectChange(event)) return;
    event.stopImmediatePropagation();
    if (event.cancelable) event.preventDefault();
  };
  for (const type of DRIVING_EVENTS) root.addEventListener(type, stop, { capture: true });
  return () => {
    for (const type of DRIVING_EVENTS) root.removeEventListener(type, stop, { capture: true });
  };
}

/**
 * A <select>'s input/change events pass: they pick among options the panel itself offers (a role, a filter) and
 * start nothing, and automation (Playwright's selectOption) can only send them synthetic. The user, the exports
 * and every button still need a trusted event.
 */
function isSelectChange(event: Event): boolean {
  const target = event.composedPath()[0];
  return (event.type === 'input' || event.type === 'change') && target instanceof Element && target.localName === 'select';
}
