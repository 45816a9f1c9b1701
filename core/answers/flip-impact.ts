// What one flip of an asset explanation would do beyond this user: a role edit reaches every holder of the role
// (its headline from the role preview), a membership or user edit only this user. Null when the flip does not
// exist or its role is unknown. Throws UnknownIdError for an unknown user or asset.
import { explainAsset, type Fleet } from '../engine';
import { editRole } from '../engine/flips';
import { wordOneUserRadius } from '../wording/flip-radius';
import type { FlipImpact } from '../source/data-source';
import { compareSummary } from './compare-access';
import { roleImpactAnswer } from './role-impact-answer';

export function flipImpact(fleet: Fleet, userId: string, assetId: string, index: number): FlipImpact | null {
  const flip = explainAsset(fleet, userId, assetId).flips[index];
  if (!flip) return null;
  const e = flip.edit;
  if (e.object === 'projectRole') {
    const idx = fleet.projectRoleIndex.get(e.projectRoleId);
    if (idx === undefined) return null;
    const draft = editRole(fleet.snapshot.projectRoles[idx], e);
    const answer = roleImpactAnswer(fleet, {
      roleId: e.projectRoleId,
      draft,
      opened: null,
      baseline: null,
      holderOffset: 0,
      holderLimit: 1,
    });
    const headline = answer.impact
      ? `Every holder of ${answer.impact.roleName}: ${answer.impact.headline}`
      : 'This edit could not be evaluated.';
    return { reach: 'role', headline, draft, projectRoleId: e.projectRoleId, projectId: null };
  }
  if (e.object === 'membership') {
    const s = compareSummary(fleet, userId, { kind: 'role', role: { kind: 'stored', projectRoleId: e.projectRoleId } }, e.projectId);
    return {
      reach: 'user',
      headline: wordOneUserRadius(fleet, e, s.assets),
      draft: null,
      projectRoleId: e.projectRoleId,
      projectId: e.projectId,
    };
  }
  return { reach: 'user', headline: wordOneUserRadius(fleet, e), draft: null, projectRoleId: null, projectId: null };
}
