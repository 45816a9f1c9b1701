// A deterministic (seeded) generator of believable Smartlink fleets: the CLI's examples, the benchmarks, the demo
// platform and the tests all draw from it. Same options, same snapshot, byte for byte.
import { DEFAULT_SYSTEM_ROLES, type OrgType } from '../model/catalog';
import type { Asset, Membership, Organization, Project, ProjectRole, Site, Snapshot, Ticket, User } from '../model/snapshot';
import { createRandom, type Random } from './random';
import {
  COMPANY_FORMS,
  CUSTOMER_INDUSTRIES,
  CUSTOMER_PREFIXES,
  DISTRIBUTOR_SUFFIXES,
  FIRST_NAMES,
  KIND_TAGS,
  LAST_NAMES,
  MODELS,
  PRODUCT_COMPANIES,
  PROJECT_THEMES,
  REGIONS,
  SITE_KINDS,
  STATUS_TAGS,
  TICKET_TITLES,
  TRAIT_TAGS,
} from './names';
import { ROLE_ARCHETYPES, buildFeatures, type RoleArchetype } from './roles';
import { PERSONAS, type Persona } from './personas';

export interface FleetOptions {
  seed?: number;
  assets?: number;
  /** Distinct tags in the dictionary (default assets / 100, at least 30). */
  tags?: number;
  projectRoles?: number;
  users?: number;
  projects?: number;
  tickets?: number;
}

