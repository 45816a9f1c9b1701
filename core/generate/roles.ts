// Project-role archetypes for generated fleets. Together they use every switch, tag restrictions with and without
// write, untagged full access on and off, and expert mode — so every rule has something to show in the demo.
import { FEATURE_GROUPS, type FeatureGroupId } from '../model/catalog';
import type { ProjectRole } from '../model/snapshot';

type Level = 'r' | 'rw' | 'off';
/** A group level for all its functions, or per function. A group listed with 'off' is present but disabled. */
type FeatureSpec = Partial<Record<FeatureGroupId, Level | Record<string, Level>>>;

export function buildFeatures(spec: FeatureSpec): ProjectRole['features'] {
  const features: ProjectRole['features'] = {};
  for (const group of FEATURE_GROUPS) {
    const s = spec[group.id];
    if (s === undefined) continue;
    const functions: Record<string, { read: boolean; write: boolean }> = {};
    for (const fn of group.functions) {
      const level = typeof s === 'string' ? s : s[fn.id];
      if (level === undefined) continue;
      functions[fn.id] = { read: level !== 'off', write: level === 'rw' };
    }
    features[group.id] = { enabled: s !== 'off', functions };
  }
  return features;
}

export interface RoleArchetype {
  key: string;
  name: string;
  expertMode: boolean;
  fullAccessUntagged: boolean;
  /** How the role restricts tags: none, or grants drawn from these pools. */
  tags: 'none' | { pool: 'kind' | 'status' | 'line'; count: number; write: boolean };
  features: FeatureSpec;
  /** Whether external (customer/distributor) users may be given it. */
  external: boolean;
}

export const ROLE_ARCHETYPES: RoleArchetype[] = [
  {
    key: 'viewer',
    name: 'Viewer',
    expertMode: false,
    fullAccessUntagged: false,
    tags: 'none',
    external: true,
    features: { dashboards: 'r', alarms: 'r', tickets: 'r', assets: 'r', mapAndFloor: 'r' },
  },
  {
    key: 'service-tech',
    name: 'Service Technician',
    expertMode: false,
    fullAccessUntagged: true,
    tags: { pool: 'kind', count: 2, write: true },
    external: false,
    features: { dashboards: 'r', alarms: 'rw', tickets: 'rw', assets: 'rw', digitalTwin: 'r', ar: 'rw', mapAndFloor: 'r' },
  },
  {
    key: 'energy-auditor',
    name: 'Energy Auditor',
    expertMode: false,
    fullAccessUntagged: false,
    tags: { pool: 'status', count: 2, write: false },
    external: true,
    features: { dashboards: 'rw', analyticsReports: 'rw', assets: 'r', smartView: 'r', tickets: 'off' },
  },
  {
    key: 'fleet-manager',
    name: 'Fleet Manager',
    expertMode: false,
    fullAccessUntagged: false,
    tags: 'none',
    external: true,
    features: {
      dashboards: 'rw',
      alarms: 'rw',
      tickets: 'rw',
      rules: 'rw',
      assets: 'rw',
      analyticsReports: 'r',
      smartView: 'rw',
      mapAndFloor: 'rw',
      bim: 'r',
      digitalTwin: 'r',
    },
  },
  {
    key: 'integration',
    name: 'Integration Engineer',
    expertMode: false,
    fullAccessUntagged: true,
    tags: { pool: 'line', count: 3, write: true },
    external: false,
    features: {
      connection: 'rw',
      rules: 'rw',
      assets: 'r',
      engineering: { scriptEngine: 'rw', assetEditor: 'rw', escalation: 'r' },
      dashboards: 'r',
    },
  },
  {
    key: 'remote-expert',
    name: 'Remote Expert',
    expertMode: true,
    fullAccessUntagged: false,
    tags: { pool: 'line', count: 2, write: false },
    external: false,
    features: { tickets: 'rw', assets: 'r', alarms: 'r', ar: 'rw', digitalTwin: 'rw', dashboards: 'r' },
  },
  {
    key: 'project-admin',
    name: 'Project Admin',
    expertMode: true,
    fullAccessUntagged: false,
    tags: 'none',
    external: false,
    features: {
      dashboards: 'rw',
      alarms: 'rw',
      tickets: 'rw',
      rules: 'rw',
      assets: 'rw',
      analyticsReports: 'rw',
      smartView: 'rw',
      mapAndFloor: 'rw',
      bim: 'rw',
      digitalTwin: 'rw',
      connection: 'rw',
      engineering: 'rw',
      ar: 'rw',
    },
  },
  {
    key: 'contractor',
    name: 'Contractor',
    expertMode: false,
    fullAccessUntagged: false,
    tags: { pool: 'status', count: 1, write: true },
    external: true,
    features: { assets: { assets: 'rw' }, alarms: { alarms: 'r' }, tickets: 'rw', ar: 'r' },
  },
  {
    key: 'dashboard-only',
    name: 'Dashboard Only',
    expertMode: false,
    fullAccessUntagged: false,
    tags: 'none',
    external: true,
    features: { dashboards: 'r', assets: 'off', analyticsReports: { reports: 'r' } },
  },
  {
    key: 'site-lead',
    name: 'Site Lead',
    expertMode: false,
    fullAccessUntagged: true,
    tags: { pool: 'kind', count: 3, write: false },
    external: true,
    features: { dashboards: 'rw', alarms: 'rw', tickets: 'rw', assets: 'rw', engineering: { usersInOtherLists: 'r' }, smartView: 'r' },
  },
];
