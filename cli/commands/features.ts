// `features`: what a user can read and write in a project, the menu they get, and the role's facts (R1, R10).
import { projectFeatures } from '../../core/engine/features';
import { FEATURE_GROUPS } from '../../core/model/catalog';
import { wordProjectFeatures } from '../../core/wording/features';
import type { CliCommand } from '../command';
import { projectRoleText, projectText, userText } from '../labels';
import { columns, mark } from '../text';

const LABEL = new Map<string, string>(
  FEATURE_GROUPS.flatMap((g) => g.functions.map((fn) => [`${g.id}.${fn.id}`, `${g.label} › ${fn.label} [${fn.letter}]`] as const)),
);
const GROUP_LABEL = new Map(FEATURE_GROUPS.map((g) => [g.id as string, `${g.label} [${g.letter}]`]));

export const featuresCommand: CliCommand = {
  name: 'features',
  summary: 'what a user can read and write in a project, and the menu they see (R1, R10)',
  configure(cmd) {
    cmd
      .usage('--data <file> --user <id> --project <id> [--json]')
      .requiredOption('--user <id>', 'the user')
      .requiredOption('--project <id>', 'the project');
  },
  run({ fleet, opts }) {
    const f = fleet();
    const d = wordProjectFeatures(f, projectFeatures(f, String(opts.user), String(opts.project)));
    const loc = d.location;
    return {
      json: d,
      text: [
        `features: ${userText(f, d.userId)} in project ${projectText(f, d.projectId)}, project role ${d.projectRoleId === null ? 'none' : projectRoleText(f, d.projectRoleId)}`,
        d.message,
        `location: ${loc === null ? 'none' : `${loc.lat}, ${loc.lng} (zoom ${loc.zoom})`}    used in projects: ${d.usedInProjects.join(', ') || 'none'}`,
        `menu: ${d.menu.map((m) => `${mark(m.visible)} ${GROUP_LABEL.get(m.groupId) ?? m.groupId}`).join('  ')}`,
        ...columns(d.functions.map((fn) => [LABEL.get(fn.id) ?? fn.id, fn.write ? 'write' : fn.read ? 'read' : 'none', fn.code])),
      ],
    };
  },
};
