import type { ComponentChildren } from 'preact';
import type { Query } from './use-query';

/** Loading and error states every view shows the same way. */
export function QueryState<T>({
  query,
  children,
  empty,
}: {
  query: Query<T>;
  children: (data: NonNullable<T>) => ComponentChildren;
  empty?: string;
}) {
  if (query.error !== null)
    return (
      <p class="error" role="alert">
        Could not load: {query.error}
      </p>
    );
  if (query.data === null)
    return query.loading ? (
      <p class="muted" aria-busy="true">
        Loading…
      </p>
    ) : (
      <p class="muted">{empty ?? 'Nothing to show.'}</p>
    );
  return <>{children(query.data as NonNullable<T>)}</>;
}
