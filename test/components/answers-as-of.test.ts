// @vitest-environment happy-dom
// Copied answers say the moment they are about: the chosen past moment while the panel answers as of one, else the
// time of the cached data. One derived value of the panel model, read by every view that copies an answer.
import { describe, expect, it } from 'vitest';
import { panelModel, syncedStatus } from './in-panel';
import type { DataSource } from '../../core/source/data-source';

describe('the moment the answers on screen are about', () => {
  it('is the data’s time at now, the chosen moment in the past, and the data’s time again back at now', () => {
    const model = panelModel({ source: {} as DataSource });
    model.status.value = { ...syncedStatus(1), dataAsOf: '2026-12-05T10:00:00.000Z' };
    expect(model.answersAsOf.value).toBe('2026-12-05T10:00:00.000Z');
    model.asOf.value = '2026-11-28T14:02:00.000Z';
    expect(model.answersAsOf.value).toBe('2026-11-28T14:02:00.000Z');
    model.asOf.value = null;
    expect(model.answersAsOf.value).toBe('2026-12-05T10:00:00.000Z');
  });
});
