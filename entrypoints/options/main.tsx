// Options: the platform base URL, the API key and the sync interval. Saving asks the browser for host access to
// exactly that origin (the only host the extension ever touches), then tells the background, which registers the
// content script for it and starts a sync. The API key is shown masked and never logged.
import '../../core/model/zod-jitless';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { createApiClient } from '../../core/sync/client';
import {
  DEFAULT_SYNC_MINUTES,
  MAX_SYNC_MINUTES,
  MIN_SYNC_MINUTES,
  SettingsSchema,
  originOf,
  type Settings,
} from '../../core/messaging/settings';
import { SecretStore } from '../../core/cache/secret-store';
import { loadStoredSettings, saveSettings } from '../../core/messaging/settings-storage';
import { messenger } from '../../components/messaging/protocol';
import { hostPattern } from '../../components/messaging/host-pattern';
import './style.css';
// PRIVACY.md, shipped inside the extension: readable here offline, the same text as the repository's.
import PRIVACY_STATEMENT from '../../PRIVACY.md?raw';

/** The API key's home (the extension origin's IndexedDB: content scripts cannot read it). */
const secrets = new SecretStore();

type Notice = { kind: 'ok' | 'error' | 'pending'; text: string } | null;
type FieldErrors = Partial<Record<'baseUrl' | 'apiKey' | 'syncIntervalMinutes', string>>;

function parseForm(form: { baseUrl: string; apiKey: string; interval: string }): { settings: Settings } | { errors: FieldErrors } {
  const parsed = SettingsSchema.safeParse({
    baseUrl: form.baseUrl,
    apiKey: form.apiKey,
    syncIntervalMinutes: form.interval.trim() === '' ? undefined : Number(form.interval),
  });
  if (parsed.success) return { settings: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as keyof FieldErrors;
    errors[field] ??= field === 'syncIntervalMinutes' ? `a whole number of minutes from ${MIN_SYNC_MINUTES} to ${MAX_SYNC_MINUTES}` : issue.message;
  }
  return { errors };
}

/**
 * Asks for host access to the platform origin. Must be the first await of a click handler: browsers only show the
 * prompt during the user's gesture. Resolves true at once when access was already granted.
 */
async function requestHostAccess(baseUrl: string): Promise<boolean> {
  try {
    return await browser.permissions.request({ origins: [hostPattern(originOf(baseUrl))] });
  } catch {
    return false;
  }
}

