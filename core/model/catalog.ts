// The default catalogs of SPEC §2, as data. A snapshot's own `systemRoles` replaces DEFAULT_SYSTEM_ROLES entirely;
// the feature catalog is the platform's fixed menu structure.

export const PERMISSION_IDS = [
  'manageUsers',
  'manageResources',
  'manageOrganizations',
  'addMachineToSite',
  'manageUnassignedDevices',
  'internalUser',
  'manageEnergyParameters',
  'registerSmartclamp',
  'manageFleet',
  'sendAllNotifications',
  'canBeAssignedToCustomer',
  'canManageSpmThresholds',
  'canSeeDiagnostics',
  'runningHoursOverview',
] as const;
export type PermissionId = (typeof PERMISSION_IDS)[number];

export const PERMISSION_LABELS: Record<PermissionId, string> = {
  manageUsers: 'Manage users',
  manageResources: 'Manage resources',
  manageOrganizations: 'Manage organizations (add, edit, delete)',
  addMachineToSite: 'Add machine to site',
  manageUnassignedDevices: 'Manage unassigned devices',
  internalUser: 'Internal user',
  manageEnergyParameters: 'Manage energy parameters',
  registerSmartclamp: 'Register Smartclamp',
  manageFleet: 'Manage fleet',
  sendAllNotifications: 'Send all notifications',
  canBeAssignedToCustomer: 'Can be assigned to a customer',
  canManageSpmThresholds: 'Can manage SPM thresholds',
  canSeeDiagnostics: 'Can see diagnostics',
  runningHoursOverview: 'Running hours overview',
};

