// The one place a data-source request is parsed: checked against its zod schema, defaults applied, and refused
// with a message naming the field. Both hosts go through it: the background's message handler (request-handler.ts)
// and the widget, which mounts validatedSource(new DirectSource(…)). DirectSource itself trusts its requests.
import { AsOfRequestSchema, DATA_SOURCE_REQUESTS } from './requests';
import { DATA_SOURCE_METHOD_NAMES, type DataSourceMethod } from './methods';
import type { DataSource, ParsedRequestOf, ParsedSource, ResponseOf } from './data-source';

export class DataSourceRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataSourceRequestError';
  }
}

/** `request` checked for `method`, defaults applied; a bad one throws DataSourceRequestError naming the field. */
export function parseRequest<M extends DataSourceMethod>(method: M, request: unknown): ParsedRequestOf<M> {
  const parsed = DATA_SOURCE_REQUESTS[method].safeParse(request ?? {});
  // `asOf` belongs to every method, so it is parsed here once rather than in each method's schema.
  const raw = request !== null && typeof request === 'object' ? (request as { asOf?: unknown }).asOf : undefined;
  const asOf = AsOfRequestSchema.safeParse(raw);
  const issues = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`)),
    ...(asOf.success ? [] : asOf.error.issues.map((i) => `asOf: ${i.message} (got ${JSON.stringify(raw)}; e.g. 2026-11-28T14:02:00Z)`)),
  ];
  if (!parsed.success || !asOf.success) throw new DataSourceRequestError(`bad ${method} request — ${issues.join('; ')}`);
  return { ...(parsed.data as object), asOf: asOf.data } as ParsedRequestOf<M>;
}

/**
 * Parses `request` and has `source` answer it (a bad request rejects; the source never sees it). Not async on
 * purpose: the answer's promise is handed back as is, so a wrapped call settles as soon as the source's own does.
 */
export function answerParsed<M extends DataSourceMethod>(source: ParsedSource, method: M, request: unknown): Promise<ResponseOf<M>> {
  let parsed: ParsedRequestOf<M>;
  try {
    parsed = parseRequest(method, request);
  } catch (err) {
    return Promise.reject(err);
  }
  const call: (request: ParsedRequestOf<M>) => Promise<ResponseOf<M>> = source.calls[method];
  return call(parsed);
}

/** The DataSource a panel reads: every call parsed once, then answered by `source`. */
export function validatedSource(source: ParsedSource): DataSource {
  const calls = Object.fromEntries(DATA_SOURCE_METHOD_NAMES.map((m) => [m, (request: unknown) => answerParsed(source, m, request)]));
  return { ...calls, subscribe: (listener) => source.subscribe(listener) } as DataSource;
}
