// The period the History view shows (issue 18): "what changed since yesterday" is the usual question, so the
// timeline and its export can be narrowed to the last day or week, or to any from–to the user types.
import { isoOfLocalInput } from '../panel/as-of';

export const PERIOD_CHOICES = [
  { id: 'all', label: 'Whole history' },
  { id: 'day', label: 'Last 24 hours' },
  { id: 'week', label: 'Last 7 days' },
  { id: 'custom', label: 'From … to …' },
] as const;
export type PeriodChoice = (typeof PERIOD_CHOICES)[number]['id'];

/** What the timeline is asked for: null ends are the history's start and now. */
export interface Period {
  from: string | null;
  to: string | null;
}

const DAY = 86_400_000;

/**
 * The period of a choice at `now`; for a custom one, the typed `datetime-local` values (an empty end is open). An
 * unreadable or reversed custom period is an error the view shows instead of asking.
 */
export function periodOf(choice: PeriodChoice, now: number, custom: { from: string; to: string }): Period | { error: string } {
  if (choice === 'all') return { from: null, to: null };
  if (choice === 'day' || choice === 'week') return { from: new Date(now - (choice === 'day' ? 1 : 7) * DAY).toISOString(), to: null };
  const from = custom.from.trim() === '' ? null : isoOfLocalInput(custom.from);
  const to = custom.to.trim() === '' ? null : isoOfLocalInput(custom.to);
  if (from === null && custom.from.trim() !== '') return { error: `"From" is not a date and time: ${custom.from}` };
  if (to === null && custom.to.trim() !== '') return { error: `"To" is not a date and time: ${custom.to}` };
  if (from !== null && to !== null && Date.parse(to) < Date.parse(from)) return { error: '"To" is earlier than "From".' };
  return { from, to };
}
