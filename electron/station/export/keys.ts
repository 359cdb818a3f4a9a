/**
 * The station's signing key (Ed25519), generated on first use and kept in a key folder the host
 * chooses: Electron passes its userData folder (`setStationKeyDir`), the CLI takes `--key-dir`;
 * otherwise it is `<parent of the election's data folder>/.station-key` (or $VES_STATION_KEY_DIR).
 * The key is not part of any election: restoring or re-opening an election keeps the same key, and
 * the printed forms carry its fingerprint so the township can match paper and package.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FINGERPRINT_HEX, formatFingerprint } from '../../../shared/result-qr.js';

export const PRIVATE_KEY_FILE = 'station-ed25519.key';
export const PUBLIC_KEY_FILE = 'station-ed25519.pub';

export interface StationKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  fingerprint: string;
}

let configuredKeyDir: string | undefined;

/** The host's key folder (Electron: app.getPath('userData')). */
export function setStationKeyDir(dir: string | undefined): void {
  configuredKeyDir = dir;
}

export function keyDirFor(dataDir: string): string {
  return configuredKeyDir ?? process.env.VES_STATION_KEY_DIR ?? path.join(path.dirname(path.resolve(dataDir)), '.station-key');
}

/**
 * The key's fingerprint: the first 128 bits (32 hex digits) of SHA-256 of the raw 32-byte public key,
 * in groups of four: "3f2a 9c01 …" (8 groups). 128 bits: finding another key with the same
 * fingerprint costs about 2^128 tries, so the fingerprint on paper stands for the key. Compare
 * fingerprints with sameFingerprint (shared/result-qr.ts), never as strings.
 */
export function fingerprintOf(publicKey: KeyObject): string {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  // Ed25519 SPKI DER is a fixed 12-byte prefix followed by the raw 32-byte key.
  const raw = der.subarray(der.length - 32);
  return formatFingerprint(createHash('sha256').update(raw).digest('hex').slice(0, FINGERPRINT_HEX));
}

export function fingerprintOfPem(pem: string): string {
  return fingerprintOf(createPublicKey(pem));
}

const cache = new Map<string, StationKey>();

export function loadOrCreateStationKey(keyDir: string): StationKey {
  const dir = path.resolve(keyDir);
  const hit = cache.get(dir);
  if (hit) return hit;
  const privFile = path.join(dir, PRIVATE_KEY_FILE);
  let privateKey: KeyObject;
  if (existsSync(privFile)) {
    privateKey = createPrivateKey(readFileSync(privFile));
  } else {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pair = generateKeyPairSync('ed25519');
    privateKey = pair.privateKey;
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
    // Written beside and renamed, so a crash never leaves half a key.
    const tmp = `${privFile}.tmp-${process.pid}`;
    writeFileSync(tmp, pem, { mode: 0o600 });
    renameSync(tmp, privFile);
    try {
      chmodSync(privFile, 0o600);
    } catch {
      // Windows: permissions come from the user profile folder.
    }
  }
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const pubFile = path.join(dir, PUBLIC_KEY_FILE);
  if (!existsSync(pubFile)) writeFileSync(pubFile, publicKeyPem);
  const key = { privateKey, publicKey, publicKeyPem, fingerprint: fingerprintOf(publicKey) };
  cache.set(dir, key);
  return key;
}
