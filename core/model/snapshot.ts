// The snapshot of SPEC §1: one JSON document with everything the engine needs. These zod schemas are the source
// of truth for the types (z.infer), for the CLI's input, for the export, and (record by record) for the cache.
import { z } from 'zod';
import { AUDIENCES, DEFAULT_SYSTEM_ROLES, ORG_TYPES, USER_STATUSES } from './catalog';
import { COLLECTION_NAMES, type CollectionName } from './collections';
import { HistorySchema } from './history';

const Id = z.string().min(1, 'must be a non-empty id');

/**
 * Memberships have no id: the cache and the sync feed key them `userId|projectId` (core/api/contract.ts
 * recordKey). With a `|` in the user id two different memberships could share a key ("a|b" in "c" and "a" in
 * "b|c"), and one would silently replace the other. One rule for every reader (CLI, import, sync): here.
 */
export const MEMBERSHIP_KEY_SEPARATOR = '|';
const MembershipUserId = Id.refine((id) => !id.includes(MEMBERSHIP_KEY_SEPARATOR), {
  message: 'a membership\'s user id must not contain "|" (it separates user and project in the membership\'s key)',
});

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * SPEC §7: an RFC 3339 date-time with a time zone (`Z` or an offset; `T` and `Z` in either case) naming a real
 * instant, seconds 00–59 (no leap second: the platform's clocks do not produce one, and it has no instant of its own).
 */
export function isRfc3339DateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days) return false;
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return false;
  return true;
}

/** Milliseconds since the epoch of a valid `createdAt` (either letter case), NaN otherwise. */
export const instantOf = (dateTime: string): number => (isRfc3339DateTime(dateTime) ? Date.parse(dateTime.toUpperCase()) : Number.NaN);

/** Read/write pair used by functions and tags; write is never granted without read (SPEC R2). */
const withReadForWrite = <T extends z.ZodObject<{ read: z.ZodBoolean; write: z.ZodBoolean }>>(schema: T) =>
  schema.refine((p) => !p.write || p.read, { message: 'write without read', path: ['write'] });

export const OrganizationSchema = z.object({
  id: Id,
  name: z.string(),
  type: z.enum(ORG_TYPES),
  parentId: Id.nullable(),
});

export const SiteSchema = z.object({ id: Id, name: z.string(), organizationId: Id });

export const SystemRoleSchema = z.object({
  id: Id,
  name: z.string(),
  level: z.number().int().min(0),
  audience: z.enum(AUDIENCES),
  orgTypes: z.array(z.enum(ORG_TYPES)),
  // SPEC §7: permission ids the default catalog lacks are kept and ignored (the platform may add permissions).
  permissions: z.array(Id),
});

export const UserScopeSchema = z.object({
  organizationIds: z.array(Id).optional(),
  siteIds: z.array(Id).optional(),
});

export const UserSchema = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  organizationId: Id,
  systemRoleId: Id.nullable(),
  status: z.enum(USER_STATUSES),
  invitedBy: Id.nullable(),
  requestedRoleId: Id.optional(),
  createdAt: z
    .string()
    .refine(isRfc3339DateTime, 'must be an RFC 3339 date-time with a time zone, e.g. 2026-01-31T09:30:00Z (seconds 00–59)')
    .optional(),
  scope: UserScopeSchema.optional(),
});

export const ProjectSchema = z.object({ id: Id, name: z.string() });

export const AccessPairSchema = withReadForWrite(z.object({ read: z.boolean(), write: z.boolean() }));

export const TagGrantSchema = withReadForWrite(z.object({ tag: z.string().min(1), read: z.boolean(), write: z.boolean() }));

export const FeatureGroupSettingSchema = z.object({
  enabled: z.boolean(),
  functions: z.record(z.string(), AccessPairSchema).default({}),
});

export const LocationSchema = z.object({ lat: z.number(), lng: z.number(), zoom: z.number() });

export const ProjectRoleSchema = z.object({
  id: Id,
  name: z.string(),
  location: LocationSchema.nullable(),
  expertMode: z.boolean(),
  fullAccessUntagged: z.boolean(),
  tags: z.array(TagGrantSchema),
  features: z.record(z.string(), FeatureGroupSettingSchema),
});

export const MembershipSchema = z.object({ userId: MembershipUserId, projectId: Id, projectRoleId: Id });

export const AssetSchema = z.object({ id: Id, name: z.string(), projectId: Id, siteId: Id, tags: z.array(z.string().min(1)) });

export const TicketSchema = z.object({
  id: Id,
  title: z.string(),
  projectId: Id,
  assetId: Id.nullable(),
  assigneeId: Id.nullable(),
});

/** One schema per collection, in the order of COLLECTION_NAMES. */
export const COLLECTION_SCHEMAS = {
  organizations: OrganizationSchema,
  sites: SiteSchema,
  systemRoles: SystemRoleSchema,
  users: UserSchema,
  projects: ProjectSchema,
  projectRoles: ProjectRoleSchema,
  memberships: MembershipSchema,
  assets: AssetSchema,
  tickets: TicketSchema,
} as const satisfies Record<CollectionName, z.ZodType>;
export { COLLECTION_NAMES, type CollectionName };

export const SnapshotSchema = z
  .object({
    version: z.literal(1),
    organizations: z.array(OrganizationSchema).default([]),
    sites: z.array(SiteSchema).default([]),
    systemRoles: z.array(SystemRoleSchema).optional(),
    users: z.array(UserSchema).default([]),
    projects: z.array(ProjectSchema).default([]),
    projectRoles: z.array(ProjectRoleSchema).default([]),
    memberships: z.array(MembershipSchema).default([]),
    assets: z.array(AssetSchema).default([]),
    tickets: z.array(TicketSchema).default([]),
    // Issue 18: optional changes over time (docs/SNAPSHOT-HISTORY.md); without it the snapshot reads as SPEC §1 says.
    // Its records are checked against their collection's schema in validate.ts (parseSnapshot), naming the entry.
    history: HistorySchema.optional(),
  })
  .superRefine((s, ctx) => {
    // A user has at most one project role per project.
    const seen = new Map<string, number>();
    s.memberships.forEach((m, i) => {
      const key = `${m.userId}\u0000${m.projectId}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else
        ctx.addIssue({
          code: 'custom',
          path: ['memberships', i, 'projectId'],
          message: `second membership of user "${m.userId}" in project "${m.projectId}" (first is memberships[${first}])`,
        });
    });
  });

export type Organization = z.infer<typeof OrganizationSchema>;
export type Site = z.infer<typeof SiteSchema>;
export type SystemRole = z.infer<typeof SystemRoleSchema>;
export type User = z.infer<typeof UserSchema>;
export type Project = z.infer<typeof ProjectSchema>;
export type ProjectRole = z.infer<typeof ProjectRoleSchema>;
export type Membership = z.infer<typeof MembershipSchema>;
export type Asset = z.infer<typeof AssetSchema>;
export type Ticket = z.infer<typeof TicketSchema>;
export type Snapshot = z.infer<typeof SnapshotSchema>;
/** What a caller may hand to parseSnapshot: collections may be missing. */
export type SnapshotInput = z.input<typeof SnapshotSchema>;

/** The system-role catalog in force: the snapshot's own when present, else the default of SPEC §2. */
export function systemRolesOf(snapshot: Pick<Snapshot, 'systemRoles'>): SystemRole[] {
  return snapshot.systemRoles ?? DEFAULT_SYSTEM_ROLES.map((r) => ({ ...r, orgTypes: [...r.orgTypes], permissions: [...r.permissions] }));
}
