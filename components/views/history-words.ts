// Panel words for access over time that need the reader's zone (the causes come worded from the source).
import type { HistoryCause } from '../../core/source/data-source';

/** "role «Technician» lost read on tag «pumps» (by Ada Admin)"; several joined. */
export const causesText = (causes: readonly HistoryCause[]): string =>
  causes.map((c) => `${c.text}${c.authorName ? ` (by ${c.authorName})` : c.author ? ` (by ${c.author})` : ''}`).join('; ');
