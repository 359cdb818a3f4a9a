/**
 * Automatic backups off the acknowledgement path (issue 12): a worker thread with its own read-only
 * connection copies a snapshot of the database (VACUUM INTO reads one consistent WAL snapshot while
 * the station goes on committing), flushes the copy, seals it with the head key (the backup's last
 * event, keyed like the head file) and only then gives it its final name and flushes the folder. A
 * ballot is acknowledged as soon as its own commit is on disk; the copy of the whole file every 50
 * ballots no longer holds it up.
 *
 * The job is one piece of JavaScript (JOB_SOURCE) run by the worker, or — where a worker cannot start
 * — by the station's own thread, so there is one implementation either way. Its record layout and MAC
 * text come from head-file.ts's own functions (their source is inserted), not a copy.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { headMacText, headSlot } from './head-file.js';
import { nativeBindingOption } from './db/open.js';

export interface BackupJob {
  /** The live database. */
  src: string;
  /** Final path of the copy, its temporary path, and its seal. */
  file: string;
  tmp: string;
  seal: string;
  dir: string;
}

/** Runs in the worker (or in-thread): `env` carries what it needs, all plain values. */
const JOB_SOURCE = `
const macText = (${headMacText.toString()});
const slotOf = (${headSlot.toString()});
function runBackupJob(job, env) {
  const fs = env.require('node:fs');
  const crypto = env.require('node:crypto');
  const Database = env.require(env.sqlite);
  const opts = { readonly: true, fileMustExist: true };
  if (env.nativeBinding) opts.nativeBinding = env.nativeBinding;
  const flush = (file, flags) => { const fd = fs.openSync(file, flags); try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); } };
  fs.rmSync(job.tmp, { force: true });
  const src = new Database(job.src, opts);
  try { src.prepare('VACUUM INTO ?').run(job.tmp); } finally { src.close(); }
  flush(job.tmp, 'r+');
  const copy = new Database(job.tmp, opts);
  let head;
  let firstSeal = null;
  try {
    head = copy.prepare('SELECT seq, hash, at, command FROM audit ORDER BY seq DESC LIMIT 1').get();
    firstSeal = copy.prepare('SELECT MIN(seq) AS s FROM audit_seals').get().s;
  } finally { copy.close(); }
  for (const extra of ['-wal', '-shm', '-journal']) fs.rmSync(job.tmp + extra, { force: true });
  if (head) {
    // sealFrom as seals.ts sealFromOf: the first sealed event, or the next one when none is sealed
    const h = { seq: head.seq, hash: head.hash, at: head.at, command: String(head.command).slice(0, 100), sealFrom: firstSeal === null ? head.seq + 1 : firstSeal };
    const key = Buffer.from(env.keyHex, 'hex');
    const mac = crypto.createHmac('sha256', key).update(macText(h)).digest('hex');
    const slot = slotOf(h, env.keyId, mac);
    const sealTmp = job.seal + '.partial';
    fs.writeFileSync(sealTmp, Buffer.concat([slot, slot]));
    flush(sealTmp, 'r+');
    fs.renameSync(sealTmp, job.seal);
  }
  fs.renameSync(job.tmp, job.file);
  try { flush(job.dir, 'r'); } catch (e) { /* Windows: no fsync on a folder */ }
  return head ? head.seq : 0;
}
`;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
${JOB_SOURCE}
const signal = new Int32Array(workerData.signal);
const env = { ...workerData.env, require };
parentPort.on('message', (job) => {
  let ok = true;
  let error = '';
  try { runBackupJob(job, env); } catch (e) { ok = false; error = String((e && e.message) || e); }
  // [1] the last job's outcome (1 ok, 2 failed), [0] jobs finished: the station reads both without waiting for a message
  Atomics.store(signal, 1, ok ? 1 : 2);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
  parentPort.postMessage({ ok, error });
});
`;

export interface JobEnv {
  sqlite: string;
  nativeBinding?: string;
  keyHex: string;
  keyId: string;
}

const requireHere = createRequire(import.meta.url);

/** Where this program's better-sqlite3 is, for the worker (outside an asar archive when unpacked). */
export function sqliteModulePath(): string {
  const p = requireHere.resolve('better-sqlite3');
  const unpacked = p.replace(/\.asar([\\/])/, '.asar.unpacked$1');
  return unpacked !== p && existsSync(unpacked) ? unpacked : p;
}

export function jobEnv(keyHex: string, keyIdHex: string): JobEnv {
  const native = nativeBindingOption().nativeBinding;
  return { sqlite: sqliteModulePath(), keyHex, keyId: keyIdHex, ...(native ? { nativeBinding: native } : {}) };
}

let inThread: ((job: BackupJob, env: JobEnv & { require: NodeRequire }) => number) | null = null;

/** The job in this thread (no worker could start, or a manual backup where one is not wanted). */
export function runJobHere(job: BackupJob, env: JobEnv): number {
  // The same source the worker runs: one implementation of the backup job.
  inThread ??= new Function(`${JOB_SOURCE}\nreturn runBackupJob;`)() as typeof inThread;
  return (inThread as NonNullable<typeof inThread>)(job, { ...env, require: requireHere });
}

/**
 * One worker per station, started on first use. Jobs run one after another in the order posted; the
 * station counts posted and finished jobs through shared memory, so it can tell whether one is still
 * running (and wait for it at close) without its event loop having to turn.
 */
export class BackupWorker {
  private worker: Worker | null = null;
  private broken = false;
  private posted = 0;
  private readonly signal = new SharedArrayBuffer(8);
  private readonly counters = new Int32Array(this.signal);
  constructor(private readonly env: JobEnv) {}

  /** Jobs posted and not finished yet. */
  inFlight(): number {
    return this.posted - Atomics.load(this.counters, 0);
  }

  /** Whether the last finished job failed. */
  lastFailed(): boolean {
    return Atomics.load(this.counters, 1) === 2;
  }

  /** Posts a job; false when no worker can run it (the caller runs it in-thread then). */
  post(job: BackupJob): boolean {
    if (this.broken) return false;
    try {
      if (!this.worker) {
        this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { signal: this.signal, env: this.env } });
        this.worker.unref();
        this.worker.on('error', (e) => {
          console.error('backup worker failed; backups continue in the station thread:', e);
          this.broken = true;
        });
        this.worker.on('message', (m: { ok: boolean; error: string }) => {
          if (!m.ok) console.error('automatic backup failed:', m.error);
        });
      }
      this.worker.postMessage(job);
      this.posted++;
      return true;
    } catch (e) {
      console.error('backup worker could not start; backups continue in the station thread:', e);
      this.broken = true;
      return false;
    }
  }

  /** Waits (blocking) until every posted job finished, at most `ms`. True when none is left. */
  wait(ms: number): boolean {
    const until = Date.now() + ms;
    for (;;) {
      const done = Atomics.load(this.counters, 0);
      if (this.posted - done <= 0) return true;
      if (this.broken) return false;
      const left = until - Date.now();
      if (left <= 0) return false;
      Atomics.wait(this.counters, 0, done, Math.min(left, 200));
    }
  }

  close(): void {
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate();
  }
}
