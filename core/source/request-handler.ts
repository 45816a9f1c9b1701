// The receiving end of a remote data source: a request that crossed a process boundary names its method as data,
// so the name is checked first; then it goes through the one validated wrapper to the real source (a DirectSource
// in the background). Transport-free: the shell wires it to extension messages.
import { DATA_SOURCE_METHOD_NAMES, type DataSourceMethod } from './methods';
import type { ParsedSource } from './data-source';
import { answerParsed, DataSourceRequestError } from './validated-source';

export function isDataSourceMethod(name: unknown): name is DataSourceMethod {
  return (DATA_SOURCE_METHOD_NAMES as readonly unknown[]).includes(name);
}

/** Validates `request` for `method` and answers it from `source`; a bad request is rejected with a message naming the field. */
export async function handleDataSourceRequest(source: ParsedSource, method: unknown, request: unknown): Promise<unknown> {
  if (!isDataSourceMethod(method)) throw new DataSourceRequestError(`unknown data-source method ${JSON.stringify(method)}`);
  return answerParsed(source, method, request);
}
