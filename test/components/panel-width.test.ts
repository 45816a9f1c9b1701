// The panel's remembered width: only a sane stored width comes back (the resize itself: test/e2e/accessibility.test.ts).
import { describe, expect, it } from 'vitest';
import { PANEL_MIN_WIDTH, parsePanelWidth } from '../../components/panel/panel-width';

describe('the remembered panel width', () => {
  it('accepts a stored width in CSS pixels and rejects anything else', () => {
    expect(parsePanelWidth(612)).toBe(612);
    expect(parsePanelWidth('580.4')).toBe(580);
    for (const bad of [undefined, null, 'wide', NaN, Infinity, PANEL_MIN_WIDTH - 1, 10_000, { width: 600 }])
      expect(parsePanelWidth(bad)).toBeNull();
  });
});
