// Words for what else a flip changes (its blast radius), for the edits that touch one user only. A project-role
// edit is worded by the role-impact answer ("shows 1,240 assets to 37 users in 3 projects").
import type { FlipEdit } from '../engine/access-types';
import type { Fleet } from '../engine/fleet-types';
import { names } from '../engine/names';
import { projectName, q } from './access';

const assets = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'asset' : 'assets'}`;

export function wordOneUserRadius(
  f: Fleet,
  edit: Exclude<FlipEdit, { object: 'projectRole' }>,
  change?: { gained: number; lost: number },
): string {
  const who = q(names.user(f, edit.userId));
  if (edit.object === 'membership' && change)
    return `Only ${who} changes: in project ${projectName(f, edit.projectId)} they gain access to ${assets(change.gained)}${change.lost > 0 ? ` and lose access to ${assets(change.lost)}` : ''}; nobody else is affected.`;
  return `Only ${who} changes (${edit.object === 'user' ? 'their status' : 'their scope'}); nobody else is affected.`;
}
