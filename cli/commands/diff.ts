// `diff`: what would change for a user as another user, or with another project role (SPEC §6 "diff").
import { diffAccess, type DiffSpec } from '../../core/engine/diff';
import type { CliCommand } from '../command';
import { assetText, projectRoleText, projectText, userText } from '../labels';
import { columns, plural } from '../text';

export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'what would change for a user as another user or with another project role',
  configure(cmd) {
    cmd
      .usage('--data <file> --user <id> (--as-user <id> | --as-role <projectRoleId>) [--project <id>] [--json]')
      .requiredOption('--user <id>', 'the user')
      .option('--as-user <id>', 'compare with what this user has')
      .option('--as-role <projectRoleId>', 'give the user this project role (in --project, or in each project where they have one)')
      .option('--project <id>', 'limit to this project (with --as-role: the project that gets the role)');
  },
  run({ fleet, opts, usageError }) {
    const asUser = typeof opts.asUser === 'string' ? opts.asUser : undefined;
    const asRole = typeof opts.asRole === 'string' ? opts.asRole : undefined;
    if ((asUser === undefined) === (asRole === undefined)) usageError('give exactly one of --as-user and --as-role');
    const project = typeof opts.project === 'string' ? { projectId: opts.project } : {};
    const spec: DiffSpec = asUser !== undefined ? { asUserId: asUser, ...project } : { asProjectRoleId: asRole!, ...project };
    const f = fleet();
    const d = diffAccess(f, String(opts.user), spec);
    const as = asUser !== undefined ? userText(f, asUser) : `project role ${projectRoleText(f, asRole!)}`;
    return {
      json: d,
      text: [
        `diff: ${userText(f, d.userId)} as ${as}${spec.projectId ? ` in project ${projectText(f, spec.projectId)}` : ''}`,
        `assets: ${plural(d.changes.length, 'change')}`,
        ...columns(d.changes.map((c) => [assetText(f, c.assetId), `${c.before} → ${c.after}`])),
        `functions: ${plural(d.functions.length, 'change')}`,
        ...columns(d.functions.map((c) => [c.projectId, c.id, `${c.before} → ${c.after}`])),
      ],
    };
  },
};
