/** A fixture's contents as the commands take them (only the command line reads a path, via rollFileInput). */
import { rollFileInput } from '../../../electron/station/import/index.js';

export function fileInput(path: string): { dataBase64: string; fileName: string } {
  const r = rollFileInput(path);
  if (!r.ok) throw new Error(`${path}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
