// The panel's one write: giving a user a system role through the platform's own API, as the person signed in to
// the page (its session cookie goes along; the platform decides and enforces R6/R8). Views get this as a prop, so
// they never call fetch themselves; the panel then asks the source to sync, and the change comes back as data.
// No zod here (the content script bundles this): the answer is checked by hand.
import type { AssignRoleError, AssignRoleResponse } from '../core/api/contract';

/** core/api/contract.ts API_PREFIX, repeated so this file does not pull zod into the content script. */
const API_PREFIX = '/api/v1';

export interface AssignRoleRequest {
  userId: string;
  roleId: string;
  /** The role the panel believes the user holds (null: none, a registrant); the platform answers 409 if it changed. */
  ifCurrentRoleId?: string | null;
}

export type AssignRoleOutcome =
  | { ok: true; userName: string; roleId: string; verified: boolean }
  | { ok: false; status: number; message: string; reasons: { code: string; message: string }[] };

export interface PlatformActions {
  assignRole(request: AssignRoleRequest): Promise<AssignRoleOutcome>;
}

export interface PlatformActionsOptions {
  /** Where the platform API lives ('' = this page's origin). */
  apiBase?: string;
  fetch?: typeof fetch;
}

export function createPlatformActions(options: PlatformActionsOptions = {}): PlatformActions {
  const base = (options.apiBase ?? '').replace(/\/+$/, '');
  return {
    async assignRole(req) {
      const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
      const body = JSON.stringify(
        req.ifCurrentRoleId === undefined ? { roleId: req.roleId } : { roleId: req.roleId, ifCurrentRoleId: req.ifCurrentRoleId },
      );
      let res: Response;
      try {
        res = await doFetch(`${base}${API_PREFIX}/users/${encodeURIComponent(req.userId)}/role`, {
          method: 'POST',
          credentials: 'include',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body,
        });
      } catch (err) {
        return {
          ok: false,
          status: 0,
          message: `The platform could not be reached: ${err instanceof Error ? err.message : String(err)}`,
          reasons: [],
        };
      }
      const json = (await res.json().catch(() => null)) as unknown;
      if (res.ok) {
        const user = (json as Partial<AssignRoleResponse> | null)?.user;
        if (!user || typeof user.name !== 'string' || typeof user.systemRoleId !== 'string') {
          return { ok: false, status: res.status, message: 'The platform answered without the updated user.', reasons: [] };
        }
        return { ok: true, userName: user.name, roleId: user.systemRoleId, verified: (json as AssignRoleResponse).verified === true };
      }
      const error = (json as Partial<AssignRoleError> | null)?.error;
      const reasons = Array.isArray(error?.reasons)
        ? error.reasons
            .filter((r) => typeof r?.code === 'string' && typeof r?.message === 'string')
            .map((r) => ({ code: r.code, message: r.message }))
        : [];
      const message = typeof error?.message === 'string' ? error.message : `The platform refused (HTTP ${res.status}).`;
      return { ok: false, status: res.status, message, reasons };
    },
  };
}
