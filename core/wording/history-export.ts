// A user's access timeline for a spreadsheet (CSV, one row per group of assets) and for a ticket (Markdown).
// Cells go through core/export/csv.ts (quoting, formula-injection guard); Markdown escapes platform text so a
// name cannot become a link, a heading or a table cell break.
import { csvLine } from '../export/csv';
import type { History } from '../model/history';
import type { UserTimeline } from '../history/timeline';
import { ATTRIBUTION_WORDS, describeChange, effectChangeText, gapText, idNames, type HistoryNames } from './history';

export const TIMELINE_CSV_HEADER = [
  'At',
  'From',
  'To',
  'Assets',
  'Asset ids',
  'Attribution',
  'Changes',
  'Authors',
  'Other users moved',
  'In gap',
] as const;

/** Rows (header first) of the timeline: one per group of assets whose effect moved the same way for the same causes. */
export function timelineCsvRows(t: UserTimeline, history: History, names: HistoryNames = idNames): string[][] {
  const rows: string[][] = [[...TIMELINE_CSV_HEADER]];
  for (const ev of t.events)
    for (const g of ev.groups) {
      const causes = ev.causes.filter((c) => (g.attribution === 'GAP' ? true : g.causes.includes(c.entry)));
      rows.push([
        ev.at,
        g.from,
        g.to,
        String(g.assetIds.length),
        g.assetIds.join(' '),
        g.attribution,
        causes.map((c) => describeChange(history.entries[c.entry], names)).join('; '),
        [...new Set(causes.map((c) => c.author ?? 'unknown'))].join(' '),
        causes.map((c) => (c.otherUsers === null ? '' : String(c.otherUsers))).join(' '),
        ev.gap ? `${ev.gap.from}/${ev.gap.to}` : '',
      ]);
    }
  return rows;
}

export function timelineCsv(t: UserTimeline, history: History, names: HistoryNames = idNames): string {
  return timelineCsvRows(t, history, names).map(csvLine).join('');
}

/** Markdown special characters of platform text escaped (no links, emphasis, headings or table breaks). */
export function mdEscape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

const MAX_IDS = 20;

/** The timeline as Markdown for a ticket: one bullet per group, its causes and how sure the attribution is. */
export function timelineMarkdown(t: UserTimeline, history: History, names: HistoryNames = idNames): string {
  const who = names.user(t.userId);
  const lines = [`### Access timeline of ${mdEscape(who)} (${mdEscape(t.userId)})`, '', `From ${t.from} to ${t.to}.`, ''];
  for (const g of t.gaps) lines.push(`> ⚠ ${mdEscape(gapText(g))}`, '');
  if (t.events.length === 0) lines.push('No change of asset access in this period.');
  for (const ev of t.events)
    for (const g of ev.groups) {
      const causes = ev.causes.filter((c) => (g.attribution === 'GAP' ? true : g.causes.includes(c.entry)));
      const others = Math.max(0, ...causes.map((c) => c.otherUsers ?? 0));
      const ids =
        g.assetIds
          .slice(0, MAX_IDS)
          .map((id) => `\`${id.replace(/`/g, '')}\``)
          .join(', ') + (g.assetIds.length > MAX_IDS ? `, … (${g.assetIds.length - MAX_IDS} more)` : '');
      const changes = causes
        .map((c) => mdEscape(describeChange(history.entries[c.entry], names)) + (c.author ? ` (by ${mdEscape(names.user(c.author))})` : ''))
        .join('; ');
      lines.push(
        `- **${ev.at}** — ${changes || 'unknown change'} → ${mdEscape(effectChangeText(g.assetIds.length, g.from, g.to, who, others || null))}`,
      );
      lines.push(`  - assets: ${ids}`);
      if (g.attribution !== 'CAUSE') lines.push(`  - ${ATTRIBUTION_WORDS[g.attribution]}`);
    }
  return lines.join('\n') + '\n';
}
