// Limits shared by the panel and the source without pulling zod into the content script.
/** Ids in one assetEffects request (requests.ts enforces the same number). */
export const MAX_EFFECT_IDS_LIMIT = 5000;
/** Rows in one page of a list. */
export const MAX_PAGE_ROWS_LIMIT = 1000;
/** Asset ids listed per group of a timeline or compare-then answer (its count is always whole). */
export const MAX_HISTORY_ASSET_IDS = 20;
/**
 * Rows the panel's asset list asks for at a time. The list shows about a dozen rows, and a cold worker builds each
 * row's deciding step on unoptimized code (~0.1 ms a row): 50 rows fill four screens without 150 rows nobody sees
 * holding up the first ones (the benchmark's cold page asks for the same).
 */
export const ASSET_LIST_BLOCK = 50;
