// The plain text a support engineer pastes into a ticket: one asset decision — who, which asset, the effect, the
// reason chain in order and the single changes that would raise it — with the engine's stable codes, so the next
// person can search for them. Pure: the panel's Copy button hands it to navigator.clipboard.writeText.
import type { AssetExplanation, Effect } from './data-source';
import { EFFECT_DESCRIPTION } from './labels';

export interface CopyContext {
  userName: string | null;
  /** ISO time the cached data is current as of (null: unknown). */
  dataAsOf?: string | null;
}

/** Platform names are untrusted text: a newline or control character in one must not forge a line of the report. */
export const oneLine = (s: string): string => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();

const EFFECT_WORD: Record<Effect, string> = EFFECT_DESCRIPTION;

export function explanationText(e: AssetExplanation, ctx: CopyContext & { link?: string | null }): string {
  const who = ctx.userName ? `${oneLine(ctx.userName)} (${oneLine(e.userId)})` : oneLine(e.userId);
  const lines = [
    `Access Inspector: why ${who} has this access to asset ${oneLine(e.assetName)} (${oneLine(e.assetId)})`,
    `Effect: ${EFFECT_WORD[e.effect]}`,
    `Project: ${oneLine(e.projectId)}${e.diagnostics ? ' · diagnostics visible' : ''}`,
  ];
  if (ctx.dataAsOf) lines.push(`Data as of: ${oneLine(ctx.dataAsOf)}`);
  if (ctx.link) lines.push(`Open in Access Inspector: ${oneLine(ctx.link)}`);
  lines.push('', 'Reason chain (in the order the rules are checked):');
  e.steps.forEach((s, i) => lines.push(`  ${i + 1}. [${s.ok ? 'pass' : 'FAIL'}] ${oneLine(s.message)} (${s.code})`));
  // What would still block once the failing step is fixed (R3 stops at the first).
  for (const b of e.alsoBlocking ?? []) lines.push(`     also: ${oneLine(b.message)} (${b.code})`);
  if (e.effect !== 'full') {
    lines.push('', 'What would change it (each one edit on its own):');
    if (e.flips.length === 0) lines.push('  none: no single change to a project role, membership, scope or status raises this effect');
    for (const f of e.flips) lines.push(`  - ${oneLine(f.message)}${f.effect ? ` → ${EFFECT_WORD[f.effect]}` : ''} (${f.code})`);
  }
  return `${lines.join('\n')}\n`;
}

/** Markdown for a ticket: platform names are untrusted, so Markdown's own characters in them are escaped. */
export const mdText = (s: string): string => oneLine(s).replace(/([\\`*_{}\[\]()<>#+!|~])/g, '\\$1');

/** An id as inline code: a backtick in it cannot end the code span. */
const mdCode = (s: string): string => `\`${oneLine(s).replace(/`/g, "'")}\``;

export interface ShareContext extends CopyContext {
  /** A link that reopens this answer in the panel. */
  link?: string | null;
}

export function explanationMarkdown(e: AssetExplanation, ctx: ShareContext): string {
  const who = ctx.userName ? `${mdText(ctx.userName)} (${mdCode(e.userId)})` : mdCode(e.userId);
  const lines = [
    `### Access Inspector: ${mdText(e.assetName)} (${mdCode(e.assetId)}) for ${who}`,
    '',
    `**Effect:** ${EFFECT_WORD[e.effect]}${e.diagnostics ? ' · diagnostics visible' : ''}`,
  ];
  if (ctx.dataAsOf) lines.push(`**Data as of:** ${oneLine(ctx.dataAsOf)}`);
  if (ctx.link) lines.push(`**Open in Access Inspector:** <${ctx.link.replace(/[<>\s]/g, encodeURIComponent)}>`);
  lines.push('', '**Reason chain** (in the order the rules are checked):', '');
  e.steps.forEach((s, i) => lines.push(`${i + 1}. ${s.ok ? '✓' : '✗ **FAIL**'} ${mdText(s.message)} \`${s.code}\``));
  for (const b of e.alsoBlocking ?? []) lines.push(`   - also: ${mdText(b.message)} \`${b.code}\``);
  if (e.effect !== 'full') {
    lines.push('', '**What would change it** (each one edit on its own):', '');
    if (e.flips.length === 0) lines.push('- none: no single change raises this effect');
    for (const f of e.flips) lines.push(`- ${mdText(f.message)}${f.effect ? ` → ${EFFECT_WORD[f.effect]}` : ''} \`${f.code}\``);
  }
  return `${lines.join('\n')}\n`;
}

