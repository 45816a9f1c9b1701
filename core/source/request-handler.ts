// The receiving end of a remote data source: validates a request that crossed a process boundary against its zod
// schema, then calls the real source (a DirectSource in the background). Transport-free: the shell wires it to
// extension messages.
import { DATA_SOURCE_METHODS, type DataSourceMethod } from './schema';
import type { DataSource } from './data-source';

export class DataSourceRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataSourceRequestError';
  }
}

export function isDataSourceMethod(name: unknown): name is DataSourceMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(DATA_SOURCE_METHODS, name);
}

/** Validates `request` for `method` and answers it from `source`; a bad request is rejected with a message naming the field. */
export async function handleDataSourceRequest(source: DataSource, method: unknown, request: unknown): Promise<unknown> {
  if (!isDataSourceMethod(method)) throw new DataSourceRequestError(`unknown data-source method ${JSON.stringify(method)}`);
  const parsed = DATA_SOURCE_METHODS[method].request.safeParse(request ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ');
    throw new DataSourceRequestError(`bad ${method} request — ${detail}`);
  }
  const call = source[method] as (req: unknown) => Promise<unknown>;
  return call.call(source, parsed.data);
}
