// The time from a toggle to the panel's first painted frame, as a performance measure the bench reads.
/** performance.measure name of the time from a toggle to the panel's first painted frame (read by the bench). */
export const PANEL_PAINT_MEASURE = 'access-inspector:panel-first-paint';

/** Ends the measure started by the 'access-inspector:toggle' mark once the panel is on screen. */
export function measurePanelPaint(): void {
  // The frame that shows the panel runs this rAF callback right before it paints; a task posted from there runs
  // right after that paint. So the measure ends when the panel is on screen.
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      try {
        performance.measure(PANEL_PAINT_MEASURE, 'access-inspector:toggle');
      } catch {
        // The page cleared the mark: nothing to measure.
      }
    };
    channel.port2.postMessage(null);
  });
}
