// The shape of every wording table: one entry per engine code, so the compiler keeps each table complete.

/** A wording per code of a discriminated union, each entry given its own variant. */
export type WordsFor<T extends { code: string }> = { [K in T['code']]: (x: Extract<T, { code: K }>) => string };

/** Words a value by its own code (TypeScript cannot pair a union's variant with its table entry by itself). */
export function wordBy<T extends { code: string }>(table: WordsFor<T>, x: T): string {
  return (table[x.code as T['code']] as (x: T) => string)(x);
}
