// A keyboard-usable virtual listbox of fixed-height rows: only the rows in view (plus a few) are in the DOM, and which
// rows those are is arithmetic (the scroll offset over the row height), so a million rows cost as much as twenty.
// Written here, not on @tanstack/virtual-core (used until issue 13's 1M runs): it builds a measurement object per row
// whenever the count changes (83 ms at 1M rows, 32 ms per filter change; TanStack/virtual#565), and a list taller than
// a browser's largest box (Firefox ~17.9M px: ~640k rows of 28 px) cannot reach its last rows. Here a taller list
// scrolls a box of at most MAX_BOX_PX whose offsets are stretched over the list's.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

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

/** The tallest scrolling content the list makes: well under Firefox's and Chrome's (~33.5M px) layout limits. */
export const MAX_BOX_PX = 8_000_000;
/** Rows rendered beyond each edge of the view. Every rendered row is laid out and painted again on each scroll frame. */
const OVERSCAN = 2;

/** Where the view is: the list offset at its top, and how a list offset maps to the box's scroll offset. */
export function listView(count: number, rowHeight: number, height: number, boxScrollTop: number) {
  const total = count * rowHeight;
  const box = Math.min(total, MAX_BOX_PX);
  // 1 when the list fits its box; else the box's scroll range stretched over the list's.
  const scale = box < total && box > height ? (total - height) / (box - height) : 1;
  const top = Math.min(Math.max(0, boxScrollTop * scale), Math.max(0, total - height));
  const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
  const last = Math.min(count - 1, Math.floor((top + height - 1) / rowHeight) + OVERSCAN);
  return { box, scale, top, first, last };
}

export function VirtualList(props: VirtualListProps) {
  const { id, count, rowHeight, height } = props;
  const [scrollTop, setScrollTop] = useState(0);
  const [active, setActive] = useState(0);
  const boxRef = useRef<HTMLDivElement>(null);
  // The view inside the box's border (the panel's boxes are border-box); the CSS height before layout (or without it).
  const [view, setView] = useState(height);
  useLayoutEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const read = () => setView(el.clientHeight > 0 ? el.clientHeight : height);
    read();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, [height]);
  const { box, scale, top, first, last } = listView(count, rowHeight, view, scrollTop);

  const { onRange } = props;
  useLayoutEffect(() => {
    if (last >= first && onRange) onRange(first, last);
  }, [first, last, onRange]);

  /** Scrolls the least that shows row `index` whole. */
  const scrollToRow = (index: number) => {
    const el = boxRef.current;
    if (!el) return;
    const rowTop = index * rowHeight;
    let boxTop: number;
    // Rounded towards the row: a box pixel is `scale` list pixels.
    if (rowTop < top) boxTop = Math.floor(rowTop / scale);
    else if (rowTop + rowHeight > top + view) boxTop = Math.ceil((rowTop + rowHeight - view) / scale);
    else return;
    el.scrollTop = boxTop;
    setScrollTop(el.scrollTop);
  };

  const activeIndex = Math.min(active, Math.max(0, count - 1));
  const move = (to: number) => {
    const next = Math.max(0, Math.min(count - 1, to));
    setActive(next);
    scrollToRow(next);
  };
  const perPage = Math.max(1, Math.floor(view / rowHeight) - 1);
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
  const activeRendered = activeIndex >= first && activeIndex <= last;

  const rows: ComponentChildren[] = [];
  for (let index = first; index <= last; index++) {
    const slot = index - first;
    rows.push(
      // Keyed by slot, not by index: a scroll frame rewrites the text of the rows already in the DOM instead of
      // creating a new set of elements (and styling them from scratch) for every row that comes into view.
      <div
        key={slot}
        id={`${id}-row-${index}`}
        class={index === activeIndex ? 'vrow active' : 'vrow'}
        role="option"
        aria-selected={index === activeIndex ? 'true' : 'false'}
        aria-setsize={count}
        aria-posinset={index + 1}
        data-index={index}
        // The row's place in the box: where the view's top is in the box, plus the row's distance below it.
        style={{ height: `${rowHeight}px`, transform: `translateY(${scrollTop + index * rowHeight - top}px)` }}
        onClick={() => {
          setActive(index);
          props.onPick?.(index);
        }}
      >
        {props.renderRow(index)}
      </div>,
    );
  }

  return (
    <div
      ref={boxRef}
      id={id}
      class="vlist"
      role="listbox"
      aria-label={props.label}
      tabIndex={0}
      aria-activedescendant={activeRendered && count > 0 ? `${id}-row-${activeIndex}` : undefined}
      style={{ height: `${height}px` }}
      onKeyDown={onKeyDown}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div class="vlist-inner" style={{ height: `${box}px` }}>
        {rows}
      </div>
    </div>
  );
}