function Options() {
  const [baseUrl, setBaseUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [interval, setIntervalText] = useState(String(DEFAULT_SYNC_MINUTES));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saveNotice, setSaveNotice] = useState<Notice>(null);
  const [testNotice, setTestNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void loadStoredSettings(browser.storage.local, secrets).then((settings) => {
      if (!settings) return;
      setBaseUrl(settings.baseUrl);
      setApiKey(settings.apiKey);
      setIntervalText(String(settings.syncIntervalMinutes));
    });
  }, []);

  const form = { baseUrl, apiKey, interval };

  async function save(event: Event) {
    event.preventDefault();
    const result = parseForm(form);
    if ('errors' in result) {
      setErrors(result.errors);
      setSaveNotice({ kind: 'error', text: 'Not saved: fix the fields marked below.' });
      return;
    }
    setErrors({});
    const origin = originOf(result.settings.baseUrl);
    setSaveNotice({ kind: 'pending', text: `Asking your browser for access to ${origin}…` });
    const granted = await requestHostAccess(result.settings.baseUrl);
    setBusy(true);
    try {
      await saveSettings(browser.storage.local, secrets, result.settings);
      const state = await messenger.sendMessage('settingsSaved', undefined);
      setSaveNotice(
        granted && state.hostAccess
          ? { kind: 'ok', text: `Saved. Access Inspector runs on ${origin} and is syncing now.` }
          : {
              kind: 'error',
              text: `Saved, but access to ${origin} was not granted: the panel cannot run there or sync. Save again to grant it.`,
            },
      );
    } catch (error) {
      setSaveNotice({ kind: 'error', text: `Could not save: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setBusy(false);
    }
  }

  async function testConnection() {
    const result = parseForm(form);
    if ('errors' in result) {
      setErrors(result.errors);
      setTestNotice({ kind: 'error', text: 'Fix the fields marked below first.' });
      return;
    }
    setErrors({});
    setTestNotice({ kind: 'pending', text: 'Connecting…' });
    const granted = await requestHostAccess(result.settings.baseUrl);
    if (!granted) {
      setTestNotice({ kind: 'error', text: `Access to ${originOf(result.settings.baseUrl)} was not granted, so the extension cannot reach it.` });
      return;
    }
    try {
      const me = await createApiClient({ baseUrl: result.settings.baseUrl, apiKey: result.settings.apiKey }).me();
      const role = me.systemRole ? `, ${me.systemRole.name}` : ', no system role';
      setTestNotice({ kind: 'ok', text: `Connected as ${me.user.name} (${me.user.email})${role}.` });
    } catch (error) {
      setTestNotice({ kind: 'error', text: `Connection failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  return (
    <form onSubmit={save} noValidate>
      <h1>Access Inspector</h1>
      <p class="lead">Connect the extension to your Smartlink platform. It only ever runs on, and talks to, the address you enter here.</p>

      <label for="baseUrl">Platform URL</label>
      <input
        id="baseUrl"
        name="baseUrl"
        type="url"
        placeholder="https://fleet.example.com"
        value={baseUrl}
        onInput={(e) => setBaseUrl(e.currentTarget.value)}
        aria-invalid={errors.baseUrl ? 'true' : undefined}
        aria-describedby="baseUrl-error"
        autoComplete="url"
      />
      <FieldError id="baseUrl-error" text={errors.baseUrl} />

      <label for="apiKey">API key</label>
      <input
        id="apiKey"
        name="apiKey"
        type="password"
        value={apiKey}
        onInput={(e) => setApiKey(e.currentTarget.value)}
        aria-invalid={errors.apiKey ? 'true' : undefined}
        aria-describedby="apiKey-help apiKey-error"
        autoComplete="off"
        spellcheck={false}
      />
      <small id="apiKey-help">Stored only in this browser's extension storage; sent only to the platform URL above.</small>
      <FieldError id="apiKey-error" text={errors.apiKey} />

      <label for="interval">Sync every (minutes)</label>
      <input
        id="interval"
        name="interval"
        type="number"
        min={MIN_SYNC_MINUTES}
        max={MAX_SYNC_MINUTES}
        step={1}
        value={interval}
        onInput={(e) => setIntervalText(e.currentTarget.value)}
        aria-invalid={errors.syncIntervalMinutes ? 'true' : undefined}
        aria-describedby="interval-error"
      />
      <FieldError id="interval-error" text={errors.syncIntervalMinutes} />

      <div class="actions">
        <button type="submit" id="save" disabled={busy}>
          Save
        </button>
        <button type="button" id="test" class="secondary" onClick={() => void testConnection()}>
          Test connection
        </button>
      </div>
      <NoticeLine id="save-status" notice={saveNotice} />
      <NoticeLine id="test-status" notice={testNotice} />
      <details id="privacy">
        <summary>Privacy: what is stored, and where it is sent</summary>
        <pre class="privacy">{PRIVACY_STATEMENT}</pre>
      </details>
    </form>
  );
}

function FieldError({ id, text }: { id: string; text?: string }) {
  return (
    <p id={id} class="field-error" role={text ? 'alert' : undefined}>
      {text ?? ''}
    </p>
  );
}

function NoticeLine({ id, notice }: { id: string; notice: Notice }) {
  return (
    <p id={id} class={`notice ${notice?.kind ?? ''}`} role="status" data-kind={notice?.kind ?? ''}>
      {notice?.text ?? ''}
    </p>
  );
}

render(<Options />, document.getElementById('app')!);
