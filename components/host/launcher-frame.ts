// The launcher and the frame the panel sits in, for both hosts: a button that opens and closes the frame (only a
// person's click: a page script's launcher.click() is not trusted), Escape inside the frame to close it, the side it
// is docked to, the panel's width as a person resized it, room kept clear for the View-as banner, and the host
// element kept usable (not inert). The host supplies its launcher button when it has its own (the extension's
// draggable one) and says what opening means (mounting the panel on first open, remembering it).
import type { DockSide } from '../../core/messaging/launcher-position';
import { keepClearOfBanner } from '../panel/keep-clear';
import { keepHostUsable } from '../panel/host-visible';
import { followPanelWidth } from '../panel/panel-width';
import { acceptTrustedEventsOnly } from '../shadow-mode';
import { launcherFrameCss, type LauncherKind } from './launcher-frame-css';

export interface LauncherFrameOptions {
  /** The host's shadow root: only trusted events drive what is inside it. */
  root: ShadowRoot;
  /** Where the launcher and the frame go (default: the root). */
  container?: HTMLElement;
  /**
   * Rules for the host element itself (:host): with them, the stylesheet (launcherFrameCss(kind)) goes in as a
   * <style>; without, the host injected it already (WXT's shadow-root UI takes its CSS itself).
   */
  hostCss?: string;
  kind: LauncherKind;
  /** The host's own launcher (the extension's draggable one); default a labelled button that toggles the frame. */
  launcher?: HTMLButtonElement;
  side: DockSide;
  /** The width a person resized the panel to before (null: the default), read when watching starts; where a new one is kept. */
  width: () => number | null;
  saveWidth: (width: number) => void;
  /** The room kept clear below for the View-as banner changed (the extension's launcher moves above it). */
  onKeepClear?: (px: number) => void;
  /** The frame was just shown or hidden (before the keyboard moves): the host mounts the panel, remembers. */
  onOpenChange?: (open: boolean) => void;
  /** Moves the keyboard into the panel (a person opened it). */
  focusPanel?: () => void;
}

export interface LauncherFrame {
  readonly launcher: HTMLButtonElement;
  readonly slot: HTMLDivElement;
  isOpen(): boolean;
  /** Starts the page-facing wiring (trusted events only, banner room, host kept usable, width); returns the undo. */
  watch(): () => void;
  /** Shows or hides the frame; `byPerson`: a person opened it, so the keyboard goes into the panel. */
  setOpen(open: boolean, byPerson?: boolean): void;
  setSide(side: DockSide): void;
}

function labelledLauncher(doc: Document): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  button.textContent = 'Access';
  button.setAttribute('aria-label', 'Access Inspector: why you can or cannot see things');
  return button;
}

export function createLauncherFrame(options: LauncherFrameOptions): LauncherFrame {
  const doc = options.root.ownerDocument;
  const host = options.root.host as HTMLElement;
  const own = options.launcher === undefined;
  const launcher = options.launcher ?? labelledLauncher(doc);
  launcher.classList.add('launcher');
  launcher.setAttribute('aria-expanded', 'false');
  const frame = doc.createElement('div');
  frame.className = 'frame';
  frame.hidden = true;
  frame.dataset.dock = options.side;
  const slot = doc.createElement('div');
  slot.className = 'slot';
  frame.append(slot);
  // The frame and the launcher share one box, so room kept clear for the View-as banner moves both.
  const chrome = doc.createElement('div');
  chrome.append(frame, launcher);
  if (options.hostCss !== undefined) {
    const style = doc.createElement('style');
    style.textContent = `${options.hostCss}\n${launcherFrameCss(options.kind)}`;
    options.root.append(style);
  }
  (options.container ?? options.root).append(chrome);

  const isOpen = () => !frame.hidden;
  const setOpen = (open: boolean, byPerson = false) => {
    if (open === isOpen()) return;
    // Closing from inside the panel (Escape, Close) gives the keyboard back to the launcher.
    const focusWasInside = !open && frame.matches(':focus-within');
    frame.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    options.onOpenChange?.(open);
    if (focusWasInside) launcher.focus();
    if (open && byPerson) options.focusPanel?.();
  };
  if (own) launcher.addEventListener('click', (e) => e.isTrusted && setOpen(!isOpen(), true));
  // Escape anywhere in the panel closes it (a list or menu inside that used Escape itself has prevented it).
  frame.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && e.isTrusted && !e.defaultPrevented) setOpen(false);
  });

  return {
    launcher,
    slot,
    isOpen,
    watch() {
      const undo = [
        acceptTrustedEventsOnly(options.root),
        keepClearOfBanner(doc, chrome, options.onKeepClear),
        keepHostUsable(host),
        followPanelWidth(slot, options.width(), options.saveWidth),
      ];
      return () => {
        for (const fn of undo.splice(0)) fn();
      };
    },
    setOpen,
    setSide(side) {
      frame.dataset.dock = side;
    },
  };
}
