// The row of preset moments ("1 hour ago", "yesterday", …) under a moment field: the panel's "as of" control and the
// history's "compare now with then" both offer it, each deciding what a pick does.
import { momentText } from '../freshness';
import type { MomentPreset } from './as-of';

export function MomentPresets(props: {
  presets: readonly MomentPreset[];
  /** The group's accessible name: what the moments are for. */
  label: string;
  disabled?: boolean;
  onPick: (at: string) => void;
}) {
  if (props.presets.length === 0) return null;
  return (
    <div class="row" role="group" aria-label={props.label}>
      {props.presets.map((p) => (
        <button
          key={p.label}
          type="button"
          data-preset={p.label}
          disabled={props.disabled}
          title={momentText(p.at)}
          onClick={() => props.onPick(p.at)}
        >
          {p.label}
        </button>
      ))}
    </div>
  );
}
