// The platform's one write endpoint: POST /api/v1/users/:userId/role — give a user a system role, as the signed-in
// user (session cookie or API key). The server enforces the same rules the panel explains, through the engine:
// R6 (canAssign) for every assignment and R8 for a pending registrant (only one of its verifiers may give it a
// role; that verifies it, so it becomes active). The change goes into the store, so it comes back through sync.
//
// Errors (ApiError bodies, 403 ones with every failing check in `reasons`):
//   400 bad body or unknown role · 401 not signed in · 403 the rules say no · 404 no such user
//   409 `ifCurrentRoleId` no longer matches (someone else changed the user's role meanwhile)
//   415 not JSON (a cross-site form cannot send JSON without CORS, so the session cookie cannot be replayed by one)
import { Hono, type Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { AssignRoleRequestSchema, type ApiError, type AssignRoleError, type AssignRoleResponse } from '../core/api/contract';
import type { User } from '../core/model/snapshot';
import { canAssign, isRegistrant, names, verifiersOf, type Fleet } from '../core/engine/index';
import { roleCheckReason } from '../core/wording/roles';
import type { DemoState } from './state';
import { fleetOf } from './view-engine';

type Env = { Bindings: HttpBindings };
type Reason = { code: string; message: string };

function fail(
  c: Context,
  status: 400 | 401 | 403 | 404 | 409 | 415,
  code: ApiError['error']['code'],
  message: string,
  reasons?: Reason[],
): Response {
  const body: AssignRoleError = { error: { code, message, ...(reasons ? { reasons } : {}) } };
  return c.json(body, status);
}

/** R8: a registrant's role is given only by one of its verifiers (active Quote Managers whose scope holds it). */
function verifierFailure(fleet: Fleet, assignerIdx: number, targetIdx: number): Reason | null {
  if (!isRegistrant(fleet, targetIdx)) return null;
  if (verifiersOf(fleet, targetIdx).includes(assignerIdx)) return null;
  const assigner = names.user(fleet, fleet.snapshot.users[assignerIdx].id);
  const target = fleet.snapshot.users[targetIdx];
  return {
    code: 'NOT_A_VERIFIER',
    message:
      `«${assigner}» is not a verifier of «${target.name}»: a pending registration is verified only by an active ` +
      `Quote Manager (Internal Admin CC) whose scope holds organization «${names.organization(fleet, target.organizationId)}».`,
  };
}

export type AssignmentDecision =
  | { ok: true; updated: User; verified: boolean }
  | { ok: false; status: 400 | 403 | 404 | 409; code: ApiError['error']['code']; message: string; reasons?: Reason[] };

/**
 * The one place the platform decides a role assignment (R6, and R8 for a registrant) and applies it to the store:
 * the API endpoint and the user page's form both go through here, so they can never disagree.
 */
export function decideAssignment(
  state: DemoState,
  callerId: string,
  targetId: string,
  roleId: string,
  ifCurrentRoleId?: string | null,
): AssignmentDecision {
  const fleet = fleetOf(state.store);
  const targetIdx = fleet.userIndex.get(targetId);
  if (targetIdx === undefined) return { ok: false, status: 404, code: 'notFound', message: `there is no user "${targetId}"` };
  if (!fleet.systemRoleIndex.has(roleId))
    return { ok: false, status: 400, code: 'badRequest', message: `there is no system role "${roleId}"` };
  const assignerIdx = fleet.userIndex.get(callerId)!;
  const caller = fleet.snapshot.users[assignerIdx];
  const target = fleet.snapshot.users[targetIdx];
  if (ifCurrentRoleId !== undefined && ifCurrentRoleId !== target.systemRoleId) {
    return {
      ok: false,
      status: 409,
      code: 'conflict',
      message:
        `«${target.name}»'s system role changed meanwhile: it is ${target.systemRoleId === null ? 'none' : `«${names.systemRole(fleet, target.systemRoleId)}»`} now` +
        `${target.status === 'active' && ifCurrentRoleId === null ? ' (the registration was already verified)' : ''}. Reload and decide again.`,
    };
  }

  const reasons: Reason[] = [];
  const r8 = verifierFailure(fleet, assignerIdx, targetIdx);
  if (r8) reasons.push(r8);
  const check = canAssign(fleet, assignerIdx, roleId, {
    orgIdx: fleet.users[targetIdx].orgIdx,
    currentRoleId: target.systemRoleId,
    orgId: target.organizationId,
  });
  reasons.push(...check.failures.map(roleCheckReason));
  if (reasons.length > 0) {
    return {
      ok: false,
      status: 403,
      code: 'forbidden',
      reasons,
      message: `«${caller.name}» may not give «${target.name}» the role «${names.systemRole(fleet, roleId)}»: ${reasons.map((r) => r.message).join(' ')}`,
    };
  }

  const verified = target.status === 'pendingVerification';
  const updated: User = { ...target, systemRoleId: roleId, ...(verified ? { status: 'active' as const } : {}) };
  state.store.put('users', updated, callerId);
  return { ok: true, updated, verified };
}

export function adminApiRoutes(state: DemoState): Hono<Env> {
  const api = new Hono<Env>();

  api.post('/users/:userId/role', async (c) => {
    const caller = state.identify(c);
    if ('problem' in caller) return fail(c, 401, 'unauthorized', caller.problem);
    if (!(c.req.header('Content-Type') ?? '').toLowerCase().startsWith('application/json')) {
      return fail(c, 415, 'badRequest', 'send the body as JSON (Content-Type: application/json): {"roleId": "…"}');
    }
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      return fail(c, 400, 'badRequest', 'the body is not valid JSON');
    }
    const body = AssignRoleRequestSchema.safeParse(json);
    if (!body.success) {
      return fail(
        c,
        400,
        'badRequest',
        `bad body: ${body.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`,
      );
    }
    const { roleId, ifCurrentRoleId } = body.data;
    const decision = decideAssignment(state, caller.user.id, c.req.param('userId') ?? '', roleId, ifCurrentRoleId);
    if (!decision.ok) return fail(c, decision.status, decision.code, decision.message, decision.reasons);
    const { updated, verified } = decision;
    c.header('Cache-Control', 'no-store');
    return c.json({ user: updated, assignedBy: caller.user.id, verified } satisfies AssignRoleResponse, 200);
  });

  return api;
}
