// What else a flip changes, asked for on demand (a role edit is evaluated for every holder of the role): who and
// how much, and a button that opens the edit as a draft in Compare.
import { useState } from 'preact/hooks';
import type { ResponseOf } from '../../core/source/data-source';
import { usePanel } from '../panel/use-panel';
import type { CompareSeed } from './compare-seed';

type Impact = NonNullable<ResponseOf<'flipImpact'>['impact']>;

export function FlipRadius(props: { userId: string; assetId: string; index: number }) {
  const panel = usePanel();
  const [state, setState] = useState<{ loading: boolean; impact: Impact | null; error: string | null } | null>(null);
  const ask = () => {
    setState({ loading: true, impact: null, error: null });
    panel.source.flipImpact({ userId: props.userId, assetId: props.assetId, index: props.index }).then(
      (r) =>
        setState({ loading: false, impact: r.impact, error: r.impact ? null : 'This change is no longer possible with the current data.' }),
      (err: unknown) => setState({ loading: false, impact: null, error: err instanceof Error ? err.message : String(err) }),
    );
  };
  const impact = state?.impact ?? null;
  const seed: CompareSeed | null = impact?.draft
    ? { kind: 'draft', role: impact.draft }
    : impact?.projectRoleId
      ? { kind: 'role', projectRoleId: impact.projectRoleId, projectId: impact.projectId }
      : null;
  return (
    <div class="flip-radius" data-flip-radius={props.index}>
      {state === null ? (
        <button type="button" class="small" onClick={ask}>
          What else does this change?
        </button>
      ) : state.loading ? (
        <span class="muted" aria-busy="true">
          Working out what else changes…
        </span>
      ) : state.error !== null ? (
        <span class="error">{state.error}</span>
      ) : (
        <>
          <span data-reach={impact!.reach}>{impact!.headline}</span>{' '}
          {seed && (
            <button type="button" class="small" onClick={() => panel.openInCompare(seed)}>
              Open as a draft in Compare
            </button>
          )}
        </>
      )}
    </div>
  );
}
