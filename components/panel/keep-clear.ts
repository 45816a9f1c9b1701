// Keeps the panel's frame clear of the View-as banner (bottom right of the viewport, see components/overlay): the
// frame's height stops above the banner, so the banner's "Turn off" is never under the panel, on either dock side.
// Sets --ai-keep-clear on `frame` (the room to leave at the bottom; put it on an element holding the frame and the
// launcher to move both) and tells `onRoom`; the CSS uses it in the frame's max-height.
import { BANNER_ATTR } from '../overlay/selectors';

const GAP = 8;

export function keepClearOfBanner(doc: Document, frame: HTMLElement, onRoom?: (px: number) => void): () => void {
  const win = doc.defaultView;
  if (!win) return () => undefined;
  let last = '';
  const apply = () => {
    const banner = doc.querySelector(`[${BANNER_ATTR}]`);
    const rect = banner?.getBoundingClientRect();
    const room = rect && rect.height > 0 ? `${Math.max(GAP, win.innerHeight - rect.top + GAP)}px` : '';
    if (room === last) return;
    last = room;
    if (room) frame.style.setProperty('--ai-keep-clear', room);
    else frame.style.removeProperty('--ai-keep-clear');
    onRoom?.(room ? parseFloat(room) : 0);
  };
  // The banner is a child of <body> that comes and goes with the overlay; its size changes with its text.
  const resize = new win.ResizeObserver(apply);
  const watch = () => {
    resize.disconnect();
    const banner = doc.querySelector(`[${BANNER_ATTR}]`);
    if (banner) resize.observe(banner);
    apply();
  };
  const observer = new win.MutationObserver(watch);
  observer.observe(doc.body ?? doc.documentElement, { childList: true });
  win.addEventListener('resize', apply);
  watch();
  return () => {
    observer.disconnect();
    resize.disconnect();
    win.removeEventListener('resize', apply);
  };
}
