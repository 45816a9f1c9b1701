// `who-can-see`: the users who can see an asset (or, with --all, every user with their effect).
import { whoCanSee } from '../../core/engine/visibility';
import type { CliCommand } from '../command';
import { assetText } from '../labels';
import { columns, plural } from '../text';

export const whoCanSeeCommand: CliCommand = {
  name: 'who-can-see',
  summary: 'the users who can see an asset, with the effect and the deciding step (R3)',
  configure(cmd) {
    cmd
      .usage('--data <file> --asset <id> [--all] [--json]')
      .requiredOption('--asset <id>', 'the asset')
      .option('--all', 'list users who cannot see it too (including non-active users)');
  },
  run({ fleet, opts }) {
    const f = fleet();
    const result = whoCanSee(f, String(opts.asset), { all: opts.all === true });
    const seeing = result.users.filter((u) => u.effect !== 'hidden').length;
    const rows = result.users.map((u) => [u.userId, f.snapshot.users[f.userIndex.get(u.userId)!].name, u.effect, u.code]);
    return {
      json: { assetId: result.assetId, users: result.users },
      text: [
        `who can see ${assetText(f, result.assetId)}: ${plural(seeing, 'user')}${opts.all ? ` of ${result.users.length}` : ''}`,
        ...columns(rows),
      ],
    };
  },
};
