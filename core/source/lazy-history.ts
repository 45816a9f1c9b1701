// The history a DirectSource answers "as of" and the history methods from (issue 18) can be far larger than
// anything the first answer needs (64 MB by default), so a host may hand the source a loader instead of the
// history itself: it is read on the first request that needs it, once, and kept until new data replaces it.
import type { History } from '../model/history';

/** The history of changes the source answers "as of" and the history methods from, and how the host keeps it. */
export interface SourceHistory {
  history: History;
  /** The cache's size of it (absent: it came with a snapshot file). */
  bytes?: number | null;
  /** The retention the host keeps it to (days, megabytes). */
  retention?: { days: number; megabytes: number } | null;
}

/** Reads the history when a request first needs it (null: there is none yet). */
export type HistoryLoader = () => Promise<SourceHistory | null>;

/** The history as given, or how to read it. */
export type HistorySupply = SourceHistory | null | HistoryLoader;

/**
 * One source's history: given, or read through its loader on first need. A supply set while a read is under way
 * (new data arrived) wins: the read's result belongs to the data before and is dropped, and the new supply is read.
 * A read that fails is tried again by the next request.
 */
export class LazyHistory {
  private value: SourceHistory | null | undefined = undefined;
  private loader: HistoryLoader | null = null;
  private loading: Promise<SourceHistory | null> | null = null;
  /** Moves with every set(): tells a read that finished whether it still belongs to the current data. */
  private epoch = 0;

  constructor(supply: HistorySupply) {
    this.set(supply);
  }

  set(supply: HistorySupply): void {
    this.epoch++;
    this.loading = null;
    if (typeof supply === 'function') {
      this.loader = supply;
      this.value = undefined;
    } else {
      this.loader = null;
      this.value = supply;
    }
  }

  /** Whether the history is in memory already (a loader that has not run yet: false). */
  get loaded(): boolean {
    return this.value !== undefined;
  }

  async get(): Promise<SourceHistory | null> {
    for (;;) {
      if (this.value !== undefined) return this.value;
      const epoch = this.epoch;
      const loading = (this.loading ??= this.loader!());
      let value: SourceHistory | null;
      try {
        value = await loading;
      } catch (error) {
        if (this.loading === loading) this.loading = null;
        throw error;
      }
      if (epoch === this.epoch) {
        this.value = value;
        this.loading = null;
        return value;
      }
    }
  }
}