export const ORG_TYPES = ['global', 'productCompany', 'customerCenter', 'distributor', 'customer'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export const AUDIENCES = ['internal', 'external'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const USER_STATUSES = ['active', 'pendingVerification', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Seed letters are kept so support engineers can match the platform's role editor ([H], [H1], …). */
export const FEATURE_GROUPS = [
  {
    id: 'dashboards',
    label: 'Dashboards',
    letter: 'H',
    functions: [
      { id: 'dashboards', label: 'Dashboards', letter: 'H1' },
      { id: 'widgets', label: 'Widgets', letter: 'H2' },
    ],
  },
  {
    id: 'alarms',
    label: 'Alarms',
    letter: 'I',
    functions: [
      { id: 'alarms', label: 'Alarms', letter: 'I1' },
      { id: 'alarmHistory', label: 'Alarm History', letter: 'I2' },
    ],
  },
  { id: 'tickets', label: 'Tickets', letter: 'J', functions: [{ id: 'augmentedReality', label: 'Augmented Reality', letter: 'J1' }] },
  { id: 'rules', label: 'Rules', letter: 'K', functions: [{ id: 'assetEditor', label: 'Asset Editor', letter: 'K1' }] },
  { id: 'assets', label: 'Assets', letter: 'L', functions: [{ id: 'assets', label: 'Assets', letter: 'L1' }] },
  {
    id: 'analyticsReports',
    label: 'Analytics and Reports',
    letter: 'M',
    functions: [
      { id: 'analytics', label: 'Analytics', letter: 'M1' },
      { id: 'reports', label: 'Reports', letter: 'M2' },
    ],
  },
  { id: 'smartView', label: 'Smart View', letter: 'N', functions: [{ id: 'views', label: 'Views', letter: 'N1' }] },
  { id: 'mapAndFloor', label: 'Map and Floor', letter: 'O', functions: [{ id: 'mapAndFloor', label: 'Map and Floor', letter: 'O1' }] },
  { id: 'bim', label: 'BIM', letter: 'P', functions: [{ id: 'bim', label: 'BIM', letter: 'P1' }] },
  { id: 'digitalTwin', label: 'Digital Twin', letter: 'Q', functions: [{ id: 'digitalTwin', label: 'Digital Twin', letter: 'Q1' }] },
  {
    id: 'connection',
    label: 'Connection',
    letter: 'R',
    functions: [
      { id: 'mqtt', label: 'MQTT', letter: 'R1' },
      { id: 'webhook', label: 'Webhook', letter: 'R2' },
      { id: 'restful', label: 'RESTful', letter: 'R3' },
      { id: 'kafka', label: 'Kafka', letter: 'R4' },
      { id: 'opcUa', label: 'OPC UA', letter: 'R5' },
      { id: 'legacy', label: 'Legacy', letter: 'R6' },
      { id: 'pki', label: 'PKI', letter: 'R7' },
      { id: 'node', label: 'Node', letter: 'R8' },
    ],
  },
  {
    id: 'engineering',
    label: 'Engineering',
    letter: 'S',
    functions: [
      { id: 'usersInOtherLists', label: 'Users in other lists', letter: 'S1' },
      { id: 'escalation', label: 'Escalation', letter: 'S2' },
      { id: 'scriptEngine', label: 'Script Engine', letter: 'S3' },
      { id: 'assetEditor', label: 'Asset Editor', letter: 'S4' },
    ],
  },
  { id: 'ar', label: 'AR', letter: 'T', functions: [{ id: 'smartAssist', label: 'Smart Assist', letter: 'T1' }] },
] as const;

export type FeatureGroupId = (typeof FEATURE_GROUPS)[number]['id'];
export const FEATURE_GROUP_IDS = FEATURE_GROUPS.map((g) => g.id) as FeatureGroupId[];

/** Every function as `groupId.functionId`, in catalog order. */
export const FUNCTION_IDS: string[] = FEATURE_GROUPS.flatMap((g) => g.functions.map((f) => `${g.id}.${f.id}`));

export function functionsOf(groupId: string): readonly { id: string; label: string; letter: string }[] {
  return FEATURE_GROUPS.find((g) => g.id === groupId)?.functions ?? [];
}

const ALL_PERMISSIONS = [...PERMISSION_IDS];
const allBut = (...except: PermissionId[]): PermissionId[] => ALL_PERMISSIONS.filter((p) => !except.includes(p));

/** The default system-role catalog (SPEC §2). Permissions are inferred from the seed's role descriptions. */
export const DEFAULT_SYSTEM_ROLES = [
  {
    id: 'globalAdmin',
    name: 'Global Admin',
    level: 0,
    audience: 'internal',
    orgTypes: ['global'],
    permissions: allBut('canBeAssignedToCustomer'),
  },
  {
    id: 'pcInternal',
    name: 'PC Internal',
    level: 1,
    audience: 'internal',
    orgTypes: ['productCompany'],
    permissions: ['addMachineToSite', 'manageUnassignedDevices', 'internalUser', 'canManageSpmThresholds', 'runningHoursOverview'],
  },
  {
    id: 'globalDiagnosticEngineer',
    name: 'Global diagnostic engineer',
    level: 1,
    audience: 'internal',
    orgTypes: ['global'],
    permissions: ['internalUser', 'canSeeDiagnostics', 'runningHoursOverview'],
  },
  {
    id: 'internalAdminCC',
    name: 'Internal Admin CC (Quote Manager)',
    level: 2,
    audience: 'internal',
    orgTypes: ['customerCenter'],
    permissions: allBut('canBeAssignedToCustomer', 'canSeeDiagnostics'),
  },
  {
    id: 'customerCenterOperations',
    name: 'Customer Center Operations',
    level: 3,
    audience: 'internal',
    orgTypes: ['customerCenter'],
    permissions: [
      'manageResources',
      'addMachineToSite',
      'manageUnassignedDevices',
      'internalUser',
      'manageEnergyParameters',
      'registerSmartclamp',
      'manageFleet',
      'canManageSpmThresholds',
      'runningHoursOverview',
    ],
  },
  {
    id: 'localDiagnosticEngineer',
    name: 'Local diagnostic engineer',
    level: 3,
    audience: 'internal',
    orgTypes: ['customerCenter'],
    permissions: ['internalUser', 'canSeeDiagnostics', 'runningHoursOverview'],
  },
  {
    id: 'internalSalesCC',
    name: 'Internal Sales CC',
    level: 3,
    audience: 'internal',
    orgTypes: ['customerCenter'],
    permissions: ['internalUser', 'runningHoursOverview'],
  },
  {
    id: 'technician',
    name: 'Technician',
    level: 3,
    audience: 'internal',
    orgTypes: ['customerCenter'],
    permissions: ['internalUser', 'addMachineToSite', 'registerSmartclamp', 'canManageSpmThresholds', 'runningHoursOverview'],
  },
  {
    id: 'distributor',
    name: 'Distributor',
    level: 4,
    audience: 'external',
    orgTypes: ['distributor'],
    permissions: [
      'manageUsers',
      'manageResources',
      'addMachineToSite',
      'manageEnergyParameters',
      'registerSmartclamp',
      'manageFleet',
      'canBeAssignedToCustomer',
      'canManageSpmThresholds',
      'runningHoursOverview',
    ],
  },
  {
    id: 'distributorTechnician',
    name: 'Distributor Technician',
    level: 5,
    audience: 'external',
    orgTypes: ['distributor'],
    permissions: ['canBeAssignedToCustomer', 'runningHoursOverview'],
  },
  {
    id: 'customer',
    name: 'Customer',
    level: 5,
    audience: 'external',
    orgTypes: ['customer'],
    permissions: ['canBeAssignedToCustomer', 'runningHoursOverview'],
  },
] as const satisfies readonly {
  id: string;
  name: string;
  level: number;
  audience: Audience;
  orgTypes: readonly OrgType[];
  permissions: readonly PermissionId[];
}[];
