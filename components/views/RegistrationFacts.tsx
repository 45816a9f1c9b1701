// A self-registrant waiting for verification (R8): since when, what they asked for, and who may verify them — said
// where their access is explained, so "not active" comes with what to do about it.
import { whenText } from '../freshness';
import { countOf } from '../labels';
import { useQuery } from '../panel/use-query';
import { usePanel } from '../panel/use-panel';

const SHOWN = 10;

export function RegistrationFacts({ userId }: { userId: string }) {
  const { source } = usePanel();
  const query = useQuery(() => source.registration({ userId }).then((r) => r.registration), [source, userId]);
  const r = query.data;
  if (!r) return null;
  return (
    <div class="registration" data-registration={r.userId}>
      <p>
        Waiting for verification{r.createdAt ? ` since ${whenText(r.createdAt)}` : ''}; asked for{' '}
        {r.requestedRoleName ? <strong>{r.requestedRoleName}</strong> : 'no particular role'}.
      </p>
      {r.verifiers.length === 0 ? (
        <p class="error">No active Quote Manager has their organization in scope: nobody can verify them.</p>
      ) : (
        <p data-verifiers>
          Can be verified by {countOf(r.verifiers.length, 'Quote Manager')}:{' '}
          {r.verifiers
            .slice(0, SHOWN)
            .map((v) => v.name)
            .join(', ')}
          {r.verifiers.length > SHOWN ? ` and ${countOf(r.verifiers.length - SHOWN, 'more', 'more')}` : ''}.
        </p>
      )}
    </div>
  );
}
