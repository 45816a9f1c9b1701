// `explain`: why a user can or cannot see or change an asset (R3), what single edit would change that, and R9.
import { explainAsset } from '../../core/engine/access';
import { wordAssetDecision } from '../../core/wording/access';
import type { CliCommand } from '../command';
import { assetText, userText } from '../labels';
import { columns, mark } from '../text';

export const explainCommand: CliCommand = {
  name: 'explain',
  summary: 'why a user can or cannot see or change an asset, and what would change it (R3, R9)',
  configure(cmd) {
    cmd
      .usage('--data <file> --user <id> --asset <id> [--json]')
      .requiredOption('--user <id>', 'the user')
      .requiredOption('--asset <id>', 'the asset');
  },
  // R3 for one pair reads that user's and that asset's records and no other user's, asset or ticket.
  assetNeed: (opts) => ({ all: false, assetId: String(opts.asset), userId: String(opts.user) }),
  run({ fleet, opts }) {
    const f = fleet();
    const d = wordAssetDecision(f, explainAsset(f, String(opts.user), String(opts.asset)));
    return {
      json: d,
      text: [
        `explain: ${userText(f, d.userId)} → asset ${assetText(f, d.assetId)}`,
        `effect: ${d.effect}`,
        ...columns(d.steps.map((s) => [mark(s.ok), s.code, s.message])),
        ...(d.flips.length
          ? [`flips (each one edit that would raise the effect):`, ...columns(d.flips.map((fl) => [fl.code, `→ ${fl.effect}`, fl.message]))]
          : d.effect === 'full'
            ? []
            : ['flips: none (no single edit of a project role, membership, scope or status would raise the effect)']),
        `diagnostics: ${d.diagnostics ? 'yes' : 'no'}`,
      ],
    };
  },
};
