// The panel's views, in tab order: the one list the panel renders its tabs, its default tab per kind of page and its
// stylesheet from. A new view is a descriptor in its own file (components/views/view.ts) and one line here.
import { whoView } from './WhoView';
import { rolesView } from './AssignableRolesView';
import { projectView } from './ProjectView';
import { assetsView } from './AssetsView';
import { ticketsView } from './TicketsView';
import { compareView } from './CompareView';
import { supportView } from './SupportView';
import { overlayView } from './OverlayView';
import { verifyView } from './VerifyView';
import { inviteView } from './InviteView';
import { roleImpactView } from './RoleImpactView';
import { syncView } from './SyncView';
import { historyView } from './HistoryView';

export const VIEWS = [
  whoView,
  rolesView,
  projectView,
  assetsView,
  ticketsView,
  compareView,
  supportView,
  overlayView,
  verifyView,
  inviteView,
  roleImpactView,
  historyView,
  syncView,
] as const;

export type TabId = (typeof VIEWS)[number]['id'];

/** The views' own rules, after the shared ones, for the panel's one shadow-root stylesheet. */
export const VIEWS_CSS = VIEWS.map((v) => v.css ?? '').join('');
