// Rows of a long list fetched block by block as they scroll into view, so no message carries more than one block.
export interface RowPage<T> {
  total: number;
  rows: T[];
}

export class PagedRows<T> {
  private readonly blocks = new Map<number, T[]>();
  private readonly pending = new Set<number>();
  total: number | null = null;
  error: string | null = null;
  private closed = false;

  constructor(
    private readonly fetchPage: (offset: number, limit: number) => Promise<RowPage<T>>,
    private readonly blockSize: number,
    private readonly onUpdate: () => void,
  ) {}

  row(index: number): T | undefined {
    return this.blocks.get(Math.floor(index / this.blockSize))?.[index % this.blockSize];
  }

  /** Fetches the blocks covering rows first..last that are neither loaded nor on their way. */
  ensure(first: number, last: number): void {
    for (let b = Math.floor(first / this.blockSize); b <= Math.floor(last / this.blockSize); b++) {
      if (this.blocks.has(b) || this.pending.has(b)) continue;
      this.pending.add(b);
      this.fetchPage(b * this.blockSize, this.blockSize).then(
        (page) => {
          if (this.closed) return;
          this.pending.delete(b);
          this.blocks.set(b, page.rows);
          this.total = page.total;
          this.onUpdate();
        },
        (err: unknown) => {
          if (this.closed) return;
          this.pending.delete(b);
          this.error = err instanceof Error ? err.message : String(err);
          this.onUpdate();
        },
      );
    }
  }

  /** Answers that arrive after this are dropped (the question changed). */
  close(): void {
    this.closed = true;
  }
}
