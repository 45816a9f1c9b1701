// The inspected user's access over time (issue 18): every moment their access to assets changed, newest first, with
// the change that caused it (or "several changes together", or a hole in the history where no cause is claimed),
// each expandable to its assets; "compare now with then"; and the timeline exported as CSV or copied as Markdown.
import { useRef, useState } from 'preact/hooks';
import type { HistoryGapFact, ThenNowGroupFact, TimelineEventFact } from '../../core/source/data-source';
import { downloadText } from '../export/download';
import { momentText } from '../freshness';
import { EFFECT_LABEL, countOf } from '../labels';
import { isoOfLocalInput, localInputValue, momentPresets } from '../panel/as-of';
import { MomentPresets } from '../panel/MomentPresets';
import { QueryState } from '../panel/QueryState';
import { useQuery } from '../panel/use-query';
import { useInspectedUser, usePanel } from '../panel/use-panel';
import { HISTORY_CSS } from './history-css';
import { causesText } from './history-words';
import { PERIOD_CHOICES, periodOf, type Period, type PeriodChoice } from './history-period';
import { defineView } from './view';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function HistoryView() {
  const userId = useInspectedUser();
  const panel = usePanel();
  const name = panel.inspectedName.value ?? userId;
  const [choice, setChoice] = useState<PeriodChoice>('all');
  const [custom, setCustom] = useState({ from: '', to: '' });
  // Computed when the choice changes, not on every render: "last 24 hours" must not move under the answer.
  const [chosenAt, setChosenAt] = useState(() => Date.now());
  const period = periodOf(choice, chosenAt, custom);
  const asked: Period = 'error' in period ? { from: null, to: null } : period;
  const timeline = useQuery(
    () =>
      'error' in period ? Promise.reject(new Error(period.error)) : panel.nowSource.timeline({ userId, ...asked }).then((r) => r.timeline),
    [panel.nowSource, userId, asked.from, asked.to, 'error' in period ? period.error : ''],
  );
  return (
    <section data-history-view aria-label="Access over time">
      <div class="row history-period" role="group" aria-label="Period of the timeline">
        <label>
          Period{' '}
          <select
            data-period
            value={choice}
            onChange={(e) => {
              setChoice((e.currentTarget as HTMLSelectElement).value as PeriodChoice);
              setChosenAt(Date.now());
            }}
          >
            {PERIOD_CHOICES.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {choice === 'custom' &&
          (['from', 'to'] as const).map((end) => (
            <label key={end}>
              {end === 'from' ? 'From' : 'To'}{' '}
              <input
                type="datetime-local"
                {...{ [`data-period-${end}`]: true }}
                value={custom[end]}
                onChange={(e) => setCustom({ ...custom, [end]: (e.currentTarget as HTMLInputElement).value })}
              />
            </label>
          ))}
      </div>
      <QueryState query={timeline} empty={`${userId} is not in the data now or in its history.`}>
        {(t) => {
          // Events and holes in one list, newest first: a hole sits where it happened, between the events around it.
          const items: ({ kind: 'event'; at: string; event: TimelineEventFact } | { kind: 'gap'; at: string; gap: HistoryGapFact })[] = [
            ...t.events.map((event) => ({ kind: 'event' as const, at: event.at, event })),
            ...t.gaps.map((gap) => ({ kind: 'gap' as const, at: gap.to, gap })),
          ].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
          return (
            <>
              <h3>Access changes of {t.userName || name}</h3>
              <p class="muted">
                From {momentText(t.from)} to {momentText(t.to)}: {countOf(t.events.length, 'change')} of access
                {t.gaps.length > 0 ? `, ${countOf(t.gaps.length, 'hole')} in the history` : ''}.
              </p>
              <TimelineExport userId={userId} period={asked} />
              {items.length === 0 ? (
                <p class="muted">No change of this user's access to assets is recorded in this period.</p>
              ) : (
                <ol class="timeline" aria-label="Access changes, newest first">
                  {items.map((item, i) =>
                    item.kind === 'event' ? (
                      <TimelineEvent key={`e-${item.at}-${i}`} userId={userId} event={item.event} />
                    ) : (
                      <li key={`g-${item.at}-${i}`} class="gap" data-gap>
                        <strong>Hole in the history</strong> from {momentText(item.gap.from)} to {momentText(item.gap.to)}: {item.gap.text}
                      </li>
                    ),
                  )}
                </ol>
              )}
            </>
          );
        }}
      </QueryState>
      <CompareThen subject={{ userId }} />
    </section>
  );
}

function TimelineEvent(props: { userId: string; event: TimelineEventFact }) {
  const e = props.event;
  const [open, setOpen] = useState(false);
  const cause =
    e.gap !== null
      ? 'changes inside a hole of the history (no cause is claimed)'
      : `${e.together ? 'these changes together: ' : ''}${causesText(e.causes)}`;
  return (
    <li class="event" data-event-at={e.at}>
      <div>
        <time dateTime={e.at}>{momentText(e.at)}</time> — <span class="cause">{cause}</span>
        {e.groups.length > 0 && <span class="effects"> → {e.groups.map((g) => g.text).join('; ')}</span>}
      </div>
      <button type="button" class="link" aria-expanded={open ? 'true' : 'false'} onClick={() => setOpen(!open)}>
        {open
          ? 'Hide the assets'
          : `Show the assets (${countOf(e.gained.count, 'gained', 'gained')}, ${countOf(e.lost.count, 'lost', 'lost')})`}
      </button>
      {open && (
        <ul class="groups">
          {e.groups.map((g, i) => (
            <li key={i} data-from={g.from} data-to={g.to}>
              <p>
                {countOf(g.count, 'asset')}: <span class={`effect effect-${g.from}`}>{EFFECT_LABEL[g.from]}</span> →{' '}
                <span class={`effect effect-${g.to}`}>{EFFECT_LABEL[g.to]}</span> <span class="muted">{g.attributionText}</span>
              </p>
              <AssetNames userId={props.userId} assetIds={g.assetIds} count={g.count} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** The first assets of a group by name (as they are now), each opening its explanation; how many more there are. */
function AssetNames(props: { userId: string; assetIds: readonly string[]; count: number }) {
  const panel = usePanel();
  const { userId, assetIds } = props;
  const key = assetIds.join('\n');
  const rows = useQuery(
    () => panel.nowSource.assetEffects({ userId, assetIds: [...assetIds] }).then((r) => r.rows),
    [panel.nowSource, userId, key],
  );
  const byId = new Map((rows.data ?? []).map((r) => [r.assetId, r]));
  const more = props.count - assetIds.length;
  return (
    <ul class="history-assets">
      {assetIds.map((id) => {
        const row = byId.get(id);
        return (
          <li key={id} data-asset-id={id}>
            <button type="button" class="link" onClick={() => panel.answer({ kind: 'explain', assetId: id, userId: null })}>
              {row?.name ?? id}
            </button>{' '}
            <span class="muted">{row ? `(${id}) now ${EFFECT_LABEL[row.effect]}` : rows.loading ? '' : `(no longer in the data)`}</span>
          </li>
        );
      })}
      {more > 0 && <li class="muted">and {countOf(more, 'more asset')}</li>}
    </ul>
  );
}

/**
 * Assets gained and lost between a past moment and now, grouped by the change that last moved them: for one user
 * (the History view), or for every holder of a project role whose assets moved (the Role impact view).
 */
export function CompareThen(props: { subject: { userId: string } | { roleId: string } }) {
  const panel = usePanel();
  const userId = 'userId' in props.subject ? props.subject.userId : null;
  const roleId = 'roleId' in props.subject ? props.subject.roleId : null;
  const inputId = `${panel.idPrefix}-compare-then`;
  const [input, setInput] = useState(() => (panel.asOf.peek() !== null ? localInputValue(panel.asOf.peek()!) : ''));
  const [then, setThen] = useState<string | null>(null);
  const [inputError, setInputError] = useState<string | null>(null);
  const history = useQuery(() => panel.nowSource.historyStatus({}).then((r) => r.history), [panel.nowSource]);
  const comparison = useQuery(
    () => (then === null ? Promise.resolve(null) : panel.nowSource.compareThen({ userId, roleId, thenAt: then }).then((r) => r.comparison)),
    [panel.nowSource, userId, roleId, then],
  );
  // The presets count back from the clock as the view opened.
  const [now] = useState(() => Date.now());
  const presets = momentPresets(history.data?.since ?? null, now);
  // No <form> in the panel (nothing a payload could make submit somewhere): Enter in the field or the button.
  const submit = () => {
    const iso = isoOfLocalInput(input);
    setInputError(iso === null ? 'Enter a date and a time, or pick one of the moments.' : null);
    if (iso !== null) setThen(iso);
  };
  return (
    <div class="compare-then" data-compare-then>
      <h3>Compare now with then</h3>
      <div class="row" role="group" aria-label="Compare now with a past moment">
        <label for={inputId}>Then</label>
        <input
          id={inputId}
          type="datetime-local"
          value={input}
          onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => e.key === 'Enter' && submit()}
        />
        <button type="button" onClick={submit}>
          Compare
        </button>
      </div>
      <MomentPresets
        presets={presets}
        label="Compare with"
        onPick={(at) => {
          setInput(localInputValue(at));
          setInputError(null);
          setThen(at);
        }}
      />
      {inputError !== null && (
        <p class="error" role="alert">
          {inputError}
        </p>
      )}
      {then !== null && (
        <QueryState
          query={comparison}
          empty={userId !== null ? 'This user is not in the data now or then.' : 'This role is not in the data now or then.'}
        >
          {(c) => {
            // One user: their own line. A role: each holder whose assets moved, by name.
            const holders = userId !== null ? c.holders.filter((h) => h.userId === userId) : c.holders;
            return (
              <div data-comparison>
                <p>
                  Since {momentText(c.thenAt)}:{' '}
                  {holders.length === 0 ? (
                    'no asset changed.'
                  ) : userId !== null ? (
                    <>
                      <strong>{countOf(holders[0].gainedCount, 'asset')} gained</strong>,{' '}
                      <strong>{countOf(holders[0].lostCount, 'asset')} lost</strong>.
                    </>
                  ) : (
                    `the assets of ${countOf(holders.length, 'holder')} of role «${c.subject.name}» moved.`
                  )}
                </p>
                {c.gaps.map((g, i) => (
                  <p key={i} class="gap" data-gap>
                    Hole in the history from {momentText(g.from)} to {momentText(g.to)}: {g.text}
                  </p>
                ))}
                {holders.map((h) => (
                  <div key={h.userId} data-holder={h.userId}>
                    {userId === null && (
                      <h4>
                        {h.userName}: {countOf(h.gainedCount, 'asset')} gained, {countOf(h.lostCount, 'asset')} lost
                      </h4>
                    )}
                    {h.lost.length > 0 && <ThenNowGroups title="Lost" userId={h.userId} groups={h.lost} />}
                    {h.gained.length > 0 && <ThenNowGroups title="Gained" userId={h.userId} groups={h.gained} />}
                  </div>
                ))}
              </div>
            );
          }}
        </QueryState>
      )}
    </div>
  );
}

function ThenNowGroups(props: { title: string; userId: string; groups: readonly ThenNowGroupFact[] }) {
  return (
    <>
      <h4>{props.title}</h4>
      <ul class="groups" data-then-now={props.title.toLowerCase()}>
        {props.groups.map((g, i) => (
          <ThenNowGroup key={i} userId={props.userId} group={g} />
        ))}
      </ul>
    </>
  );
}

function ThenNowGroup(props: { userId: string; group: ThenNowGroupFact }) {
  const g = props.group;
  const [open, setOpen] = useState(false);
  return (
    <li data-from={g.from} data-to={g.to}>
      <p>
        {countOf(g.count, 'asset')}: <span class={`effect effect-${g.from}`}>{EFFECT_LABEL[g.from]}</span> →{' '}
        <span class={`effect effect-${g.to}`}>{EFFECT_LABEL[g.to]}</span> — <time dateTime={g.at}>{momentText(g.at)}</time>:{' '}
        <span class="cause">{causesText(g.causes) || 'no recorded change'}</span> <span class="muted">{g.attributionText}</span>
      </p>
      <button type="button" class="link" aria-expanded={open ? 'true' : 'false'} onClick={() => setOpen(!open)}>
        {open ? 'Hide the assets' : 'Show the assets'}
      </button>
      {open && <AssetNames userId={props.userId} assetIds={g.assetIds} count={g.count} />}
    </li>
  );
}

/** The timeline as a CSV file, or as Markdown on the clipboard for a ticket (shown selected where copying fails). */
function TimelineExport(props: { userId: string; period: Period }) {
  const panel = usePanel();
  const anchor = useRef<HTMLDivElement>(null);
  const fallback = useRef<HTMLTextAreaElement>(null);
  const [state, setState] = useState<{ text: string; error: boolean; markdown?: string } | null>(null);
  const exportAs = (format: 'csv' | 'markdown') =>
    panel.nowSource.timelineExport({ userId: props.userId, format, ...props.period }).then((r) => r.export);
  const download = async () => {
    try {
      const file = await exportAs('csv');
      if (file === null) return setState({ text: 'Nothing to export: this user is not in the data.', error: true });
      // The byte-order mark makes spreadsheet programs read the file as UTF-8.
      const text = file.text.startsWith('\uFEFF') ? file.text : `\uFEFF${file.text}`;
      downloadText(anchor.current?.ownerDocument ?? document, file.filename, file.mimeType, text);
      setState({ text: `Downloaded ${file.filename}.`, error: false });
    } catch (err) {
      setState({ text: `Could not export: ${message(err)}`, error: true });
    }
  };
  const copy = async () => {
    let markdown: string | null = null;
    try {
      markdown = (await exportAs('markdown'))?.text ?? null;
      if (markdown === null) return setState({ text: 'Nothing to copy: this user is not in the data.', error: true });
      await navigator.clipboard.writeText(markdown);
      setState({ text: 'Markdown copied.', error: false });
    } catch (err) {
      if (markdown === null) return setState({ text: `Could not export: ${message(err)}`, error: true });
      setState({ text: 'The clipboard is not available here: select the text below and copy it.', error: true, markdown });
      queueMicrotask(() => fallback.current?.select());
    }
  };
  return (
    <div class="history-export" ref={anchor}>
      <div class="row" role="group" aria-label="Export the timeline">
        <button type="button" data-export="csv" onClick={() => void download()}>
          Download CSV
        </button>
        <button type="button" data-export="markdown" onClick={() => void copy()}>
          Copy Markdown
        </button>
        <span role="status" class={state?.error ? 'error' : 'muted'}>
          {state?.text ?? ''}
        </span>
      </div>
      {state?.markdown !== undefined && (
        <textarea ref={fallback} class="copy-fallback" readOnly rows={6} aria-label="Timeline as Markdown" value={state.markdown} />
      )}
    </div>
  );
}

export const historyView = defineView({ id: 'history', label: 'History', needsUser: true, component: HistoryView, css: HISTORY_CSS });
