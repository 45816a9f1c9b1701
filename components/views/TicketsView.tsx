// Tickets as the inspected user gets them (R4/R5): visible, redacted or hidden, with the asset and assignee names
// only where the engine returned them. A redacted ticket's asset name never reaches this view (the source sends
// null), so it cannot end up in the DOM.
import { useState } from 'preact/hooks';
import type { TicketDecision, TicketEffectFilter } from '../../core/source/data-source';
import { HIDDEN_USER_NAME, REDACTED_ASSET_NAME, TICKET_EFFECT_LABEL } from '../labels';
import { QueryState } from '../panel/QueryState';
import { useQuery } from '../panel/use-query';
import { useInspectedUser, usePanel } from '../panel/use-panel';
import { defineView } from './view';
import { TICKETS_CSS } from './tickets-css';

const PAGE = 200;

export function TicketsView() {
  const { source } = usePanel();
  const userId = useInspectedUser();
  const { idPrefix, context } = usePanel();
  const pageTicketIds = context.value.ticketIds;
  const onPage = pageTicketIds.length > 0;
  const idsKey = pageTicketIds.join('\u0000');
  const [limit, setLimit] = useState(PAGE);
  const [effect, setEffect] = useState<TicketEffectFilter>('all');
  const query = useQuery(
    () => source.tickets({ userId, ticketIds: onPage ? [...pageTicketIds] : null, effect, offset: 0, limit: Math.min(limit, 1000) }),
    [source, userId, idsKey, effect, limit],
  );
  const filterId = `${idPrefix}-ticket-filter`;
  return (
    <section>
      <div class="row">
        <span class="muted">{onPage ? 'Tickets on this page' : 'All cached tickets'}, as this user gets them.</span>
        <label for={filterId}>Show</label>
        <select
          id={filterId}
          value={effect}
          onChange={(e) => setEffect((e.currentTarget as HTMLSelectElement).value as TicketEffectFilter)}
        >
          <option value="all">All</option>
          <option value="visible">Visible</option>
          <option value="redacted">Redacted</option>
          <option value="hidden">Hidden</option>
        </select>
      </div>
      <QueryState query={query}>
        {(page) =>
          page.total === 0 ? (
            <p class="muted">No tickets.</p>
          ) : (
            <>
              <ul class="tickets">
                {page.rows.map((t) => (
                  <TicketItem key={t.ticketId} ticket={t} />
                ))}
              </ul>
              {page.rows.length < page.total && (
                <button type="button" onClick={() => setLimit((l) => l + PAGE)} disabled={limit >= 1000}>
                  Show more ({page.rows.length} of {page.total})
                </button>
              )}
            </>
          )
        }
      </QueryState>
    </section>
  );
}

function assetText(t: TicketDecision): string {
  if (t.assetId === null) return 'No asset';
  if (t.effect === 'redacted') return `${REDACTED_ASSET_NAME} — ${t.assetId}`;
  if (t.assetName !== null) return `${t.assetName} (${t.assetId})`;
  return t.assetId;
}

function TicketItem({ ticket: t }: { ticket: TicketDecision }) {
  const assignee = t.assigneeId === null ? 'Unassigned' : (t.assigneeName ?? HIDDEN_USER_NAME);
  return (
    <li class={`ticket ticket-${t.effect}`} data-ticket-id={t.ticketId}>
      <div>
        <span class={`effect effect-${t.effect}`}>{TICKET_EFFECT_LABEL[t.effect]}</span> <strong>{t.title}</strong>{' '}
        <span class="muted">({t.ticketId})</span>
      </div>
      <div>Asset: {assetText(t)}</div>
      <div>Assignee: {assignee}</div>
      <details>
        <summary>Why</summary>
        <ol class="steps">
          {t.steps.map((s, i) => (
            <li key={`${i}-${s.code}`} data-code={s.code} class={s.ok ? 'ok' : 'no'}>
              <span class="sr-only">{s.ok ? 'passed: ' : 'failed: '}</span>
              {s.message}
            </li>
          ))}
        </ol>
      </details>
    </li>
  );
}

export const ticketsView = defineView({
  id: 'tickets',
  label: 'Tickets',
  defaultOn: ['tickets'],
  needsUser: true,
  component: TicketsView,
  css: TICKETS_CSS,
});
