// Picks one user by name or e-mail (ARIA 1.2 combobox with a listbox popup): "Inspect as" in the panel's header, and
// the second user of the journeys (compare with, view the page as).
import { useEffect, useState } from 'preact/hooks';
import type { UserSummary } from '../../core/source/data-source';
import { usePanel } from '../panel/use-panel';

export function UserChooser(props: { id: string; label: string; onPick: (user: UserSummary) => void }) {
  const { id } = props;
  const { source } = usePanel();
  const [text, setText] = useState('');
  const [results, setResults] = useState<UserSummary[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
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
        (err: unknown) => {
          if (!current) return;
          setResults([]);
          setError(err instanceof Error ? err.message : String(err));
        },
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
  const listId = `${id}-results`;
  const onKeyDown = (e: KeyboardEvent) => {
    if (results.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : results.length - 1)) % results.length);
    } else if (e.key === 'Enter' && expanded) {
      e.preventDefault();
      pick(results[Math.min(active, results.length - 1)]);
    } else if (e.key === 'Escape' && expanded) {
      e.preventDefault();
      setOpen(false);
    }
  };
  return (
    <div class="picker">
      <label for={id}>{props.label}</label>
      <input
        id={id}
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
      <ul id={listId} role="listbox" aria-label={`${props.label}: matching users`} class="picker-results" hidden={!expanded}>
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
