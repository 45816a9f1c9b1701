// A keyboard-usable virtual listbox on @tanstack/virtual-core: only the rows in view (plus a few) are in the DOM,
// so 100,000 rows cost as much as 20. Up/Down/PageUp/PageDown/Home/End move the active row, Enter picks it.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useReducer, useState } from 'preact/hooks';
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect, type Rect } from '@tanstack/virtual-core';

export interface VirtualListProps {
  id: string;
  label: string;
  count: number;
  rowHeight: number;
  /** CSS height of the scrolling box in px (fixed, so it is known before layout too). */
  height: number;
  renderRow: (index: number) => ComponentChildren;
  onPick?: (index: number) => void;
  /** Told which rows are rendered, so the owner can fetch them. */
  onRange?: (first: number, last: number) => void;
}

export function VirtualList(props: VirtualListProps) {
  const { id, count, rowHeight, height } = props;
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [active, setActive] = useState(0);
  const [scrollEl, setScrollEl] = useState<HTMLDivElement | null>(null);

  const options = {
    count,
    getScrollElement: () => scrollEl,
    estimateSize: () => rowHeight,
    // Every rendered row is laid out and painted again on each scroll frame: keep the margin beyond the view small.
    overscan: 2,
    scrollToFn: elementScroll,
    // Before layout (or in a DOM without layout) the box measures 0: fall back to its fixed CSS height.
    observeElementRect: (instance: Virtualizer<HTMLDivElement, HTMLElement>, cb: (rect: Rect) => void) =>
      observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : { width: rect.width, height })),
    observeElementOffset,
    initialRect: { width: 0, height },
    onChange: () => rerender(0),
  };
  const [virtualizer] = useState(() => new Virtualizer<HTMLDivElement, HTMLElement>(options));
  virtualizer.setOptions(options);

  // The virtualizer lives as long as the list (useState above): it mounts once, and measures after every render.
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => virtualizer._willUpdate());

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  const { onRange } = props;
  useLayoutEffect(() => {
    if (last >= first && onRange) onRange(first, last);
  }, [first, last, onRange]);

  const activeIndex = Math.min(active, Math.max(0, count - 1));
  const move = (to: number) => {
    const next = Math.max(0, Math.min(count - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const perPage = Math.max(1, Math.floor(height / rowHeight) - 1);
  const onKeyDown = (e: KeyboardEvent) => {
    if (count === 0) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(activeIndex + 1),
      ArrowUp: () => move(activeIndex - 1),
      PageDown: () => move(activeIndex + perPage),
      PageUp: () => move(activeIndex - perPage),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => props.onPick?.(activeIndex),
      ' ': () => props.onPick?.(activeIndex),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };
  const activeRendered = items.some((i) => i.index === activeIndex);

  return (
    <div
      ref={setScrollEl}
      id={id}
      class="vlist"
      role="listbox"
      aria-label={props.label}
      tabIndex={0}
      aria-activedescendant={activeRendered && count > 0 ? `${id}-row-${activeIndex}` : undefined}
      style={{ height: `${height}px` }}
      onKeyDown={onKeyDown}
    >
      <div class="vlist-inner" style={{ height: `${virtualizer.getTotalSize()}px` }}>
        {/* Keyed by slot, not by index: a scroll frame rewrites the text of the rows already in the DOM instead of
            creating a new set of elements (and styling them from scratch) for every row that comes into view. */}
        {items.map((item, slot) => (
          <div
            key={slot}
            id={`${id}-row-${item.index}`}
            class={item.index === activeIndex ? 'vrow active' : 'vrow'}
            role="option"
            aria-selected={item.index === activeIndex ? 'true' : 'false'}
            aria-setsize={count}
            aria-posinset={item.index + 1}
            data-index={item.index}
            style={{ height: `${item.size}px`, transform: `translateY(${item.start}px)` }}
            onClick={() => {
              setActive(item.index);
              props.onPick?.(item.index);
            }}
          >
            {props.renderRow(item.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
