// Loads one answer from the data source and drops answers that arrive after their question changed, so a slow
// reply for a previous user never paints over the current one.
import { useEffect, useState } from 'preact/hooks';

export interface Query<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

export function useQuery<T>(load: () => Promise<T>, deps: readonly unknown[]): Query<T> {
  const [state, setState] = useState<Query<T>>({ data: null, error: null, loading: true });
  useEffect(() => {
    let current = true;
    // A new question clears the old answer: it belonged to another user, asset or project.
    setState({ data: null, error: null, loading: true });
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (err: unknown) => current && setState({ data: null, error: err instanceof Error ? err.message : String(err), loading: false }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}
