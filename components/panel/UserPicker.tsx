// "Inspect as": a combobox that searches users by name or e-mail (ARIA 1.2 combobox with a listbox popup).
import { useEffect, useState } from 'preact/hooks';
import type { DataSource, UserSummary } from '../data-source';

export function UserPicker(props: { source: DataSource; idPrefix: string; onPick: (user: UserSummary) => void }) {
  const { source, idPrefix } = props;
  const [text, setText] = useState('');
  const [results, setResults] = useState<UserSummary[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const q = text.trim();
    if (q === '') {
      setResults([]);
      return;
    }
    let current = true;
    const t = setTimeout(() => {
      source.searchUsers({ query: q, limit: 10 }).then(
        (r) => {
          if (!current) return;
          setError(null);
          setResults(r.users);
          setActive(0);
          setOpen(true);
        },
        (err: unknown) => current && setError(err instanceof Error ? err.message : String(err)),
      );
    }, 120);
    return () => {
      current = false;
      clearTimeout(t);
    };
  }, [source, text]);

  const pick = (u: UserSummary) => {
    props.onPick(u);
    setText('');
    setResults([]);
    setOpen(false);
  };
  const expanded = open && results.length > 0;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' && results.length > 0) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % results.length);
    } else if (e.key === 'ArrowUp' && results.length > 0) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a - 1 + results.length) % results.length);
    } else if (e.key === 'Enter' && expanded) {
      e.preventDefault();
      pick(results[Math.min(active, results.length - 1)]);
    } else if (e.key === 'Escape' && expanded) {
      e.preventDefault();
      setOpen(false);
    }
  };
  const inputId = `${idPrefix}-user-search`;
  const listId = `${idPrefix}-user-results`;
  return (
    <div class="picker">
      <label for={inputId}>Inspect as</label>
      <input
        id={inputId}
        type="text"
        role="combobox"
        autocomplete="off"
        placeholder="Name or e-mail"
        aria-autocomplete="list"
        aria-expanded={expanded ? 'true' : 'false'}
        aria-controls={listId}
        aria-activedescendant={expanded ? `${listId}-${active}` : undefined}
        value={text}
        onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label="Matching users" class="picker-results" hidden={!expanded}>
        {results.map((u, i) => (
          <li
            key={u.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active ? 'true' : 'false'}
            class={i === active ? 'active' : ''}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(u);
            }}
          >
            {u.name} <span class="muted">{u.email}</span>
          </li>
        ))}
      </ul>
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
