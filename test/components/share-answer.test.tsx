// @vitest-environment happy-dom
// Shareable answers: the link's fragment round-trips and refuses what is not one; the Markdown escapes platform
// names; the explanation's Copy buttons give the text, the Markdown and the link, each with the data's "as of".
import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_PAGE_CONTEXT } from '../../core/adapters/types';
import { audienceText, comparisonText, explanationMarkdown, mdText } from '../../components/copy-text';
import { createDirectSource } from '../../core/source/direct-source';
import { mount, type PanelHandle } from '../../components/panel/mount';
import { parseShareFragment, shareLink } from '../../components/panel/share-link';
import { fixtureSnapshot, HOSTILE_NAME } from './fixture';
import { pageHost } from '../support/panel-host';

let handle: PanelHandle | null = null;
afterEach(() => {
  handle?.unmount();
  handle = null;
  document.body.replaceChildren();
});

describe('share links', () => {
  it('round-trip an explanation and a comparison, keep the page, and replace an old fragment', () => {
    const link = shareLink('https://platform.test/assets/a-1?x=1#old', { kind: 'explain', assetId: 'a 1&b', userId: 'u-1' });
    expect(link.startsWith('https://platform.test/assets/a-1?x=1#access-inspector?')).toBe(true);
    expect(parseShareFragment(new URL(link).hash)).toEqual({ kind: 'explain', assetId: 'a 1&b', userId: 'u-1' });
    const cmp = shareLink('https://platform.test/fleet', { kind: 'compare', userId: 'u-1', otherUserId: 'u-2' });
    expect(parseShareFragment(new URL(cmp).hash)).toEqual({ kind: 'compare', userId: 'u-1', otherUserId: 'u-2' });
  });

  it('ignore fragments that are not a share request', () => {
    expect(parseShareFragment('#section-2')).toBeNull();
    expect(parseShareFragment('#access-inspector?user=u-1')).toBeNull();
    expect(parseShareFragment('#access-inspector?asset=a-1&compare=u-2')).toBeNull();
    expect(parseShareFragment(`#access-inspector?asset=${'x'.repeat(300)}`)).toBeNull();
  });
});

describe('Markdown copy', () => {
  it('escapes Markdown in platform names and carries the data’s "as of" and the link', async () => {
    expect(mdText('*bold* [x](y) <b>')).toBe('\\*bold\\* \\[x\\]\\(y\\) \\<b\\>');
    const source = createDirectSource({ snapshot: fixtureSnapshot() });
    const e = (await source.explainAsset({ userId: 'u-tech', assetId: 'a-hostile' })).explanation!;
    const md = explanationMarkdown(e, {
      userName: 'Tom Tech',
      dataAsOf: '2026-11-22T10:00:00.000Z',
      link: 'https://p.test/fleet#access-inspector?asset=a-hostile',
    });
    expect(md).not.toContain(HOSTILE_NAME);
    expect(md).toContain('**Data as of:** 2026-11-22T10:00:00.000Z');
    expect(md).toContain('<https://p.test/fleet#access-inspector?asset=a-hostile>');
    expect(md.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(e.steps.length);
  });

  it('the explanation in the panel offers text, Markdown and a link that reopens it', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    handle = mount(host, {
      host: pageHost(createDirectSource({ snapshot: fixtureSnapshot() })),
      context: { ...EMPTY_PAGE_CONTEXT, adapterId: 'fleet', userId: 'u-admin' },
    });
    const root = host.shadowRoot!;
    const ui = within(root.querySelector('.ai-panel') as HTMLElement);
    handle.explainAsset('a-valve', 'u-tech');
    let clipboard = '';
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void (clipboard = t) } });
    const copied = async (name: string) => {
      clipboard = '';
      fireEvent.click(await ui.findByRole('button', { name }));
      await waitFor(() => expect(clipboard).not.toBe(''));
      return clipboard;
    };
    expect(await copied('Copy Markdown')).toContain('### Access Inspector: Secret Valve V-9 (`a-valve`) for Tom Tech (`u-tech`)');
    const link = await copied('Copy link');
    expect(parseShareFragment(new URL(link).hash)).toEqual({ kind: 'explain', assetId: 'a-valve', userId: 'u-tech' });
    expect(await copied('Copy text')).toContain('Open in Access Inspector: ' + link);
  });
});

describe('copying who-can-see and a comparison', () => {
  const source = createDirectSource({ snapshot: fixtureSnapshot() });
  it('who can see: counts, each group with its reason and people by name, "as of"; Markdown escaped', async () => {
    const a = (await source.whoCanSee({ assetId: 'a-pump' })).audience!;
    const text = audienceText(a, { userName: null, dataAsOf: '2026-11-22T10:00:00.000Z' }, 'text');
    expect(text.split('\n')[0]).toBe('Access Inspector: who can see asset Pump P-7 (a-pump)');
    expect(text).toContain('Data as of: 2026-11-22T10:00:00.000Z');
    for (const g of a.groups) for (const u of g.users) expect(text).toContain(u.name);
    const md = audienceText(a, { userName: null, dataAsOf: null }, 'markdown');
    expect(md).toContain('### Access Inspector: who can see Pump P-7 (`a-pump`)');
    expect(md).toContain('Not active \\(pending verification\\)');
  });

  it('a comparison: assets gained and lost per before→after, the link and "as of"', async () => {
    const s = (await source.compare({ userId: 'u-cust', against: { kind: 'user', userId: 'u-tech' } })).summary!;
    const text = comparisonText(
      s,
      { userName: null, dataAsOf: '2026-11-22T10:00:00.000Z', link: 'https://p.test/fleet#access-inspector?user=u-cust&compare=u-tech' },
      'text',
    );
    expect(text).toContain(
      `${s.assets.changed} ${s.assets.changed === 1 ? 'asset' : 'assets'} change: ${s.assets.gained} gain access, ${s.assets.lost} lose access.`,
    );
    expect(text).toContain('Open in Access Inspector: https://p.test/fleet#access-inspector?user=u-cust&compare=u-tech');
    expect(comparisonText(s, { userName: null, dataAsOf: null }, 'markdown')).toMatch(
      /^### Access Inspector: Cora Customer compared with /,
    );
  });
});
