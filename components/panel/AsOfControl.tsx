// "As of" in the panel's header (issue 18): pick a past moment (a date and time, or a preset inside the history's
// range) and every view answers as of then; a banner says so above the answers, with one click back to now. A moment
// the history cannot answer for is refused before it is set, with the source's own reason.
import { useState } from 'preact/hooks';
import { momentText } from '../freshness';
import { isoOfLocalInput, localInputValue, momentPresets, sourceAsOf } from './as-of';
import { MomentPresets } from './MomentPresets';
import { useQuery } from './use-query';
import { usePanel } from './use-panel';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function AsOfControl() {
  const panel = usePanel();
  const at = panel.asOf.value;
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = `${panel.idPrefix}-as-of`;
  // The history's range, asked only while the control is open (it is asked again after each sync then).
  const history = useQuery(
    () => (open ? panel.nowSource.historyStatus({}).then((r) => r.history) : Promise.resolve(null)),
    [panel.nowSource, open],
  );
  // The clock as of opening the control: the presets count back from it.
  const [now, setNow] = useState(() => Date.now());
  const since = history.data?.since ?? null;
  const presets = open ? momentPresets(since, now) : [];

  // Asked once before it is set: a moment outside the history is refused here, not by every view at once.
  const apply = (iso: string) => {
    setPending(true);
    setError(null);
    sourceAsOf(panel.nowSource, iso)
      .listProjects({})
      .then(
        () => {
          setPending(false);
          panel.setAsOf(iso);
          setOpen(false);
        },
        (err: unknown) => {
          setPending(false);
          setError(`Cannot answer as of ${momentText(iso)}: ${message(err)}`);
        },
      );
  };
  // No <form> in the panel (nothing a payload could make submit somewhere): Enter in the field or the button.
  const submit = () => {
    const iso = isoOfLocalInput(input);
    if (iso === null) {
      setError('Enter a date and a time (e.g. 28/11/2026 14:02), or pick one of the moments below.');
      return;
    }
    apply(iso);
  };

  return (
    <div class="as-of" data-as-of-control>
      <button
        type="button"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={`${inputId}-form`}
        onClick={() => {
          if (!open) {
            const t = Date.now();
            setNow(t);
            setInput(localInputValue(at ?? new Date(t).toISOString()));
          }
          setError(null);
          setOpen(!open);
        }}
      >
        {at === null ? 'As of a past moment…' : 'Change the moment…'}
      </button>
      {open && (
        <div id={`${inputId}-form`} class="as-of-form" role="group" aria-label="Answers as of a past moment">
          <div class="row">
            <label for={inputId}>Answers as of</label>
            <input
              id={inputId}
              type="datetime-local"
              value={input}
              min={since !== null ? localInputValue(since) : undefined}
              max={localInputValue(new Date(now).toISOString())}
              aria-describedby={`${inputId}-range`}
              onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)}
              onKeyDown={(e) => e.key === 'Enter' && submit()}
            />
            <button type="button" disabled={pending} onClick={submit}>
              Show
            </button>
          </div>
          <MomentPresets presets={presets} label="Moments" disabled={pending} onPick={apply} />
          <p id={`${inputId}-range`} class="muted">
            {history.error !== null
              ? `The history's range is not known: ${history.error}`
              : history.loading && history.data === null
                ? 'Reading the history…'
                : history.data === null
                  ? 'No history kept yet: answers can only be about now until the next syncs record changes.'
                  : `The history answers from ${momentText(history.data.since)} to now (times in your zone).`}
          </p>
          {error !== null && (
            <p class="error" role="alert" data-as-of-error>
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

/** Above the answers while they are about a past moment: which one, what the history may miss, and back to now. */
export function AsOfBanner() {
  const panel = usePanel();
  const at = panel.asOf.value;
  // The moment's facts (gaps after it) come with any answer given as of it; asked again after each sync.
  const facts = useQuery(
    () => (at === null ? Promise.resolve(null) : panel.source.listProjects({}).then((r) => r.asOf ?? null)),
    [panel.source, at],
  );
  if (at === null) return null;
  return (
    <div class="as-of-banner" role="status" data-as-of-banner={at}>
      <div class="row">
        <strong>Answers as of {momentText(at)} — not now</strong>
        <button type="button" data-back-to-now onClick={() => panel.setAsOf(null)}>
          Back to now
        </button>
      </div>
      {facts.error !== null && (
        <p class="error" role="alert">
          {facts.error}
        </p>
      )}
      {facts.data?.gaps.map((g, i) => (
        <p key={`${g.from}-${i}`} class="as-of-gap" data-gap>
          The history has a hole from {momentText(g.from)} to {momentText(g.to)}: {g.text}
        </p>
      ))}
    </div>
  );
}