export interface FleetSizes {
  seed: number;
  assets: number;
  tags: number;
  projectRoles: number;
  users: number;
  projects: number;
  tickets: number;
  customerCenters: number;
  customers: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** Sizes grow with the fleet: at 100,000 assets, 1,000 tags, 200 project roles, 5,000 users. */
export function fleetSizes(opts: FleetOptions = {}): FleetSizes {
  const assets = Math.max(0, Math.floor(opts.assets ?? 2000));
  const customerCenters = clamp(Math.round(Math.sqrt(assets) / 6), 3, REGIONS.length);
  return {
    seed: opts.seed ?? 1,
    assets,
    tags: opts.tags ?? Math.max(30, Math.round(assets / 100)),
    projectRoles: opts.projectRoles ?? Math.max(ROLE_ARCHETYPES.length, Math.round(assets / 500)),
    users: opts.users ?? Math.max(PERSONAS.length + 30, Math.round(assets / 20)),
    projects: opts.projects ?? clamp(Math.round(assets / 1000), customerCenters, 1000),
    tickets: opts.tickets ?? Math.round(assets / 10),
    customerCenters,
    customers: Math.max(customerCenters * 2, Math.round(assets / 40)),
  };
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const pad = (n: number, w: number) => String(n).padStart(w, '0');

interface Region {
  cc: Organization;
  regionIndex: number;
  distributors: Organization[];
  customers: Organization[];
  projects: Project[];
}

export function generateFleet(opts: FleetOptions = {}): Snapshot {
  const sizes = fleetSizes(opts);
  const rng = createRandom(sizes.seed);

  // Organizations: global → product companies → customer centers → distributors → customers.
  const organizations: Organization[] = [{ id: 'org-global', name: 'Smartlink Global', type: 'global', parentId: null }];
  for (const pc of PRODUCT_COMPANIES) organizations.push({ id: pc.id, name: pc.name, type: 'productCompany', parentId: 'org-global' });
  const regions: Region[] = [];
  for (let i = 0; i < sizes.customerCenters; i++) {
    const r = REGIONS[i];
    const parent = PRODUCT_COMPANIES[i % 5 === 4 ? 1 : i % 7 === 6 ? 2 : 0];
    const cc: Organization = { id: `org-cc-${slug(r.name)}`, name: `CC ${r.name}`, type: 'customerCenter', parentId: parent.id };
    organizations.push(cc);
    const distributors: Organization[] = [];
    const nd = 1 + (i % 3);
    for (let d = 0; d < nd; d++) {
      const org: Organization = {
        id: `${cc.id}-dist-${d + 1}`,
        name: `${r.name} ${DISTRIBUTOR_SUFFIXES[(i + d) % DISTRIBUTOR_SUFFIXES.length]}`,
        type: 'distributor',
        parentId: cc.id,
      };
      organizations.push(org);
      distributors.push(org);
    }
    regions.push({ cc, regionIndex: i, distributors, customers: [], projects: [] });
  }

  // Customers hang under their customer center, or under one of its distributors.
  for (let c = 0; c < sizes.customers; c++) {
    const region = regions[c % regions.length];
    const parent = rng.chance(0.3) ? rng.pick(region.distributors) : region.cc;
    const name = `${rng.pick(CUSTOMER_PREFIXES)} ${rng.pick(CUSTOMER_INDUSTRIES)} ${rng.pick(COMPANY_FORMS)}`;
    const org: Organization = { id: `org-cust-${pad(c + 1, 5)}`, name, type: 'customer', parentId: parent.id };
    organizations.push(org);
    region.customers.push(org);
  }

  // Projects belong to a customer center's region; each customer's assets go to one project of its region.
  const projects: Project[] = [];
  for (let p = 0; p < sizes.projects; p++) {
    const region = regions[p % regions.length];
    const theme = PROJECT_THEMES[Math.floor(p / regions.length) % PROJECT_THEMES.length];
    const round = Math.floor(p / (regions.length * PROJECT_THEMES.length));
    const project: Project = {
      id: `prj-${pad(p + 1, 4)}`,
      name: `${REGIONS[region.regionIndex].name} – ${theme}${round ? ` ${round + 1}` : ''}`,
    };
    projects.push(project);
    region.projects.push(project);
  }

  // Sites: one to three per customer, in the region's cities.
  const sites: Site[] = [];
  const siteProject: string[] = [];
  for (const region of regions) {
    const cities = REGIONS[region.regionIndex].cities;
    region.customers.forEach((customer, ci) => {
      const project = region.projects[ci % region.projects.length];
      const n = rng.int(1, 3);
      for (let s = 0; s < n; s++) {
        sites.push({
          id: `site-${pad(sites.length + 1, 6)}`,
          name: `${customer.name.split(' ')[0]} ${rng.pick(cities)} ${rng.pick(SITE_KINDS)}`,
          organizationId: customer.id,
        });
        siteProject.push(project.id);
      }
    });
  }

  // Tags: kinds, traits and statuses first (they carry meaning), then production lines to reach the wanted count.
  const semanticTags = [...KIND_TAGS, ...TRAIT_TAGS, ...STATUS_TAGS];
  const lineTags: string[] = [];
  for (let t = 0; lineTags.length + semanticTags.length < sizes.tags; t++) lineTags.push(`line-${pad(t + 1, 4)}`);

  const assets: Asset[] = new Array(sizes.assets);
  for (let a = 0; a < sizes.assets; a++) {
    const siteIndex = sites.length ? rng.int(0, sites.length - 1) : 0;
    const m = MODELS[rng.int(0, MODELS.length - 1)];
    const tags: string[] = [];
    if (!rng.chance(0.1)) {
      if (rng.chance(0.85)) tags.push(m.kind);
      for (const trait of m.traits) if (rng.chance(0.7)) tags.push(trait);
      if (rng.chance(0.35)) tags.push(STATUS_TAGS[rng.int(0, STATUS_TAGS.length - 1)]);
      if (lineTags.length && rng.chance(0.6)) tags.push(lineTags[rng.int(0, lineTags.length - 1)]);
      if (tags.length === 0) tags.push(m.kind);
    }
    assets[a] = {
      id: `ast-${pad(a + 1, 7)}`,
      name: `${m.model} · ${String.fromCharCode(65 + (a % 26))}${String.fromCharCode(65 + ((a >> 3) % 26))}I ${pad((a * 7919) % 1000000, 6)}`,
      projectId: siteProject[siteIndex] ?? projects[0]?.id ?? 'prj-0001',
      siteId: sites[siteIndex]?.id ?? 'site-000001',
      tags,
    };
  }

  const projectRoles = generateProjectRoles(rng, sizes.projectRoles, regions, lineTags);
  const { users, memberships } = generateUsers(rng, sizes, regions, organizations, projects, projectRoles);
  const tickets = generateTickets(rng, sizes.tickets, assets, projects, memberships);

  return { version: 1, organizations, sites, users, projects, projectRoles, memberships, assets, tickets };
}

function generateProjectRoles(rng: Random, count: number, regions: Region[], lineTags: string[]): ProjectRole[] {
  const roles: ProjectRole[] = [];
  for (let i = 0; i < count; i++) {
    const arch = ROLE_ARCHETYPES[i % ROLE_ARCHETYPES.length];
    const round = Math.floor(i / ROLE_ARCHETYPES.length);
    const region = REGIONS[regions[i % regions.length].regionIndex];
    const tags = tagGrants(rng, arch, lineTags);
    roles.push({
      // The first round keeps stable ids (pr-viewer, pr-service-tech, …) that personas and docs refer to.
      id: round === 0 ? `pr-${arch.key}` : `pr-${arch.key}-${round + 1}`,
      name: round === 0 ? arch.name : `${arch.name} – ${tags.length ? tags.map((t) => t.tag).join(', ') : region.name}`,
      location: rng.chance(0.8) ? { lat: region.lat, lng: region.lng, zoom: rng.int(5, 12) } : null,
      expertMode: arch.expertMode,
      fullAccessUntagged: arch.fullAccessUntagged,
      tags,
      features: buildFeatures(arch.features),
    });
  }
  return roles;
}

function tagGrants(rng: Random, arch: RoleArchetype, lineTags: string[]): ProjectRole['tags'] {
  if (arch.tags === 'none') return [];
  const pool = arch.tags.pool === 'kind' ? KIND_TAGS : arch.tags.pool === 'status' ? STATUS_TAGS : lineTags.length ? lineTags : TRAIT_TAGS;
  const write = arch.tags.write;
  return rng.sample(pool, arch.tags.count).map((tag) => ({ tag, read: true, write: write && rng.chance(0.8) }));
}

const ROLE_WEIGHTS: [string, number][] = [
  ['globalAdmin', 1],
  ['pcInternal', 3],
  ['globalDiagnosticEngineer', 2],
  ['internalAdminCC', 3],
  ['customerCenterOperations', 8],
  ['localDiagnosticEngineer', 4],
  ['internalSalesCC', 4],
  ['technician', 14],
  ['distributor', 6],
  ['distributorTechnician', 10],
  ['customer', 45],
];
const ROLE_WEIGHT_TOTAL = ROLE_WEIGHTS.reduce((s, [, w]) => s + w, 0);

function pickSystemRole(rng: Random): string {
  let x = rng.next() * ROLE_WEIGHT_TOTAL;
  for (const [id, w] of ROLE_WEIGHTS) if ((x -= w) < 0) return id;
  return 'customer';
}

function isoDate(rng: Random): string {
  const start = Date.UTC(2023, 0, 1);
  const end = Date.UTC(2026, 10, 1);
  return new Date(start + Math.floor((rng.next() * (end - start)) / 1000) * 1000).toISOString();
}

/** Appends to the key's list (a copy per append made a 1M fleet's users quadratic: 20 s instead of 3). */
function addTo<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

function generateUsers(
  rng: Random,
  sizes: FleetSizes,
  regions: Region[],
  organizations: Organization[],
  projects: Project[],
  roles: ProjectRole[],
): { users: User[]; memberships: Membership[] } {
  const users: User[] = [];
  const memberships: Membership[] = [];
  const byType = new Map<OrgType, Organization[]>();
  for (const o of organizations) addTo(byType, o.type, o);
  const regionOf = new Map<string, Region>();
  for (const r of regions) {
    regionOf.set(r.cc.id, r);
    for (const o of [...r.distributors, ...r.customers]) regionOf.set(o.id, r);
  }
  const externalRoles = roles.filter((r) => ROLE_ARCHETYPES.find((a) => r.id.startsWith(`pr-${a.key}`))?.external);
  const emailsSeen = new Map<string, number>();
  const email = (first: string, last: string, org: Organization) => {
    const base = `${slug(first)}.${slug(last)}`.replace(/-/g, '');
    const n = (emailsSeen.get(base) ?? 0) + 1;
    emailsSeen.set(base, n);
    return `${base}${n > 1 ? n : ''}@${slug(org.name.split(' ').slice(0, 2).join(' '))}.example`;
  };
  const roleById = new Map<string, (typeof DEFAULT_SYSTEM_ROLES)[number]>(DEFAULT_SYSTEM_ROLES.map((r) => [r.id, r]));
  const managersByOrg = new Map<string, string[]>();

  for (const persona of PERSONAS) {
    const org = resolvePersonaOrg(persona, regions);
    users.push({
      id: persona.id,
      name: persona.name,
      email: email(persona.name.split(' ')[0], persona.name.split(' ').slice(1).join(' '), org),
      organizationId: org.id,
      systemRoleId: persona.systemRoleId,
      status: persona.status,
      invitedBy: null,
      ...(persona.requestedRoleId ? { requestedRoleId: persona.requestedRoleId } : {}),
      createdAt: persona.createdAt,
    });
    for (const m of persona.memberships) {
      const region = regionOf.get(org.id) ?? regions[0];
      const project = region.projects[m.projectIndex % region.projects.length];
      // Small fleets have one project a region: a persona never gets two roles in one project.
      if (project && !memberships.some((x) => x.userId === persona.id && x.projectId === project.id))
        memberships.push({ userId: persona.id, projectId: project.id, projectRoleId: m.projectRoleId });
    }
  }

  for (let u = users.length; u < sizes.users; u++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const id = `usr-${pad(u + 1, 6)}`;
    const roll = rng.next();
    const pending = roll < 0.04;
    const systemRoleId = pending ? null : pickSystemRole(rng);
    const role = systemRoleId ? roleById.get(systemRoleId)! : null;
    // A few users sit in an organization their role is not meant for: lint has something real to find.
    const orgType: OrgType = pending ? 'customer' : rng.chance(0.005) ? rng.pick(['customer', 'distributor'] as const) : role!.orgTypes[0];
    const org = rng.pick(byType.get(orgType) ?? organizations);
    const status = pending ? 'pendingVerification' : roll < 0.08 ? 'disabled' : 'active';
    const managers = managersByOrg.get(org.id);
    const user: User = {
      id,
      name: `${first} ${last}`,
      email: email(first, last, org),
      organizationId: org.id,
      systemRoleId,
      status,
      invitedBy: !pending && managers && rng.chance(0.6) ? rng.pick(managers) : null,
      createdAt: isoDate(rng),
    };
    if (pending && rng.chance(0.6))
      user.requestedRoleId = rng.chance(0.8) ? 'customer' : rng.pick(['distributorTechnician', 'internalAdminCC']);
    const region = regionOf.get(org.id);
    if (region && org.type === 'customerCenter' && rng.chance(0.12) && region.customers.length > 1) {
      user.scope = rng.chance(0.6)
        ? { organizationIds: rng.sample(region.customers, rng.int(1, 3)).map((c) => c.id) }
        : { organizationIds: [org.id], siteIds: [] };
    }
    users.push(user);
    if (role?.permissions.includes('manageUsers' as never) && status === 'active') addTo(managersByOrg, org.id, id);

    if (pending || systemRoleId === 'globalAdmin') continue;
    const candidates = region ? region.projects : projects;
    const external = role?.audience === 'external';
    const n = candidates.length ? rng.int(1, Math.min(3, candidates.length)) : 0;
    for (const project of rng.sample(candidates, n)) {
      const projectRole = external ? rng.pick(externalRoles.length ? externalRoles : roles) : rng.pick(roles);
      memberships.push({ userId: id, projectId: project.id, projectRoleId: projectRole.id });
    }
  }
  return { users, memberships };
}

function resolvePersonaOrg(persona: Persona, regions: Region[]): Organization {
  const home = regions[0];
  switch (persona.org) {
    case 'global':
      return { id: 'org-global', name: 'Smartlink Global', type: 'global', parentId: null };
    case 'productCompany':
      return { id: PRODUCT_COMPANIES[0].id, name: PRODUCT_COMPANIES[0].name, type: 'productCompany', parentId: 'org-global' };
    case 'customerCenter':
      return home.cc;
    case 'distributor':
      return home.distributors[0];
    case 'customer':
      return home.customers[persona.customerIndex ?? 0] ?? home.customers[0];
  }
}

function generateTickets(rng: Random, count: number, assets: Asset[], projects: Project[], memberships: Membership[]): Ticket[] {
  const members = new Map<string, string[]>();
  for (const m of memberships) addTo(members, m.projectId, m.userId);
  const tickets: Ticket[] = [];
  for (let t = 0; t < count && projects.length; t++) {
    const asset = assets.length && rng.chance(0.85) ? assets[rng.int(0, assets.length - 1)] : null;
    const projectId = asset ? asset.projectId : rng.pick(projects).id;
    const team = members.get(projectId);
    tickets.push({
      id: `tkt-${pad(t + 1, 6)}`,
      // Titles never repeat the asset's name: a redacted ticket must be able to show its title.
      title: rng.pick(TICKET_TITLES),
      projectId,
      assetId: asset?.id ?? null,
      assigneeId: team && rng.chance(0.8) ? rng.pick(team) : null,
    });
  }
  return tickets;
}
