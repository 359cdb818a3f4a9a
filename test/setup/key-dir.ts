/**
 * One station key folder per test run (VES_STATION_KEY_DIR, see electron/station/export/keys.ts),
 * removed afterwards: the head records, PIN tries and keys the tests make go there instead of
 * piling up in <tmp>/.station-key, which every test's temp election folder would share otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  if (process.env.VES_STATION_KEY_DIR) return () => {};
  const dir = mkdtempSync(path.join(os.tmpdir(), 'station-test-keys-'));
  process.env.VES_STATION_KEY_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
