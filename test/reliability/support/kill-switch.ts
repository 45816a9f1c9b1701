// Ways to stop the sync the way a browser stops an MV3 service worker: the run's AbortSignal fires (the worker is
// going away) and, for a stop in the middle of a commit, the IndexedDB transaction dies with it. In Node the latter
// is a Dexie DBCore middleware on the doomed connection that fails the N-th write of a transaction after it is
// armed, which makes Dexie abort that transaction, exactly what IndexedDB does when its context is torn down.
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import type { CacheDb } from '../../../core/cache/db';

export class WorkerStopped extends Error {
  constructor(readonly how: string) {
    super(`service worker stopped (${how})`);
  }
}

export interface KillSwitch {
  /** Fail the `nth` write (1 = the first) issued after now, and fire `controller`. */
  armCommitKill(nth: number): void;
  /** Whether an armed commit kill has fired. */
  readonly fired: boolean;
}

/** Installs the middleware on `db` (before it opens). `controller` is the run's AbortController. */
export function installKillSwitch(db: CacheDb, controller: () => AbortController): KillSwitch {
  let countdown = 0;
  let fired = false;
  const middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'reliability-kill-switch',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req: DBCoreMutateRequest) => {
            if (countdown > 0 && --countdown === 0) {
              fired = true;
              const stop = new WorkerStopped(`mid-commit, at a ${req.type} of ${name}`);
              controller().abort(stop);
              return Promise.reject(stop);
            }
            return table.mutate(req);
          },
        };
      },
    }),
  };
  db.use(middleware);
  return {
    armCommitKill(nth) {
      countdown = nth;
    },
    get fired() {
      return fired;
    },
  };
}
