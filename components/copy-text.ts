// The plain text a support engineer pastes into a ticket: one asset decision — who, which asset, the effect, the
// reason chain in order and the single changes that would raise it — with the engine's stable codes, so the next
// person can search for them. Pure: the panel's Copy button hands it to navigator.clipboard.writeText.
import type { AssetExplanation, CompareSummary, Effect, ResponseOf } from '../core/source/data-source';
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
    `Project: ${e.projectName ? `${oneLine(e.projectName)} (${oneLine(e.projectId)})` : oneLine(e.projectId)}${e.diagnostics ? ' · diagnostics visible' : ''}`,
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
export const mdText = (s: string): string => oneLine(s).replace(/([\\`*_{}[\]()<>#+!|~])/g, '\\$1');

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
    `**Project:** ${e.projectName ? mdText(e.projectName) : mdCode(e.projectId)}`,
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

type Audience = NonNullable<ResponseOf<'whoCanSee'>['audience']>;
const EFFECT_ORDER: readonly Effect[] = ['full', 'read', 'hidden'];
const people = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'user' : 'users'}`;
const assetCount = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'asset' : 'assets'}`;
const LEVEL: Record<string, string> = { none: 'no access', read: 'read', write: 'read and write' };

/** Who can see an asset, for a ticket: counts per effect, then each group with its reason and its people by name. */
export function audienceText(a: Audience, ctx: ShareContext, format: 'text' | 'markdown'): string {
  const md = format === 'markdown';
  const t = md ? mdText : oneLine;
  const lines = [
    md
      ? `### Access Inspector: who can see ${t(a.assetName)} (${mdCode(a.assetId)})`
      : `Access Inspector: who can see asset ${t(a.assetName)} (${oneLine(a.assetId)})`,
  ];
  if (md) lines.push('');
  lines.push(
    `${md ? '**Effect counts:** ' : 'Effect counts: '}${EFFECT_ORDER.map((e) => `${EFFECT_WORD[e]} ${a.counts[e].toLocaleString('en')}`).join(' · ')}`,
  );
  if (ctx.dataAsOf) lines.push(`${md ? '**Data as of:** ' : 'Data as of: '}${oneLine(ctx.dataAsOf)}`);
  for (const e of EFFECT_ORDER) {
    const groups = a.groups.filter((g) => g.effect === e);
    if (groups.length === 0) continue;
    lines.push('', md ? `**${EFFECT_WORD[e]}**` : `${EFFECT_WORD[e]}:`);
    for (const g of groups) {
      lines.push(`${md ? '- ' : '  - '}${people(g.users.length)}: ${t(g.reason)} (${g.code})`);
      lines.push(`${md ? '  ' : '      '}${g.users.map((u) => t(u.name)).join(', ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A comparison's summary, for a ticket: assets gained and lost, then functions, menu items and assignable roles. */
export function comparisonText(s: CompareSummary, ctx: ShareContext, format: 'text' | 'markdown'): string {
  const md = format === 'markdown';
  const t = md ? mdText : oneLine;
  const where = s.projectName ? ` in project ${t(s.projectName)}` : '';
  const lines = [
    md
      ? `### Access Inspector: ${t(s.userName)} compared with ${t(s.againstLabel)}${where}`
      : `Access Inspector: ${t(s.userName)} compared with ${t(s.againstLabel)}${where}`,
  ];
  if (md) lines.push('');
  if (ctx.dataAsOf) lines.push(`${md ? '**Data as of:** ' : 'Data as of: '}${oneLine(ctx.dataAsOf)}`);
  if (ctx.link)
    lines.push(
      `${md ? '**Open in Access Inspector:** ' : 'Open in Access Inspector: '}${md ? `<${ctx.link.replace(/[<>\s]/g, encodeURIComponent)}>` : oneLine(ctx.link)}`,
    );
  lines.push(
    `${assetCount(s.assets.changed)} change: ${s.assets.gained.toLocaleString('en')} gain access, ${s.assets.lost.toLocaleString('en')} lose access.`,
  );
  for (const x of s.assets.transitions)
    lines.push(`${md ? '- ' : '  - '}${EFFECT_WORD[x.before]} → ${EFFECT_WORD[x.after]}: ${assetCount(x.count)}`);
  if (s.functions.length > 0) {
    lines.push('', md ? '**Functions**' : 'Functions:');
    for (const f of s.functions)
      lines.push(`${md ? '- ' : '  - '}${t(f.projectName)} · ${t(f.label)}: ${LEVEL[f.before]} → ${LEVEL[f.after]}`);
  }
  if (s.menu.length > 0) {
    lines.push('', md ? '**Menu items**' : 'Menu items:');
    for (const m of s.menu)
      lines.push(
        `${md ? '- ' : '  - '}${t(m.projectName)} · ${t(m.label)}: ${m.before ? 'shown' : 'hidden'} → ${m.after ? 'shown' : 'hidden'}`,
      );
  }
  if (s.assignable.length > 0) {
    lines.push('', md ? '**Assignable system roles**' : 'Assignable system roles:');
    for (const r of s.assignable)
      lines.push(`${md ? '- ' : '  - '}${t(r.roleName)}: ${r.before ? 'may assign' : 'may not'} → ${r.after ? 'may assign' : 'may not'}`);
  }
  return `${lines.join('\n')}\n`;
}
