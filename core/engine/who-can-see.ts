// Who can see one asset (R3 for every user): each user's effect and the step that decided it (the first failing
// one, else the last granting one), grouped so a support engineer reads "12 users: project role Operator, tag
// pumps" instead of a list of people. Data only; core/wording/who-can-see.ts words the reasons.
import { accessSteps } from './access';
import type { AccessStepData, AssetAudience, AudienceGroup, AudienceReason } from './access-types';
import { decidingStep } from './deciding-step';
import type { Effect } from './codes';
import { assetIdxOf, type Fleet } from './fleet';

export type { AssetAudience } from './access-types';

const EFFECT_ORDER: Record<Effect, number> = { full: 0, read: 1, hidden: 2 };

/** Step facts every user of a group shares, so they may key it (tags too, copied apart below). */
const SHARED_FACTS = [
  'systemRoleId',
  'projectId',
  'projectRoleId',
  'danglingProjectRoleId',
  'scopeFailure',
  'siteId',
  'organizationId',
  'writeBasis',
] as const;

function reasonOf(step: AccessStepData): AudienceReason {
  const r: AudienceReason = { code: step.code, ok: step.ok };
  // The user's own status and scope lists stay out: they would split a group into one per user.
  if (step.status !== undefined && step.code === 'USER_NOT_ACTIVE') r.status = step.status;
  for (const k of SHARED_FACTS) {
    if (step[k] !== undefined) (r as Record<string, unknown>)[k] = step[k];
  }
  if (step.tags !== undefined) r.tags = step.tags;
  return r;
}

export function assetAudience(fleet: Fleet, assetId: string): AssetAudience {
  const a = assetIdxOf(fleet, assetId);
  const counts: Record<Effect, number> = { full: 0, read: 0, hidden: 0 };
  const groups = new Map<string, AudienceGroup>();
  const users = fleet.snapshot.users;
  for (let u = 0; u < users.length; u++) {
    const { effect, steps } = accessSteps(fleet, u, a);
    counts[effect]++;
    const reason = reasonOf(decidingStep(steps)!);
    const key = JSON.stringify([effect, reason]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { effect, reason, userIds: [] }));
    group.userIds.push(users[u].id);
  }
  const sorted = [...groups.values()].sort(
    (x, y) => EFFECT_ORDER[x.effect] - EFFECT_ORDER[y.effect] || y.userIds.length - x.userIds.length,
  );
  return { assetId, counts, groups: sorted };
}
