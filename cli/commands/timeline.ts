// `timeline`: the moments a user's asset access changed over a period of the snapshot's history, each with the change
// that caused it (issue 18); text, JSON, CSV (for a spreadsheet) or Markdown (for a ticket).
import { HistoryRangeError } from '../../core/history/state-as-of';
import { sinceWhen, userTimeline, type UserTimeline } from '../../core/history/timeline';
import { ATTRIBUTION_WORDS, describeChange, effectChangeText, gapText, historyNames, sinceText } from '../../core/wording/history';
import { timelineCsv, timelineMarkdown } from '../../core/wording/history-export';
import type { CliCommand } from '../command';
import { assetText, userText } from '../labels';

const FORMATS = ['text', 'json', 'csv', 'markdown'] as const;
const IDS_SHOWN = 10;

export const timelineCommand: CliCommand = {
  name: 'timeline',
  summary: "when a user's asset access changed, and which change did it (needs the snapshot's history section)",
  asOf: false,
  configure(cmd) {
    cmd
      .usage('--data <file> --user <id> [--asset <id>] [--since <time>] [--until <time>] [--format text|json|csv|markdown] [--json]')
      .requiredOption('--user <id>', 'the user')
      .option('--asset <id>', "instead: since when this asset's current effect holds for the user, and which change made it so")
      .option('--since <time>', 'start of the period (ISO time with zone; default: where the history starts)')
      .option('--until <time>', 'end of the period (default: the last change)')
      .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'text');
  },
  run({ snapshot, fleet, opts, usageError }) {
    const format = opts.json ? 'json' : String(opts.format);
    if (!(FORMATS as readonly string[]).includes(format))
      usageError(`--format must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(format)}`);
    const history = snapshot.history;
    if (!history) usageError('timeline needs a snapshot with a history section (see docs/SNAPSHOT-HISTORY.md); this one has none');
    const f = fleet();
    const names = historyNames(f);
    if (opts.asset !== undefined) {
      if (format === 'csv' || format === 'markdown') usageError('--asset answers as text or JSON (--format text|json)');
      if (opts.since !== undefined || opts.until !== undefined)
        usageError('--asset looks at the whole history: --since and --until do not apply');
      const w = sinceWhen(snapshot, history!, String(opts.user), String(opts.asset));
      const doc = { ...w, causes: w.causes.map((c) => ({ ...c, change: describeChange(history!.entries[c.entry], names) })) };
      const text = [
        `since when: ${userText(f, w.userId)} → asset ${assetText(f, w.assetId)}`,
        `${sinceText(w.code, w.effect, w.since)}${w.previous ? ` (was ${w.previous})` : ''}`,
        ...doc.causes.map((c) => `  ${c.at}  ${c.change}${c.author ? ` (by ${names.user(c.author)})` : ''}`),
        ...(w.attribution && w.attribution !== 'CAUSE' ? [`  ${ATTRIBUTION_WORDS[w.attribution]}`] : []),
        ...(w.gap ? [`⚠ ${gapText(w.gap)}`] : []),
      ];
      return format === 'json' && !opts.json ? { json: doc, text, raw: `${JSON.stringify(doc, null, 2)}\n` } : { json: doc, text };
    }
    let t: UserTimeline;
    try {
      t = userTimeline(snapshot, history!, String(opts.user), {
        from: opts.since === undefined ? undefined : String(opts.since),
        to: opts.until === undefined ? undefined : String(opts.until),
      });
    } catch (e) {
      if (e instanceof HistoryRangeError) usageError(`--since/--until: ${e.message}`);
      throw e;
    }
    // JSON: the timeline data, each cause with its change in words.
    const json = {
      ...t!,
      events: t!.events.map((ev) => ({
        ...ev,
        causes: ev.causes.map((c) => ({ ...c, change: describeChange(history!.entries[c.entry], names) })),
      })),
    };
    const out = { json, text: [] as string[] };
    if (format === 'json' && !opts.json) return { ...out, raw: `${JSON.stringify(json, null, 2)}\n` };
    if (format === 'csv') return { ...out, raw: timelineCsv(t!, history!, names) };
    if (format === 'markdown') return { ...out, raw: timelineMarkdown(t!, history!, names) };
    const who = names.user(t!.userId);
    const text = [
      `timeline: ${userText(f, t!.userId)}, ${t!.from} → ${t!.to}: ${t!.events.length} moment${t!.events.length === 1 ? '' : 's'} of change`,
    ];
    for (const g of t!.gaps) text.push(`⚠ ${gapText(g)}`);
    for (const ev of t!.events)
      for (const g of ev.groups) {
        const causes = ev.causes.filter((c) => g.attribution === 'GAP' || g.causes.includes(c.entry));
        const others = Math.max(0, ...causes.map((c) => c.otherUsers ?? 0));
        const change = causes
          .map((c) => describeChange(history!.entries[c.entry], names) + (c.author ? ` (by ${names.user(c.author)})` : ''))
          .join('; ');
        text.push(`${ev.at}  ${change} → ${effectChangeText(g.assetIds.length, g.from, g.to, who, others || null)}`);
        text.push(
          `    assets: ${g.assetIds.slice(0, IDS_SHOWN).join(', ')}${g.assetIds.length > IDS_SHOWN ? `, … (${g.assetIds.length - IDS_SHOWN} more)` : ''}`,
        );
        if (g.attribution !== 'CAUSE') text.push(`    ${ATTRIBUTION_WORDS[g.attribution]}`);
      }
    return { json, text };
  },
};
