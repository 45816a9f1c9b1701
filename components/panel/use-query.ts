// Loads one answer from the data source and drops answers that arrive after their question changed, so a slow
// reply for a previous user never paints over the current one. The question is asked again when the panel's data
// changes (a sync) or its moment ("as of"): the caller's deps name the question only, the data version and the moment
// come from the panel model. Another moment is another question: its old answer goes at once.
import { useEffect, useRef, useState } from 'preact/hooks';
import { usePanel } from './use-panel';

export interface Query<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

const sameDeps = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

export function useQuery<T>(load: () => Promise<T>, deps: readonly unknown[]): Query<T> {
  const panel = usePanel();
  const dataVersion = panel.dataVersion.value;
  const asOf = panel.asOf.value;
  const [state, setState] = useState<Query<T>>({ data: null, error: null, loading: true });
  const asked = useRef<readonly unknown[] | null>(null);
  // The caller's deps say when the question changed (the loader is a new closure every render).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => {
    let current = true;
    const question = [...deps, asOf];
    const sameQuestion = asked.current !== null && sameDeps(asked.current, question);
    asked.current = question;
    // A new question clears the old answer: it belonged to another user, asset or project. New data for the same
    // question keeps the answer on screen until the new one arrives (no "Loading…" flash after every sync).
    setState((s) => (sameQuestion ? { ...s, loading: true } : { data: null, error: null, loading: true }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (err: unknown) => current && setState({ data: null, error: err instanceof Error ? err.message : String(err), loading: false }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, dataVersion, asOf]);
  return state;
}
