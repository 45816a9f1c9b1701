// What the signed-in user sees on the demo pages. The rules live in the engine (core/engine); this module asks it
// and caches the answers per user until the data changes, so paging a 1,000,000-asset fleet stays cheap.
import type { Asset, Organization, Project, Site, SystemRole, Ticket, User } from '../core/model/snapshot';
import type { FeedStore } from './store';

export type AssetEffect = 'hidden' | 'read' | 'full';

export interface TicketView {
  ticket: Ticket;
  effect: 'visible' | 'redacted';
  /** null: no asset, or redacted. */
  assetName: string | null;
  /** null: no assignee, or the name is hidden from this user (then `assigneeHidden`). */
  assigneeName: string | null;
  assigneeHidden: boolean;
}

export interface MenuItem {
  groupId: string;
  label: string;
  visible: boolean;
}

export interface FunctionAccess {
  id: string;
  label: string;
  read: boolean;
  write: boolean;
}

export interface Registrant {
  user: User;
  suggestedRoleId: string | null;
  allowedRoleIds: string[];
}

export interface RoleChoice {
  roleId: string;
  allowed: boolean;
  reasons: string[];
}

export interface UserView {
  user: User;
  systemRole: SystemRole | null;
  /** Non-hidden assets in snapshot order. */
  visibleAssets(): readonly Asset[];
  assetEffect(assetId: string): AssetEffect;
  /** Non-hidden tickets in snapshot order. */
  tickets(): readonly TicketView[];
  /** Projects where the user has a project role (all projects for a Global Admin). */
  projects(): readonly Project[];
  menu(projectId: string | null): MenuItem[];
  functions(projectId: string | null): FunctionAccess[];
  canManageUsers: boolean;
  /** Users whose organization lies in this user's scope (empty without manageUsers). */
  manageableUsers(): readonly User[];
  registrationQueue(): readonly Registrant[];
  assignableRoles(targetId: string): RoleChoice[];
}

/** Look-ups the pages need, rebuilt when the data changes. */
export class Lookups {
  readonly sites: Map<string, Site>;
  readonly orgs: Map<string, Organization>;
  readonly projects: Map<string, Project>;
  readonly users: Map<string, User>;

  constructor(store: FeedStore) {
    const s = store.snapshot();
    this.sites = new Map(s.sites.map((x) => [x.id, x]));
    this.orgs = new Map(s.organizations.map((x) => [x.id, x]));
    this.projects = new Map(s.projects.map((x) => [x.id, x]));
    this.users = new Map(s.users.map((x) => [x.id, x]));
  }

  orgOfAsset(a: Asset): Organization | undefined {
    const site = this.sites.get(a.siteId);
    return site && this.orgs.get(site.organizationId);
  }
}

/** Caches derived views; any change to the store drops them. */
export class Views {
  private lookups: Lookups | null = null;
  private readonly perUser = new Map<string, UserView>();
  private readonly memos = new Map<string, unknown>();

  constructor(
    readonly store: FeedStore,
    private readonly build: (store: FeedStore, user: User) => UserView,
  ) {
    store.onChange(() => {
      this.lookups = null;
      this.perUser.clear();
      this.memos.clear();
    });
  }

  look(): Lookups {
    return (this.lookups ??= new Lookups(this.store));
  }

  /** A derived value kept until the data changes (e.g. one user's filtered fleet, for cheap paging). */
  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = compute();
    if (this.memos.size > 64) this.memos.delete(this.memos.keys().next().value!);
    this.memos.set(key, value);
    return value;
  }

  of(user: User): UserView {
    let v = this.perUser.get(user.id);
    if (!v) {
      v = this.build(this.store, user);
      if (this.perUser.size > 32) this.perUser.clear();
      this.perUser.set(user.id, v);
    }
    return v;
  }
}
