/**
 * Commands whose contract files (roll, party, proxy, issue, count, round) were still empty when these
 * screens were written call through here with the shape the screen expects; each page names the
 * shape it reads. Once an area's contract lands, its page moves to the typed `api.call`.
 */
import { api, type CallOptions, type Result } from './api';

export function callLoose<T>(command: string, input: unknown, opts: CallOptions = {}): Promise<Result<T>> {
  return (api.call as unknown as (c: string, i: unknown, o: CallOptions) => Promise<Result<T>>)(command, input, opts);
}
