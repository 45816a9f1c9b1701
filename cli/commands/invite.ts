// `invite`: the default and the allowed roles when a user invites someone into an organization (R7).
import { invitation } from '../../core/engine/invite';
import { wordInvitation } from '../../core/wording/roles';
import type { CliCommand } from '../command';
import { orgText, systemRoleText, userWithRole } from '../labels';
import { columns, mark } from '../text';

export const inviteCommand: CliCommand = {
  name: 'invite',
  summary: 'the default and allowed roles when a user invites someone into an organization (R7)',
  configure(cmd) {
    cmd
      .usage('--data <file> --user <id> --org <id> [--json]')
      .requiredOption('--user <id>', 'the inviter')
      .requiredOption('--org <id>', "the invitee's organization");
  },
  run({ fleet, opts }) {
    const f = fleet();
    const result = wordInvitation(invitation(f, String(opts.user), String(opts.org)));
    const general = result.reasons.filter((r) => r.roleId === null || r.code.startsWith('INVITE_'));
    const perRole = result.reasons.filter((r) => !general.includes(r));
    const rows: string[][] = [];
    let last: string | null = null;
    for (const r of perRole) {
      rows.push([r.roleId === last ? '' : mark(false), r.roleId === last ? '' : systemRoleText(f, r.roleId), r.code, r.message]);
      last = r.roleId;
    }
    return {
      json: result,
      text: [
        `invite: ${userWithRole(f, result.inviterId)} invites into ${orgText(f, result.organizationId)}`,
        `default role: ${result.defaultRoleId === null ? 'none' : systemRoleText(f, result.defaultRoleId)}`,
        `allowed: ${result.allowedRoleIds.length === 0 ? 'none' : result.allowedRoleIds.map((id) => systemRoleText(f, id)).join(', ')}`,
        ...columns(general.map((r) => [r.code, r.message])),
        ...(rows.length ? ['not allowed:', ...columns(rows)] : []),
      ],
    };
  },
};
