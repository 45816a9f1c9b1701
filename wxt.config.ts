import { defineConfig } from 'wxt';

// The panel is Preact; JSX is compiled by tsconfig's jsxImportSource, so no Vite plugin is needed.
//
// Permissions, and why each is there (the manifest asks only for what the code uses):
// - storage: settings, the launcher's position; alarms: the periodic sync (no timers in the background).
// - scripting: the content script is registered at runtime, for exactly the platform origin the user configured
//   and granted (entrypoints/background/content-registration.ts), so the manifest carries no host permissions and
//   no static content_scripts.
// - optional_host_permissions: what the options page may *request* for the configured platform URL. Any https
//   origin, and plain http only on loopback (the demo platform and local testing).
export default defineConfig({
  srcDir: '.',
  outDir: '.output',
  // Explicit imports everywhere: auto-imports would scan components/ (owned by the panel) into globals.
  imports: false,
  // One manifest version for both browsers: Firefox MV3 has optional_host_permissions and scripting.
  manifestVersion: 3,
  webExt: { disabled: true },
  // `npm run zip:firefox` also writes the sources zip AMO asks for: what rebuilds the add-on (`npm ci && npm run
  // zip:firefox`) and nothing else — no tests, demo, benchmarks, CLI, widget or screenshots.
  zip: {
    includeSources: [
      'entrypoints/**',
      'components/**',
      'core/**',
      'public/**',
      'wxt.config.ts',
      'tsconfig.json',
      'package.json',
      'package-lock.json',
      'README.md',
      'PRIVACY.md',
    ],
    // core/generate builds demo fleets (demo, tests, benchmarks); the extension never imports it.
    excludeSources: ['core/generate/**'],
  },
  manifest: ({ browser }) => ({
    name: 'Access Inspector',
    description: 'Why a Smartlink user can or cannot see and do things.',
    permissions: ['storage', 'alarms', 'scripting'],
    optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'],
    commands: {
      'toggle-panel': {
        suggested_key: { default: 'Alt+Shift+A' },
        description: 'Open or close the Access Inspector panel',
      },
    },
    action: { default_title: 'Access Inspector' },
    // Firefox: data_collection_permissions (AMO requires it of new add-ons) is read from Firefox 140 on desktop and
    // 142 on Android; an older minimum would install where the declaration is ignored (addons-linter warns).
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'access-inspector@smartlink.example',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
