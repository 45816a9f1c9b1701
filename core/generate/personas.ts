// Named people with stable ids that every generated fleet contains: the demo's sign-in list, the README's examples
// and the end-to-end tests refer to them. All of them work in the first customer center's region.
import type { UserStatus } from '../model/catalog';

export interface Persona {
  id: string;
  name: string;
  /** What the persona is for, shown on the demo's sign-in page. */
  story: string;
  systemRoleId: string | null;
  status: UserStatus;
  org: 'global' | 'productCompany' | 'customerCenter' | 'distributor' | 'customer';
  customerIndex?: number;
  requestedRoleId?: string;
  createdAt: string;
  /** Project index within the home region, and the project role held there. */
  memberships: { projectIndex: number; projectRoleId: string }[];
}

export const PERSONAS: Persona[] = [
  {
    id: 'u-gina-admin',
    name: 'Gina Albers',
    story: 'Global Admin: sees everything',
    systemRoleId: 'globalAdmin',
    status: 'active',
    org: 'global',
    createdAt: '2023-01-09T08:00:00.000Z',
    memberships: [],
  },
  {
    id: 'u-sam-support',
    name: 'Sam Okafor',
    story: "Support engineer (global diagnostics) who inspects customers' access",
    systemRoleId: 'globalDiagnosticEngineer',
    status: 'active',
    org: 'global',
    createdAt: '2023-02-14T08:00:00.000Z',
    memberships: [{ projectIndex: 0, projectRoleId: 'pr-fleet-manager' }],
  },
  {
    id: 'u-pia-pc',
    name: 'Pia Lindqvist',
    story: 'PC Internal engineer at the product company',
    systemRoleId: 'pcInternal',
    status: 'active',
    org: 'productCompany',
    createdAt: '2023-03-01T08:00:00.000Z',
    memberships: [{ projectIndex: 0, projectRoleId: 'pr-integration' }],
  },
  {
    id: 'u-quinn-qm',
    name: 'Quinn Dubois',
    story: 'Quote Manager (Internal Admin CC): verifies self-registrations',
    systemRoleId: 'internalAdminCC',
    status: 'active',
    org: 'customerCenter',
    createdAt: '2023-04-03T08:00:00.000Z',
    memberships: [
      { projectIndex: 0, projectRoleId: 'pr-project-admin' },
      { projectIndex: 1, projectRoleId: 'pr-project-admin' },
    ],
  },
  {
    id: 'u-oscar-ops',
    name: 'Oscar Janssens',
    story: 'Customer Center Operations',
    systemRoleId: 'customerCenterOperations',
    status: 'active',
    org: 'customerCenter',
    createdAt: '2023-05-10T08:00:00.000Z',
    memberships: [{ projectIndex: 0, projectRoleId: 'pr-fleet-manager' }],
  },
  {
    id: 'u-tara-tech',
    name: 'Tara Visser',
    story: 'Technician whose role only reads some asset kinds',
    systemRoleId: 'technician',
    status: 'active',
    org: 'customerCenter',
    createdAt: '2023-06-12T08:00:00.000Z',
    memberships: [{ projectIndex: 0, projectRoleId: 'pr-service-tech' }],
  },
  {
    id: 'u-eli-expert',
    name: 'Eli Moreau',
    story: 'Remote expert: expert mode shows tickets of assets he cannot see',
    systemRoleId: 'localDiagnosticEngineer',
    status: 'active',
    org: 'customerCenter',
    createdAt: '2023-07-20T08:00:00.000Z',
    memberships: [{ projectIndex: 0, projectRoleId: 'pr-remote-expert' }],
  },
  {
    id: 'u-sven-sales',
    name: 'Sven de Groot',
    story: 'Internal Sales CC: qualifies leads, sees dashboards only',
    systemRoleId: 'internalSalesCC',
    status: 'active',
    org: 'customerCenter',
    createdAt: '2023-08-08T08:00:00.000Z',
    memberships: [{ projectIndex: 0, projectRoleId: 'pr-dashboard-only' }],
  },
  {
    id: 'u-dirk-dist',
    name: 'Dirk Maes',
    story: "Distributor who manages his own customers' users",
    systemRoleId: 'distributor',
    status: 'active',
    org: 'distributor',
    createdAt: '2023-09-18T08:00:00.000Z',
    memberships: [{ projectIndex: 0, projectRoleId: 'pr-site-lead' }],
  },
  {
    id: 'u-dana-disttech',
    name: 'Dana Willems',
    story: 'Distributor Technician: service information only',
    systemRoleId: 'distributorTechnician',
    status: 'active',
    org: 'distributor',
    createdAt: '2023-10-02T08:00:00.000Z',
    memberships: [{ projectIndex: 0, projectRoleId: 'pr-contractor' }],
  },
  {
    id: 'u-cora-customer',
    name: 'Cora Hendriks',
    story: "Customer with a viewer role on her company's machines",
    systemRoleId: 'customer',
    status: 'active',
    org: 'customer',
    customerIndex: 0,
    createdAt: '2024-01-15T08:00:00.000Z',
    memberships: [{ projectIndex: 0, projectRoleId: 'pr-viewer' }],
  },
  {
    id: 'u-felix-disabled',
    name: 'Felix Brandt',
    story: 'A disabled account: sees nothing',
    systemRoleId: 'technician',
    status: 'disabled',
    org: 'customerCenter',
    createdAt: '2023-11-11T08:00:00.000Z',
    memberships: [{ projectIndex: 0, projectRoleId: 'pr-service-tech' }],
  },
  {
    id: 'u-rita-registrant',
    name: 'Rita Novak',
    story: 'Self-registered customer waiting for a Quote Manager',
    systemRoleId: null,
    status: 'pendingVerification',
    org: 'customer',
    customerIndex: 1,
    requestedRoleId: 'customer',
    createdAt: '2026-10-28T09:30:00.000Z',
    memberships: [],
  },
  {
    id: 'u-ravi-registrant',
    name: 'Ravi Shah',
    story: 'Self-registrant who asked for a role a Quote Manager cannot give',
    systemRoleId: null,
    status: 'pendingVerification',
    org: 'customer',
    customerIndex: 2,
    requestedRoleId: 'internalAdminCC',
    createdAt: '2026-11-02T14:10:00.000Z',
    memberships: [],
  },
];
