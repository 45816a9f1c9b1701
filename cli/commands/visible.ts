// `visible`: the assets a user can see (or, with --all, every asset with its effect).
import { visibleAssets } from '../../core/engine/visibility';
import type { CliCommand } from '../command';
import { userText } from '../labels';
import { columns, plural } from '../text';

export const visibleCommand: CliCommand = {
  name: 'visible',
  summary: 'the assets a user can see, with the effect and the deciding step (R3)',
  configure(cmd) {
    cmd
      .usage('--data <file> --user <id> [--all] [--json]')
      .requiredOption('--user <id>', 'the user')
      .option('--all', 'list hidden assets too');
  },
  run({ fleet, opts }) {
    const f = fleet();
    const result = visibleAssets(f, String(opts.user), { all: opts.all === true });
    const count = (e: string) => result.assets.filter((a) => a.effect === e).length;
    const rows = result.assets.map((a) => [
      a.assetId,
      f.assetNames[f.assetIndex.get(a.assetId)!],
      a.effect,
      a.codes[a.codes.length - 1] ?? '',
    ]);
    return {
      json: result,
      text: [
        `visible: ${userText(f, result.userId)}: ${plural(count('full') + count('read'), 'asset')} (full ${count('full')}, read ${count('read')}${opts.all ? `, hidden ${count('hidden')}` : ''})`,
        ...columns(rows),
      ],
    };
  },
};
