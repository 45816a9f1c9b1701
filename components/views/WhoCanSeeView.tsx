// Who can see this asset: every user's effect (R3 for every user), grouped by effect and by the reason that decided
// it (role, tag, scope), with counts, a search over name, e-mail and system role, and "Explain" (for that user) on
// every row. Long groups show their first rows and the rest on demand.
import { useState } from 'preact/hooks';
import type { Effect } from '../../core/source/data-source';
import { EFFECT_DESCRIPTION } from '../labels';
import { QueryState } from '../panel/QueryState';
import { useQuery } from '../panel/use-query';
import { usePanel } from '../panel/use-panel';
import { audienceText } from '../copy-text';
import { ShareAnswer } from './ShareAnswer';

const FIRST_ROWS = 25;
const EFFECTS: readonly Effect[] = ['full', 'read', 'hidden'];
const users = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'user' : 'users'}`;

export function WhoCanSeeView({ assetId }: { assetId: string }) {
  const { source } = usePanel();
  const panel = usePanel();
  const { idPrefix } = panel;
  const dataAsOf = panel.answersAsOf.value;
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const query = useQuery(() => source.whoCanSee({ assetId }).then((r) => r.audience), [source, assetId]);
  const needle = search.trim().toLowerCase();
  const searchId = `${idPrefix}-who-can-see-search`;

  return (
    <section class="who-can-see" data-who-can-see={assetId} aria-labelledby={`${idPrefix}-who-can-see-title`}>
      <h4 id={`${idPrefix}-who-can-see-title`}>Who can see this asset</h4>
      <QueryState query={query} empty={`Asset ${assetId} is not in the cached data.`}>
        {(a) => {
          const groups = a.groups
            .map((g, i) => ({
              ...g,
              key: `${g.effect}-${i}`,
              shown:
                needle === ''
                  ? g.users
                  : g.users.filter((u) => `${u.name}\n${u.email}\n${u.id}\n${u.systemRoleName ?? ''}`.toLowerCase().includes(needle)),
            }))
            .filter((g) => g.shown.length > 0);
          return (
            <>
              <p data-who-can-see-counts>
                {EFFECTS.map((e, i) => (
                  <span key={e}>
                    {i > 0 ? ' · ' : ''}
                    <span class={`effect effect-${e}`}>{EFFECT_DESCRIPTION[e]}</span>:{' '}
                    <strong data-count={e}>{a.counts[e].toLocaleString('en')}</strong>
                  </span>
                ))}
              </p>
              <ShareAnswer
                what="who can see"
                text={audienceText(a, { userName: null, dataAsOf }, 'text')}
                markdown={audienceText(a, { userName: null, dataAsOf }, 'markdown')}
                link={null}
              />
              <div class="row">
                <label for={searchId}>Find a user</label>
                <input
                  id={searchId}
                  type="search"
                  placeholder="Name, e-mail, id or system role"
                  value={search}
                  onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)}
                />
              </div>
              {groups.length === 0 && <p class="muted">No user matches.</p>}
              {EFFECTS.map((effect) => {
                const mine = groups.filter((g) => g.effect === effect);
                if (mine.length === 0) return null;
                return (
                  <div key={effect} data-effect-group={effect}>
                    <h5>
                      {EFFECT_DESCRIPTION[effect]} — {users(mine.reduce((n, g) => n + g.shown.length, 0))}
                    </h5>
                    {mine.map((g) => {
                      const all = expanded.has(g.key) || g.shown.length <= FIRST_ROWS;
                      return (
                        <div key={g.key} class="audience-group" data-code={g.code}>
                          <p>
                            <strong>{users(g.shown.length)}</strong>: {g.reason}
                          </p>
                          <ul>
                            {(all ? g.shown : g.shown.slice(0, FIRST_ROWS)).map((u) => (
                              <li key={u.id} data-user-id={u.id}>
                                {u.name}{' '}
                                <span class="muted">
                                  {u.email}
                                  {u.systemRoleName ? ` · ${u.systemRoleName}` : ''}
                                </span>{' '}
                                {/* Heard as "Explain for <name>", which holds the visible word (speech input says what it sees). */}
                                {/* Inspect as them: the explanation above then is theirs. */}
                                <button type="button" onClick={() => panel.inspect(u.id)}>
                                  Explain<span class="sr-only"> for {u.name}</span>
                                </button>
                              </li>
                            ))}
                          </ul>
                          {!all && (
                            <button type="button" onClick={() => setExpanded(new Set([...expanded, g.key]))}>
                              Show all {users(g.shown.length)}
                            </button>
                          )}
                        </div>
                      );
                    })}
                  </div>
                );
              })}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
