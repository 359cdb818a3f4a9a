/**
 * Forging packages as a forger would: copy a real package, change what they want, and make the
 * manifest and signature match again with the station's own code (buildManifest) and a key of their
 * own (or, for the worst case, the village's own key taken from its laptop).
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { cpSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildManifest, MANIFEST, PUBLIC_KEY, SIGNATURE, type Manifest, type PackageFile } from '../../electron/station/export/package.js';
import { fingerprintOf, type StationKey } from '../../electron/station/export/keys.js';

// Its own temp folders (not test/forms/helpers', which loads the whole station): the e2e uses it too.
const dirs: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}
export function forgeCleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function freshKey(): StationKey {
  const pair = generateKeyPairSync('ed25519');
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, publicKeyPem: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(), fingerprint: fingerprintOf(pair.publicKey) };
}

export function copyPackage(dir: string, name = path.basename(dir)): string {
  const to = path.join(tempDir('forged-'), name);
  cpSync(dir, to, { recursive: true, verbatimSymlinks: true });
  return to;
}

export const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;

/**
 * Re-signs a package folder in place: `files` are the contents the forger wants listed (path ->
 * bytes, or a size to list for a file they do not want to read), `identity` changes to the manifest.
 */
export function resign(dir: string, o: { key?: StationKey; identity?: Partial<Manifest>; files?: Record<string, Buffer | number>; drop?: string[] } = {}): StationKey {
  const key = o.key ?? freshKey();
  const old = manifestOf(dir);
  const listed = new Map<string, Buffer | number>();
  for (const f of old.files) {
    if (f.path === PUBLIC_KEY || o.drop?.includes(f.path)) continue;
    const at = path.join(dir, f.path);
    const st = lstatSync(at, { throwIfNoEntry: false });
    // a file too big to read is listed with its size (and a made-up hash): the forger does not care
    listed.set(f.path, st?.isFile() && st.size < 64 * 1024 * 1024 ? readFileSync(at) : (st?.size ?? f.size));
  }
  for (const [p, v] of Object.entries(o.files ?? {})) listed.set(p, v);
  const files: PackageFile[] = [...listed.entries()].map(([p, v]) => ({ path: p, data: typeof v === 'number' ? Buffer.alloc(0) : v }));
  files.push({ path: PUBLIC_KEY, data: Buffer.from(key.publicKeyPem) });
  const id = { electionId: old.electionId, drill: old.drill, title: old.title, village: old.village, township: old.township, electionDate: old.electionDate, ...o.identity };
  const m = JSON.parse(buildManifest(id, files, key, old.createdAt).toString('utf8')) as Manifest;
  // sizes the forger lists without having the bytes (a link to /dev/zero, a sparse file)
  for (const f of m.files) {
    const v = listed.get(f.path);
    if (typeof v === 'number') f.size = v;
  }
  const bytes = Buffer.from(JSON.stringify(m));
  for (const [p, v] of listed) if (Buffer.isBuffer(v)) writeFileSync(path.join(dir, p), v);
  writeFileSync(path.join(dir, PUBLIC_KEY), key.publicKeyPem);
  writeFileSync(path.join(dir, MANIFEST), bytes);
  writeFileSync(path.join(dir, SIGNATURE), sign(null, bytes, key.privateKey as KeyObject).toString('base64'));
  return key;
}

export function editJson<T>(dir: string, file: string, edit: (v: T) => void): Buffer {
  const v = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as T;
  edit(v);
  return Buffer.from(JSON.stringify(v));
}
