// The snapshot of SPEC §1: one JSON document with everything the engine needs. These zod schemas are the source
// of truth for the types (z.infer), for the CLI's input, for the export, and (record by record) for the cache.
import { z } from 'zod';
import { AUDIENCES, DEFAULT_SYSTEM_ROLES, ORG_TYPES, PERMISSION_IDS, USER_STATUSES } from './catalog';
import { COLLECTION_NAMES, type CollectionName } from './collections';

const Id = z.string().min(1, 'must be a non-empty id');

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
  permissions: z.array(z.enum(PERMISSION_IDS)),
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
  createdAt: z.iso.datetime({ offset: true }).optional(),
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

export const MembershipSchema = z.object({ userId: Id, projectId: Id, projectRoleId: Id });

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
export type UserScope = z.infer<typeof UserScopeSchema>;
export type User = z.infer<typeof UserSchema>;
export type Project = z.infer<typeof ProjectSchema>;
export type AccessPair = z.infer<typeof AccessPairSchema>;
export type TagGrant = z.infer<typeof TagGrantSchema>;
export type FeatureGroupSetting = z.infer<typeof FeatureGroupSettingSchema>;
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

export function emptySnapshot(): Snapshot {
  return { version: 1, organizations: [], sites: [], users: [], projects: [], projectRoles: [], memberships: [], assets: [], tickets: [] };
}
