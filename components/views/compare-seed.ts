// What Compare opens on (a flip's "Open as a draft in Compare"): a draft role, or the user holding a stored role in a
// project. A leaf module: the panel model and the views both name it.
import type { ProjectRole } from '../../core/model/snapshot';

export type CompareSeed = { kind: 'draft'; role: ProjectRole } | { kind: 'role'; projectRoleId: string; projectId: string | null };
