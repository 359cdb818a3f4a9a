/** Registration tests: a real station in a temp dir, a clock the test moves, and a few people. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandInput, CommandName, CommandOutput } from '../../../shared/contract.js';
import { makeIdNumber } from '../../../shared/rules/index.js';
import { openStation, type Station } from '../../../electron/station/index.js';

const dirs: string[] = [];
const stations: Station[] = [];

export const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures', 'roll');
/** Equal to scripts/make-roll-fixtures.ts. */
export const ELECTION_DATE = '2026-03-15';

export interface Env {
  s: Station;
  dir: string;
  /** Local time of the next command, e.g. '2026-03-15T09:42'. */
  setNow(local: string): void;
}

export function cleanup(): void {
  for (const s of stations.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function ok<C extends CommandName>(s: Station, command: C, input: CommandInput<C>): CommandOutput<C> {
  const r = s.run(command, input);
  if (!r.ok) throw new Error(`${command} refused: ${r.error.code} ${r.error.message}`);
  return r.value;
}

export function refused(s: Station, command: string, input: unknown): { code: string; message: string } {
  const r = s.call(command, input);
  if (r.ok) throw new Error(`${command} unexpectedly succeeded: ${JSON.stringify(r.value).slice(0, 300)}`);
  return r.error;
}

export function election(kind: 'villagers_committee' | 'party_branch' | 'residents_committee' = 'villagers_committee', rules?: Record<string, unknown>, profile?: string): Env {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'station-reg-'));
  dirs.push(dir);
  let now = new Date('2026-02-01T09:00:00');
  const s = openStation(dir, { backups: false, now: () => now });
  stations.push(s);
  ok(s, 'election.create', {
    kind,
    village: '青山村',
    township: '清河镇',
    electionDate: ELECTION_DATE,
    drill: false,
    ...(rules ? { rulesOverrides: rules } : {}),
    ...(profile ? { profile } : {}),
  });
  return { s, dir, setNow: (local) => (now = new Date(local)) };
}

let seq = 0;
/** A valid ID number for someone born on `birth` (YYYYMMDD). */
export function idFor(birth = '19700101', female = false): string {
  seq += 1;
  const n = ((seq % 400) + 100) * 2 + (female ? 0 : 1);
  return makeIdNumber('330103', birth, n % 1000);
}

export function addVoter(s: Station, name: string, extra: Partial<CommandInput<'roll.add'>> = {}): number {
  return ok(s, 'roll.add', { name, idNumber: idFor(), group: '第一组', category: 'resident', ...extra }).voter.id;
}

export function addMember(s: Station, name: string, partyStatus: 'full' | 'probationary' | 'probation_discipline' | 'suspended' = 'full'): number {
  return ok(s, 'roll.add', { name, idNumber: idFor(), group: '第一党小组', partyStatus }).voter.id;
}
