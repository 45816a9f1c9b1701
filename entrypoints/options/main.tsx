// Options: the platform base URL, the API key, the sync interval and how much history of changes the cache keeps. Saving asks the browser for host access to
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
import {
  DEFAULT_HISTORY_DAYS,
  DEFAULT_HISTORY_MEGABYTES,
  MAX_HISTORY_DAYS,
  MAX_HISTORY_MEGABYTES,
  MIN_HISTORY_DAYS,
  MIN_HISTORY_MEGABYTES,
} from '../../core/cache/history-retention';
import { loadStoredSettings, saveSettings } from '../../core/messaging/settings-storage';
import { messenger } from '../../components/messaging/protocol';
import { hostPattern } from '../../components/messaging/host-pattern';
import './style.css';
// PRIVACY.md, shipped inside the extension: readable here offline, the same text as the repository's.
import PRIVACY_STATEMENT from '../../PRIVACY.md?raw';

/** The API key's home (the extension origin's IndexedDB: content scripts cannot read it). */
const secrets = new SecretStore();

type Notice = { kind: 'ok' | 'error' | 'pending'; text: string } | null;
type FieldErrors = Partial<Record<'baseUrl' | 'apiKey' | 'syncIntervalMinutes' | 'historyDays' | 'historyMegabytes', string>>;

/** What each number field accepts, said when it is refused. */
const NUMBER_FIELD_RULES: Partial<Record<keyof FieldErrors, string>> = {
  syncIntervalMinutes: `a whole number of minutes from ${MIN_SYNC_MINUTES} to ${MAX_SYNC_MINUTES}`,
  historyDays: `a whole number of days from ${MIN_HISTORY_DAYS} to ${MAX_HISTORY_DAYS}`,
  historyMegabytes: `a whole number of megabytes from ${MIN_HISTORY_MEGABYTES} to ${MAX_HISTORY_MEGABYTES}`,
};

/** An empty number field is left out (its default applies); anything else is checked as a number. */
const numberOrDefault = (text: string) => (text.trim() === '' ? undefined : Number(text));

function parseForm(form: {
  baseUrl: string;
  apiKey: string;
  interval: string;
  historyDays: string;
  historyMegabytes: string;
}): { settings: Settings } | { errors: FieldErrors } {
  const parsed = SettingsSchema.safeParse({
    baseUrl: form.baseUrl,
    apiKey: form.apiKey,
    syncIntervalMinutes: numberOrDefault(form.interval),
    historyDays: numberOrDefault(form.historyDays),
    historyMegabytes: numberOrDefault(form.historyMegabytes),
  });
  if (parsed.success) return { settings: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as keyof FieldErrors;
    errors[field] ??= NUMBER_FIELD_RULES[field] ?? issue.message;
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
  const [historyDays, setHistoryDays] = useState(String(DEFAULT_HISTORY_DAYS));
  const [historyMegabytes, setHistoryMegabytes] = useState(String(DEFAULT_HISTORY_MEGABYTES));
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
      setHistoryDays(String(settings.historyDays ?? DEFAULT_HISTORY_DAYS));
      setHistoryMegabytes(String(settings.historyMegabytes ?? DEFAULT_HISTORY_MEGABYTES));
    });
  }, []);

  const form = { baseUrl, apiKey, interval, historyDays, historyMegabytes };

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
      setTestNotice({
        kind: 'error',
        text: `Access to ${originOf(result.settings.baseUrl)} was not granted, so the extension cannot reach it.`,
      });
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

      <NumberField
        id="interval"
        label="Sync every (minutes)"
        min={MIN_SYNC_MINUTES}
        max={MAX_SYNC_MINUTES}
        value={interval}
        onInput={setIntervalText}
        error={errors.syncIntervalMinutes}
      />

      <fieldset class="history">
        <legend>History of changes</legend>
        <small id="history-help">
          The cache keeps earlier versions of changed records so the panel can answer "as of" a past moment and say which change moved
          someone's access. Older changes, or more than the size below, are dropped at the next sync; the current data is never touched.
        </small>
        <NumberField
          id="historyDays"
          label="Keep changes for (days)"
          min={MIN_HISTORY_DAYS}
          max={MAX_HISTORY_DAYS}
          value={historyDays}
          onInput={setHistoryDays}
          error={errors.historyDays}
          helpId="history-help"
        />
        <NumberField
          id="historyMegabytes"
          label="At most (megabytes)"
          min={MIN_HISTORY_MEGABYTES}
          max={MAX_HISTORY_MEGABYTES}
          value={historyMegabytes}
          onInput={setHistoryMegabytes}
          error={errors.historyMegabytes}
          helpId="history-help"
        />
      </fieldset>

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

/** A whole-number field with its label and its error line; `helpId` names a shared explanation it is described by too. */
function NumberField(props: {
  id: string;
  label: string;
  min: number;
  max: number;
  value: string;
  onInput: (text: string) => void;
  error?: string;
  helpId?: string;
}) {
  const { id, error } = props;
  return (
    <>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={id}
        type="number"
        min={props.min}
        max={props.max}
        step={1}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={props.helpId ? `${props.helpId} ${id}-error` : `${id}-error`}
      />
      <FieldError id={`${id}-error`} text={error} />
    </>
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
