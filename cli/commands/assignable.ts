// `assignable`: which system roles a user may give (to a target user, or in general) and why not (R6).
import { assignableRoles } from '../../core/engine/roles';
import { wordAssignableRoles } from '../../core/wording/roles';
import type { CliCommand } from '../command';
import { systemRoleText, userText, userWithRole } from '../labels';
import { columns, mark } from '../text';

export const assignableCommand: CliCommand = {
  name: 'assignable',
  summary: 'which system roles a user may assign, to a target user or in general (R6)',
  configure(cmd) {
    cmd
      .usage('--data <file> --user <id> [--target <id>] [--json]')
      .requiredOption('--user <id>', 'the user who assigns')
      .option('--target <id>', 'the user who would receive the role');
  },
  run({ fleet, opts }) {
    const f = fleet();
    const result = wordAssignableRoles(assignableRoles(f, String(opts.user), typeof opts.target === 'string' ? opts.target : null));
    const rows: string[][] = [];
    for (const r of result.roles) {
      const [first, ...rest] = r.reasons;
      rows.push([mark(r.allowed), systemRoleText(f, r.roleId), first?.code ?? '', first?.message ?? '']);
      for (const more of rest) rows.push(['', '', more.code, more.message]);
    }
    const allowed = result.roles.filter((r) => r.allowed).length;
    return {
      json: result,
      text: [
        `assignable: ${userWithRole(f, result.userId)}${result.targetId === null ? '' : ` → ${userWithRole(f, result.targetId)}`}`,
        `allowed: ${allowed} of ${result.roles.length} roles${result.targetId === null ? ` (no target: only ${userText(f, result.userId)}'s permission and the levels are checked)` : ''}`,
        ...columns(rows),
      ],
    };
  },
};
