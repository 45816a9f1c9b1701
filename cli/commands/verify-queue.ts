// `verify-queue`: the self-registrants a Quote Manager may verify, oldest first, with a suggested role (R8).
import { isVerifier, verifyQueue } from '../../core/engine/verify-queue';
import type { CliCommand } from '../command';
import { orgText, userText, userWithRole } from '../labels';
import { columns, plural } from '../text';

export const verifyQueueCommand: CliCommand = {
  name: 'verify-queue',
  summary: 'the self-registrants a Quote Manager may verify, oldest first, with a suggested role (R8)',
  configure(cmd) {
    cmd.usage('--data <file> --user <id> [--json]').requiredOption('--user <id>', 'the verifier (an active Internal Admin CC)');
  },
  run({ fleet, opts }) {
    const f = fleet();
    const result = verifyQueue(f, String(opts.user));
    const createdAt = (id: string) => f.snapshot.users[f.userIndex.get(id)!].createdAt ?? 'no date';
    const rows = result.pending.map((p) => [
      userText(f, p.userId),
      orgText(f, p.organizationId),
      createdAt(p.userId),
      `suggested: ${p.suggestedRoleId ?? 'none'}`,
      `allowed: ${p.allowedRoleIds.join(', ') || 'none'}`,
    ]);
    const why = isVerifier(f, f.userIndex.get(result.userId)!) ? '' : ' (only active Internal Admin CC users verify registrants)';
    return {
      json: result,
      text: [
        `verify queue of ${userWithRole(f, result.userId)}: ${plural(result.pending.length, 'registrant')} pending${why}`,
        ...columns(rows),
      ],
    };
  },
};
