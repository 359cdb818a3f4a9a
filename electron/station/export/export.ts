/**
 * Exporting one election: the confirmed rounds' result.json, the forms, the whole audit log, signed
 * with the station key and written onto the drive by `writePackage`. Reads only: the station's
 * database is never written by an export, so a failed export loses nothing.
 */
import type { FormId } from '../../../shared/contract/output.js';
import { formAvailability, renderForm, FORM_FILES } from '../forms/index.js';
import type { Station } from '../context.js';
import { auditJsonl } from './audit-export.js';
import { buildResultJson, confirmedData } from './result-json.js';
import { keyDirFor, loadOrCreateStationKey, type StationKey } from './keys.js';
import { AUDIT, ExportError, RESULT, writePackage, type PackageFile, type WrittenPackage } from './package.js';
import type { PackageFs } from './fs-layer.js';

export { confirmedData };

/**
 * The forms the package carries: those that record the result and are signed on the day. The voter
 * list (published weeks before, and in audit.jsonl row by row) stays printable from the station but
 * is not repeated in the package: for a 5,000-voter roll it would be most of the export time.
 */
export const EXPORTED_FORMS: readonly FormId[] = ['result_report', 'tally_sheet', 'announcement', 'certificates', 'proxy_list'];

export interface ExportOptions {
  keyDir?: string;
  key?: StationKey;
  fs?: PackageFs;
  now?: () => Date;
}

export interface ExportResult extends WrittenPackage {
  resultSha256: string;
  keyFingerprint: string;
  rounds: number;
}

export function exportElection(station: Station, target: string, o: ExportOptions = {}): ExportResult {
  const data = confirmedData(station);
  if (data.rounds.length === 0) {
    throw new ExportError('EXPORT_NOTHING_CONFIRMED', '还没有确认任何一轮的计票结果，没有可以导出的内容。请先在“计票结果”页确认本轮结果。');
  }
  const key = o.key ?? loadOrCreateStationKey(o.keyDir ?? keyDirFor(station.dataDir));
  const result = buildResultJson(data);
  const ctx = { data, keyFingerprint: key.fingerprint, resultSha256: result.sha256 };
  const files: PackageFile[] = [
    { path: RESULT, data: result.bytes },
    { path: AUDIT, data: auditJsonl(station.db) },
  ];
  for (const form of EXPORTED_FORMS) {
    if (form === 'proxy_list' && data.election.kind === 'party_branch') continue;
    if (form === 'certificates' && data.elected.length === 0) continue;
    // a Party election's certificates wait for the higher organisation's approval (P10)
    if (formAvailability(form, data).refused) continue;
    files.push({ path: `forms/${FORM_FILES[form]}`, data: renderForm(form, ctx).buffer });
  }
  const e = data.election;
  const written = writePackage(
    target,
    { electionId: e.id, drill: e.drill, title: e.title, village: e.village, township: e.township, electionDate: e.electionDate },
    files,
    key,
    { ...(o.fs ? { fs: o.fs } : {}), createdAt: (o.now ?? (() => new Date()))().toISOString() },
  );
  return { ...written, resultSha256: result.sha256, keyFingerprint: key.fingerprint, rounds: data.rounds.length };
}
