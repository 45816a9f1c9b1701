import { defineConfig } from 'wxt';

// The panel is Preact; JSX is compiled by tsconfig's jsxImportSource, so no Vite plugin is needed.
export default defineConfig({
  srcDir: '.',
  outDir: '.output',
  webExt: { disabled: true },
  manifest: {
    name: 'Access Inspector',
    description: 'Why a Smartlink user can or cannot see and do things.',
    permissions: ['storage', 'alarms'],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
  },
});
