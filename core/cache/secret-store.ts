// The API key's home: an IndexedDB database of the extension's own origin, which only the extension's pages and its
// service worker can open. storage.local is readable by content scripts too (both Chrome and Firefox expose it to
// them, and Firefox lets only storage.session be restricted to trusted contexts), so a compromised content script
// or renderer of a platform page could read a key kept there; a content script runs in the page's origin and sees
// the page's IndexedDB, never this one. storage.local keeps only what is not secret (the platform URL, the interval).
import { Dexie, type DexieOptions, type Table } from 'dexie';

export const SECRET_DB_NAME = 'access-inspector-secrets';

interface SecretRow {
  name: 'apiKey';
  value: string;
  /** The key this one replaced, kept until the next save: the background compares them to know a new key came. */
  previous: string | null;
  /** The save that stored it (the `savedAt` of the settings in storage.local); null for a key moved from there. */
  savedAt: string | null;
}

export class SecretStore extends Dexie {
  secrets!: Table<SecretRow, string>;

  constructor(name: string = SECRET_DB_NAME, options: Pick<DexieOptions, 'indexedDB' | 'IDBKeyRange'> = {}) {
    super(name, options);
    this.version(1).stores({ secrets: 'name' });
  }

  async apiKey(): Promise<string | null> {
    return (await this.secrets.get('apiKey'))?.value ?? null;
  }

  /** The key before the save stamped `savedAt` (the current key when that save did not store one). */
  async apiKeyBefore(savedAt: unknown): Promise<string | null> {
    const row = await this.secrets.get('apiKey');
    if (!row) return null;
    return typeof savedAt === 'string' && row.savedAt === savedAt ? row.previous : row.value;
  }

  /** Stores the key of the save stamped `savedAt`. */
  async setApiKey(value: string, savedAt: string | null): Promise<void> {
    await this.transaction('rw', this.secrets, async () => {
      const old = await this.secrets.get('apiKey');
      await this.secrets.put({ name: 'apiKey', value, previous: old?.value ?? null, savedAt });
    });
  }

  async forget(): Promise<void> {
    await this.secrets.clear();
  }
}
