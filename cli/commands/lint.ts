// `lint`: R11 problems of a snapshot; exits 1 when there are any.
import { lint } from '../../core/engine/lint';
import { wordLint } from '../../core/wording/lint';
import type { CliCommand } from '../command';
import { EXIT } from '../errors';
import { columns, plural } from '../text';

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'list data problems (dangling references, unused tags and roles, …); exits 1 when there are any',
  configure(cmd) {
    cmd.usage('--data <file> [--json]');
  },
  run({ snapshot, fleet }) {
    const result = wordLint(lint(snapshot, fleet));
    const n = result.problems.length;
    const text = [
      n === 0 ? 'lint: no problems' : `lint: ${plural(n, 'problem')}`,
      ...columns(result.problems.map((p) => [p.path, p.code, p.message])),
    ];
    return { json: result, text, exitCode: n === 0 ? EXIT.ok : EXIT.findings };
  },
};
