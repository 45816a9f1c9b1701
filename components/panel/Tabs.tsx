// WAI-ARIA tabs with automatic activation: arrow keys move between tabs (wrapping), Home/End jump to the ends,
// only the selected tab is in the Tab order, and only its panel is rendered.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

export interface TabDef<Id extends string> {
  id: Id;
  label: string;
}

export function Tabs<Id extends string>(props: {
  idPrefix: string;
  label: string;
  tabs: readonly TabDef<Id>[];
  selected: Id;
  onSelect: (id: Id) => void;
  children: ComponentChildren;
}) {
  const { idPrefix, tabs, selected, onSelect } = props;
  const list = useRef<HTMLDivElement>(null);
  // The tabs scroll sideways in a narrow panel: keep the selected one in view (a badge may select one off-screen).
  useLayoutEffect(() => {
    const el = list.current;
    const tab = el?.querySelector<HTMLElement>(`#${idPrefix}-tab-${selected}`);
    if (!el || !tab) return;
    if (tab.offsetLeft < el.scrollLeft) el.scrollLeft = tab.offsetLeft;
    else if (tab.offsetLeft + tab.offsetWidth > el.scrollLeft + el.clientWidth)
      el.scrollLeft = tab.offsetLeft + tab.offsetWidth - el.clientWidth;
  }, [selected, idPrefix]);

  const focusTab = (id: Id) => {
    onSelect(id);
    // The selected tab re-renders with tabindex 0; focus it after the update.
    queueMicrotask(() => list.current?.querySelector<HTMLElement>(`#${idPrefix}-tab-${id}`)?.focus());
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === selected);
    let next = -1;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    focusTab(tabs[next].id);
  };

  return (
    <>
      <div class="tablist" role="tablist" aria-label={props.label} ref={list} onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${t.id}`}
            aria-selected={t.id === selected ? 'true' : 'false'}
            aria-controls={t.id === selected ? `${idPrefix}-panel-${t.id}` : undefined}
            tabIndex={t.id === selected ? 0 : -1}
            onClick={() => onSelect(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        class="tabpanel"
        role="tabpanel"
        id={`${idPrefix}-panel-${selected}`}
        aria-labelledby={`${idPrefix}-tab-${selected}`}
        tabIndex={0}
      >
        {props.children}
      </div>
    </>
  );
}
