// The engine's answers as a reader gets them: the engine decides (data, codes), core/wording words it. Tests that
// check messages call these; tests of decisions alone call the engine directly.
import {
  assignableRoles as decideAssignable,
  explainAsset as decideAsset,
  explainTicket as decideTicket,
  invitation as decideInvitation,
  lint as decideLint,
  projectFeatures as decideFeatures,
  type Fleet,
} from '../../core/engine';
import type { Snapshot } from '../../core/model/snapshot';
import { wordAssetDecision } from '../../core/wording/access';
import { wordProjectFeatures } from '../../core/wording/features';
import { wordLint } from '../../core/wording/lint';
import { wordAssignableRoles, wordInvitation } from '../../core/wording/roles';
import { wordTicketDecision } from '../../core/wording/tickets';

export const explainAsset = (f: Fleet, userId: string, assetId: string) => wordAssetDecision(f, decideAsset(f, userId, assetId));
export const explainTicket = (f: Fleet, userId: string, ticketId: string) => wordTicketDecision(f, decideTicket(f, userId, ticketId));
export const projectFeatures = (f: Fleet, userId: string, projectId: string) =>
  wordProjectFeatures(f, decideFeatures(f, userId, projectId));
export const assignableRoles = (f: Fleet, userId: string, targetId?: string | null) =>
  wordAssignableRoles(decideAssignable(f, userId, targetId));
export const invitation = (f: Fleet, userId: string, orgId: string) => wordInvitation(decideInvitation(f, userId, orgId));
export const lint = (snapshot: Snapshot, fleet?: () => Fleet) => wordLint(decideLint(snapshot, fleet));
