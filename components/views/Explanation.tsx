// One asset decision: its steps in order (the failing one marked) and the single edits that would raise it.
import type { ComponentChildren } from 'preact';
import type { AssetExplanation } from '../../core/source/data-source';
import { EFFECT_DESCRIPTION } from '../labels';
import { SinceWhen } from './SinceWhen';

export function Explanation({
  explanation,
  flipExtra,
}: {
  explanation: AssetExplanation;
  /** Shown under each flip (what else it changes). */ flipExtra?: (index: number) => ComponentChildren;
}) {
  const e = explanation;
  return (
    <div class="explanation" data-asset-id={e.assetId}>
      <h3>
        {e.assetName} <span class="muted">({e.assetId})</span>
      </h3>
      <p>
        Effect: <strong class={`effect effect-${e.effect}`}>{EFFECT_DESCRIPTION[e.effect]}</strong>
        {e.diagnostics ? ' · diagnostics visible' : ''}
      </p>
      <SinceWhen userId={e.userId} assetId={e.assetId} />
      <h4>Steps</h4>
      <ol class="steps">
        {e.steps.map((s, i) => (
          <li key={`${i}-${s.code}`} data-code={s.code} class={s.ok ? 'ok' : 'no'}>
            <span class="mark" aria-hidden="true">
              {s.ok ? '✓' : '✗'}
            </span>
            <span class="sr-only">{s.ok ? 'passed: ' : 'failed: '}</span>
            {s.message}
          </li>
        ))}
      </ol>
      {e.alsoBlocking.length > 0 && (
        // R3 stops at the first failing step; these would still block once it is fixed.
        <ul class="also-blocking" data-also-blocking aria-label="Also blocking once the failing step is fixed">
          {e.alsoBlocking.map((b, i) => (
            <li key={`${i}-${b.code}`} data-code={b.code}>
              also: {b.message}
            </li>
          ))}
        </ul>
      )}
      {e.effect !== 'full' && (
        <>
          <h4>What would change it</h4>
          {e.flips.length === 0 ? (
            <p class="muted">
              No single change to a project role, membership, scope or status would raise this effect
              {e.alsoBlocking.length > 0 ? ': a whole fix needs the failing step fixed and everything listed under "also".' : '.'}
            </p>
          ) : (
            <ul class="flips">
              {e.flips.map((f, i) => (
                <li key={`${i}-${f.code}`} data-code={f.code}>
                  {f.message}
                  {f.effect ? <span class="muted"> → {f.effect}</span> : null}
                  {flipExtra?.(i)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
