// A page must not be able to stop the content script. WXT's content-script context stops "an older copy of
// itself" when a CustomEvent named `<extension id>:content:wxt:content-script-started` reaches the document, and a
// page script can dispatch exactly that (extension ids are public): badges and panel would vanish. Copies of this
// script share one isolated world, so they hand over through a variable there instead, and the document event is
// swallowed on its way down (a capturing listener on window runs before the document's own listeners).
import { ContentScriptContext } from 'wxt/utils/content-script-context';

type Stopper = () => void;
const HANDOVER = '__accessInspectorStopShell';

export function guardAgainstPageStops(ctx: ContentScriptContext): void {
  const eventName = (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string }).SCRIPT_STARTED_MESSAGE_TYPE;
  const swallow = (event: Event) => event.stopImmediatePropagation();
  window.addEventListener(eventName, swallow, { capture: true });
  ctx.onInvalidated(() => window.removeEventListener(eventName, swallow, { capture: true }));

  // An earlier copy in this frame (the background injects into open tabs when access is granted) gives way.
  const world = globalThis as unknown as Record<string, Stopper | undefined>;
  world[HANDOVER]?.();
  const stop: Stopper = () => ctx.notifyInvalidated();
  world[HANDOVER] = stop;
  ctx.onInvalidated(() => {
    if (world[HANDOVER] === stop) delete world[HANDOVER];
  });
}
