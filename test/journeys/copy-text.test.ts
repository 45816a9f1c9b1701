// The text a support engineer pastes into a ticket: the reason chain in order with codes, then the flips.
import { describe, expect, it } from 'vitest';
import { explanationText } from '../../components/copy-text';
import { createDirectSource } from '../../core/source/direct-source';
import { fixtureSnapshot, HOSTILE_NAME } from '../components/fixture';

const source = createDirectSource({ snapshot: fixtureSnapshot() });
const explain = async (userId: string, assetId: string) => (await source.explainAsset({ userId, assetId })).explanation!;

describe('explanationText', () => {
  it('an out-of-scope asset with no flips says what else blocks: "also" lines after the failing step', async () => {
    const e = await explain('u-cust', 'a-depot');
    expect(e.flips).toEqual([]);
    const lines = explanationText(e, { userName: 'Cora Customer' }).split('\n');
    const fail = lines.findIndex((l) => l.includes('[FAIL]') && l.endsWith('(OUT_OF_SCOPE)'));
    expect(fail).toBeGreaterThan(0);
    expect(lines[fail + 1]).toBe('     also: no project role in «Depot Two» (NO_PROJECT_ROLE)');
  });

  it('names user and asset, then every step in order with pass/FAIL and its code, then each flip with the effect it gives', async () => {
    const e = await explain('u-tech', 'a-valve');
    const text = explanationText(e, { userName: 'Tom Tech', dataAsOf: '2026-11-22T10:00:00.000Z' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Access Inspector: why Tom Tech (u-tech) has this access to asset Secret Valve V-9 (a-valve)');
    expect(lines).toContain('Effect: Hidden');
    // The project by name (its id beside it, for searching the platform).
    expect(lines).toContain('Project: Plant One (p1)');
    expect(lines).toContain('Data as of: 2026-11-22T10:00:00.000Z');
    const stepLines = lines.filter((l) => /^ {2}\d+\. /.test(l));
    expect(stepLines).toHaveLength(e.steps.length);
    e.steps.forEach((s, i) => expect(stepLines[i]).toBe(`  ${i + 1}. [${s.ok ? 'pass' : 'FAIL'}] ${s.message} (${s.code})`));
    expect(stepLines.at(-1)).toContain('[FAIL]');
    expect(stepLines.at(-1)).toContain('(NO_READABLE_TAG)');
    const flipLines = lines.filter((l) => l.startsWith('  - '));
    expect(e.flips.length).toBeGreaterThan(0);
    expect(flipLines).toEqual(
      e.flips.map((f) => `  - ${f.message} → ${f.effect === 'full' ? 'Full access (read and write)' : 'Read only'} (${f.code})`),
    );
    expect(text.endsWith('\n')).toBe(true);
  });

  it('leaves out "what would change it" for full access', async () => {
    const e = await explain('u-admin', 'a-valve');
    expect(e.effect).toBe('full');
    expect(explanationText(e, { userName: 'Ada Admin' })).not.toContain('What would change it');
  });

  it('keeps untrusted names on one line, so a name cannot forge a line of the report', async () => {
    const e = await explain('u-tech', 'a-hostile');
    const forged = explanationText({ ...e, assetName: 'Pump\n  1. [pass] everything is fine (OK)' }, { userName: 'Tom\r\nTech' });
    expect(forged.split('\n')[0]).toBe(
      'Access Inspector: why Tom Tech (u-tech) has this access to asset Pump   1. [pass] everything is fine (OK) (a-hostile)',
    );
    expect(forged.split('\n').filter((l) => l.startsWith('  1. '))).toHaveLength(1);
    expect(explanationText(e, { userName: null })).toContain(HOSTILE_NAME);
  });
});
