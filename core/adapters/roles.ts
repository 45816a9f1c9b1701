import { PAGE_PROJECT, SIGNED_IN_USER } from './common';
import type { PageAdapter, RoleEditorReads } from './types';

/** The project-role editor's form (demo/pages/roles.ts, demo/PAGES.md). */
export const ROLE_EDITOR: RoleEditorReads = {
  form: 'form[data-ai-role-form]',
  versionAttr: 'data-ai-role-version',
  newAttr: 'data-ai-role-new',
  fieldAttr: 'data-ai-role-field',
  groupAttr: 'data-ai-role-group',
  functionAttr: 'data-ai-role-function',
  accessAttr: 'data-ai-role-access',
  tagRow: '[data-ai-role-tag-row]',
  tagName: '[data-ai-role-tag-name]',
  tagAccessAttr: 'data-ai-role-tag-access',
  tagRemove: '[data-ai-role-tag-remove]',
};

/** Engineering → Roles, one role: the editor (also "Create a new project role", with an empty role id). */
export const roleAdapter: PageAdapter = {
  id: 'role',
  urlPattern: '/engineering/roles/:roleId',
  pageMarker: 'role',
  reads: {
    userId: SIGNED_IN_USER,
    projectId: PAGE_PROJECT,
    projectRoleId: [{ selector: '[data-ai-role-id]', attr: 'data-ai-role-id' }, { urlParam: 'roleId' }],
  },
  roleEditor: ROLE_EDITOR,
};

/** Engineering → Roles: the list of project roles. */
export const rolesAdapter: PageAdapter = {
  id: 'roles',
  urlPattern: '/engineering/roles',
  pageMarker: 'roles',
  reads: { userId: SIGNED_IN_USER, projectId: PAGE_PROJECT },
};
