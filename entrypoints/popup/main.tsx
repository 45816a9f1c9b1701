// Popup: how fresh the cache is (data as of, counts, errors) and a button that opens the panel on the active tab.
import '../../core/model/zod-jitless';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { messenger, type ExtensionState } from '../../components/messaging/protocol';
import './style.css';

const COUNT_LABELS: Array<[string, string]> = [
  ['users', 'Users'],
  ['organizations', 'Organizations'],
  ['sites', 'Sites'],
  ['projects', 'Projects'],
  ['projectRoles', 'Project roles'],
  ['assets', 'Assets'],
  ['tickets', 'Tickets'],
  ['quarantined', 'Refused records'],
];

function formatTime(iso: string | null): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

function Popup() {
  const [state, setState] = useState<ExtensionState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [panelNote, setPanelNote] = useState<string | null>(null);

  const load = () =>
    messenger
      .sendMessage('extensionState', undefined)
      .then(setState, (e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));

  useEffect(() => {
    void load();
    // The background pushes nothing to the popup; a short poll keeps "syncing…" honest while it is open.
    const id = window.setInterval(() => void load(), 1000);
    return () => window.clearInterval(id);
  }, []);

  async function openPanel() {
    setPanelNote(null);
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return setPanelNote('No active tab.');
    try {
      await messenger.sendMessage('togglePanel', { open: true }, tab.id);
      window.close();
    } catch {
      setPanelNote(
        state?.origin
          ? `Open a page of ${state.origin} first (reload it if it was already open).`
          : 'Set the platform URL in the options first.',
      );
    }
  }

  async function syncNow() {
    await messenger.sendMessage('refresh', {});
    void load();
  }

  if (problem) return <p class="error">Background not reachable: {problem}</p>;
  if (!state) return <p class="muted">Loading…</p>;

  const { status } = state;
  return (
    <div>
      <header>
        <h1>Access Inspector</h1>
        <span class={`state state-${status.state}`} id="sync-state">
          {status.state === 'syncing' ? 'syncing…' : status.state}
        </span>
      </header>
      {!state.configured ? (
        <p class="warn">
          Not set up yet.{' '}
          <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
            Open the options
          </a>{' '}
          to connect a platform.
        </p>
      ) : (
        <p class="muted">
          {state.origin}
          {state.hostAccess ? '' : ' — access not granted'}
        </p>
      )}
      <dl class="facts">
        <dt>Data as of</dt>
        <dd id="data-as-of">{formatTime(status.dataAsOf)}</dd>
        {status.progress ? (
          <>
            <dt>Progress</dt>
            <dd>
              {status.progress.done.toLocaleString()}
              {status.progress.total !== null ? ` of ~${status.progress.total.toLocaleString()}` : ''} records
            </dd>
          </>
        ) : null}
      </dl>
      <table class="counts" id="counts">
        <tbody>
          {COUNT_LABELS.filter(([key]) => key in state.counts).map(([key, label]) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td data-count={key}>{(state.counts[key] ?? 0).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {status.errors.length > 0 ? (
        <ul class="errors" id="sync-errors">
          {status.errors.map((e, i) => (
            <li key={i}>{e.message}</li>
          ))}
        </ul>
      ) : null}
      <div class="actions">
        <button type="button" id="open-panel" onClick={() => void openPanel()}>
          Open panel on this tab
        </button>
        <button type="button" id="sync-now" class="secondary" onClick={() => void syncNow()} disabled={!state.configured}>
          Sync now
        </button>
      </div>
      {panelNote ? (
        <p class="warn" role="status">
          {panelNote}
        </p>
      ) : null}
    </div>
  );
}

render(<Popup />, document.getElementById('app')!);
