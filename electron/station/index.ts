/**
 * The station back end: `openStation(dataDir)` -> { call(command, input), close() }.
 * Plain Node, no Electron import: the Electron window, the browser host, the CLI and the tests all
 * drive it through this one entry.
 */
import { inputProblem } from '../../shared/field-labels.js';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { contract, isCommandName, needsChair } from '../../shared/contract.js';
import { Refusal, fail, ok, type AppError, type Result } from '../../shared/result.js';
import { protoKeyPath, UNSAFE_KEY_MESSAGE } from '../../shared/keys.js';
import { backupReasonLabel, sqliteProblemLabel } from '../../shared/model.js';
import { AuditLog, dbHead, HeadWriter, rowHash, type Effect } from './audit.js';
import { readHeads, type HeadRecord } from './head-file.js';
import { headKey } from './key-folder.js';
import { EventSealer, sealFromOf } from './seals.js';
import { checkElection, shortTime, type DataLoss } from './health.js';
import { lockElection } from './lock.js';
import { BackupRunner, backupNow, cleanLeftovers, DB_FILE, newestSoundBackup } from './backup.js';
import { isDamageError, StationOpenError, type CallOptions, type OpenReport, type Station, type StationOptions, type Ctx, type HandlersFor, type MutableCtx, type SqlValue } from './context.js';

export { isDamageError, StationOpenError, type CallOptions, type OpenReport, type Station, type StationOptions };
import { LATEST_SCHEMA_VERSION, migrate, openDb, type Db } from './db/open.js';
import { electionHandlers } from './commands/election.js';
import { stationHandlers } from './commands/station.js';
import { authHandlers } from './commands/auth.js';
import { KeyFolderTries, lockoutRemaining, pinMatches, storedPin, type AttemptOutcome, type Role } from './access.js';
import { rollHandlers } from './commands/roll.js';
import { partyHandlers } from './commands/party.js';
import { proxyHandlers } from './commands/proxy.js';
import { issueHandlers } from './commands/issue.js';
import { countHandlers } from './commands/count.js';
import { roundHandlers } from './commands/round.js';
import { outputHandlers } from './commands/output.js';
import { papersHandlers } from './commands/papers.js';
import { secretaryHandlers } from './commands/secretary.js';
import type { DomainTable } from './db/migrations.js';
import Database from 'better-sqlite3';

const handlers: HandlersFor<typeof contract> = {
  ...stationHandlers,
  ...authHandlers,
  ...electionHandlers,
  ...rollHandlers,
  ...partyHandlers,
  ...proxyHandlers,
  ...issueHandlers,
  ...countHandlers,
  ...roundHandlers,
  ...outputHandlers,
  ...papersHandlers,
  ...secretaryHandlers,
};

const sqlValue = (v: SqlValue | boolean | undefined): SqlValue => (typeof v === 'boolean' ? (v ? 1 : 0) : (v as SqlValue));


/** PINs never reach the audit log, even when a command's input carries one (auth.setPin). */
function redactSecrets(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, k === 'pin' ? '******' : v]));
}

/**
 * Which role's PIN a call needs, if any (only enforced once that PIN has been set): the chair's for
 * the commands whose contract declares `chair` (for its input), the named role's for auth.check.
 */
function guardRole(command: string, input: unknown): Role | undefined {
  if (needsChair(command, input)) return 'chair';
  if (command === 'auth.check') return (input as { role?: Role }).role;
  return undefined;
}


/** Turn a zod error into one Chinese line naming the field. */
export function validationError(err: z.ZodError, command: string): AppError {
  const first = err.issues[0];
  // the field in Chinese (shared/field-labels.ts): never an English field name or a position key
  return {
    code: 'VALIDATION',
    message: first ? `输入有误：${inputProblem(first)}。请改正后再试。` : '输入有误，请改正后再试。',
    details: { command, issues: err.issues.slice(0, 10).map((i) => ({ path: i.path.map(String), message: i.message })) },
  };
}

const localDate = (d: Date): string => {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
};

/** Short Chinese label of a command for messages: its contract summary without the parenthesis. */
const commandLabel = (command: string): string => {
  if (command === 'auth.attempt') return '输入密码';
  const s = isCommandName(command) ? contract[command].summary : command;
  return s.split(/[（(]/)[0]?.trim() || command;
};

/** What to do next, naming the backup to restore (or saying there is none). */
function restoreAdvice(b: OpenReport['restoreFrom']): string {
  if (!b) return '没有找到完好的备份。请不要再在这份数据上操作，保留这台电脑现状，联系乡镇工作人员。';
  const what = backupReasonLabel(b.reason);
  return `请到“开始”页的“从备份恢复”，选择 ${shortTime(b.at)} 的备份（${what}，记录到第 ${b.seq} 项操作）恢复；现在的数据文件会改名保留，不会删除。`;
}

const SOURCE_WORDS: Record<NonNullable<DataLoss>['source'], string> = {
  'head-file': '本机上次记下的',
  'key-folder': '本机密钥文件夹里记下的',
  backup: '备份里的',
};

function summarize(r: Omit<OpenReport, 'summary'>): string {
  if (!r.readOnly) {
    const last = r.lastEvent ? `最后完成的操作是第 ${r.lastEvent.seq} 项：${r.lastEvent.label}（${shortTime(r.lastEvent.at)}）。` : '';
    // exactly what was checked, each in its own words (never more than the checks can prove)
    const attention = r.checks.filter((c) => !c.ok);
    if (attention.length === 0) return `检查通过：${r.checks.map((c) => c.message).join('；')}。${last}`;
    const passed = r.checks.filter((c) => c.ok);
    return `检查发现需要注意的地方（选举可以继续）：${attention.map((c) => c.message).join('；')}。其余检查通过：${passed.map((c) => c.message).join('；')}。${last}`;
  }
  const parts: string[] = [];
  if (!r.integrity.ok) parts.push(r.integrity.message);
  const triggers = r.checks.find((c) => c.key === 'triggers');
  if (triggers && !triggers.ok) parts.push(triggers.message);
  if (!r.audit.ok) parts.push(`审计核对发现 ${r.audit.problems.length} 处问题，例如：${r.audit.problems[0]?.message ?? ''}`);
  const loss = r.dataLoss;
  if (loss?.kind === 'missing') {
    parts.push(
      `数据不全：${SOURCE_WORDS[loss.source]}记录到第 ${loss.recordedSeq} 项操作（${shortTime(loss.recordedAt)}），现在的数据文件只到第 ${loss.foundSeq} 项，之后的记录丢失了（可能是数据文件旁的 -wal 文件被删除，或数据文件被换成了旧的）`,
    );
  } else if (loss?.kind === 'different') {
    parts.push(`数据文件与${SOURCE_WORDS[loss.source]}记录对不上（第 ${loss.recordedSeq} 项操作不同），数据文件可能被人改写过或换成了别的文件`);
  }
  for (const t of r.tamper) parts.push(t.message);
  return `${parts.join('；')}。本次选举已以只读方式打开，不能再修改。${restoreAdvice(r.restoreFrom)}`;
}

export function openStation(dataDir: string, options: StationOptions = {}): Station {
  mkdirSync(dataDir, { recursive: true });
  const dbFile = path.join(dataDir, DB_FILE);
  // One program at a time per election folder (throws ElectionInUseError with the message to show).
  const lock = lockElection(dataDir, options.program);
  let opened: Db | undefined;
  let schemaVersion: number;
  let audit: AuditLog;
  let db: Db;
  try {
    cleanLeftovers(dataDir);
    db = opened = openDb(dbFile);
    schemaVersion = migrate(db).to;
    audit = new AuditLog(db);
  } catch (e) {
    opened?.close();
    lock.release();
    if (!isDamageError(e)) throw e;
    // The file is not a database any more (overwritten, truncated to nothing useful): say so, name a backup.
    const b = newestSoundBackup(dataDir);
    const restoreFrom = b ? { name: b.name, at: b.at, reason: b.reason, seq: b.seq } : null;
    throw new StationOpenError(`数据文件已损坏，无法读取（${sqliteProblemLabel((e as Error).message)}）。${restoreAdvice(restoreFrom)}`, restoreFrom, e);
  }
  const opts = { backups: true, ...options };
  const clock = opts.now ?? (() => new Date());
  type Stmt = Database.Statement<unknown[], unknown>;
  const rowStmts = new Map<string, Stmt>();
  const insertStmts = new Map<string, Stmt>();

  const makeReport = (): OpenReport => {
    const h = checkElection(db, dataDir);
    const readOnly = !h.integrity.ok || !h.triggers.ok || !h.audit.ok || h.dataLoss !== null || h.tamper.length > 0;
    const b = readOnly ? newestSoundBackup(dataDir, 8, h.suspectBackups) : null;
    const head = h.head;
    const base = {
      integrity: h.integrity,
      audit: h.audit,
      triggers: h.triggers,
      checks: h.checks,
      tamper: h.tamper,
      warnings: h.warnings,
      keyed: h.keyed,
      readOnly,
      schemaVersion,
      lastEvent: head ? { seq: head.seq, at: head.at, command: head.command, label: commandLabel(head.command) } : null,
      dataLoss: h.dataLoss,
      restoreFrom: b ? { name: b.name, at: b.at, reason: b.reason, seq: b.seq } : null,
    };
    return { ...base, summary: summarize(base) };
  };
  /** After every committed command (never ahead of the database; see head-file.ts). */
  const headWriter = new HeadWriter(dataDir);
  const sealer = new EventSealer(db, headKey(dataDir));
  // The first sealed event: 1 for an election made by this version; for an older one, its next event.
  // A damaged file may fail this read: the checks below then report it (read-only), and no head is
  // recorded for a read-only station, so the value is never used.
  let sealFrom = 0;
  try {
    sealFrom = sealFromOf(db);
  } catch (e) {
    if (!isDamageError(e)) {
      db.close();
      lock.release();
      throw e;
    }
  }
  const recordHead = (e: { seq: number; hash: string; at: string; command: string }): void => {
    try {
      headWriter.write({ seq: e.seq, hash: e.hash, at: e.at, command: e.command, sealFrom });
    } catch (err) {
      console.error('could not write the head file:', err);
    }
  };
  /** Appends an audit event with its keyed seal, inside the caller's transaction. */
  const appendEvent = (e: Parameters<AuditLog['append']>[0]) => {
    const ev = audit.append(e);
    sealer.seal(ev.seq, ev.hash);
    return ev;
  };
  const backups = opts.backups ? new BackupRunner(dataDir, clock) : null;
  let report: OpenReport;
  try {
    report = makeReport();
    if (!report.readOnly) {
      // Bring both head records up to the database (a crash between commit and record, a first open
      // after an older version, a key folder that had no copy yet). Only a state that passed every
      // check is recorded.
      const h = dbHead(db);
      const heads = readHeads(dataDir);
      const current = (r: HeadRecord) => r.state === 'keyed' && r.head.seq === h?.seq && r.head.hash === h.hash && r.head.sealFrom === sealFrom;
      if (h && !(current(heads.folder) && current(heads.keyFolder))) recordHead(h);
    }
  } catch (e) {
    db.close();
    lock.release();
    if (!isDamageError(e)) throw e;
    // a page the checks themselves could not read: the same refusal as a file that does not open
    const b = newestSoundBackup(dataDir);
    const restoreFrom = b ? { name: b.name, at: b.at, reason: b.reason, seq: b.seq } : null;
    throw new StationOpenError(`数据文件已损坏，无法读取（${sqliteProblemLabel((e as Error).message)}）。${restoreAdvice(restoreFrom)}`, restoreFrom, e);
  }

  function insertRow(effects: Effect[], table: DomainTable, row: Record<string, SqlValue | boolean | undefined>): number {
    const cols = Object.keys(row).filter((k) => row[k] !== undefined);
    const sig = `${table}(${cols.join(',')})`;
    let stmt = insertStmts.get(sig);
    if (!stmt) {
      stmt = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      insertStmts.set(sig, stmt);
    }
    const values = cols.map((k) => sqlValue(row[k]));
    const info = stmt.run(...values);
    const id = Number(info.lastInsertRowid);
    recordEffect(effects, table, cols, values, 0, id);
    return id;
  }

  /**
   * The audit effect of a row just inserted (its values at values[from … from + cols.length)).
   * When storesAsGiven, the row as `SELECT *` reads it back is the id and exactly the values
   * inserted, so it is hashed from them; anything else is read back as stored.
   */
  function recordEffect(effects: Effect[], table: DomainTable, cols: readonly string[], values: readonly SqlValue[], from: number, id: number): void {
    if (storesAsGiven(table, cols, values, from)) {
      const row: Record<string, SqlValue> = { id };
      for (let c = 0; c < cols.length; c++) row[cols[c] as string] = values[from + c] as SqlValue;
      effects.push([table, id, rowHash(row)]);
      return;
    }
    const rowid = table === 'election' ? 'rowid' : 'id';
    let sel = rowStmts.get(table);
    if (!sel) {
      sel = db.prepare(`SELECT * FROM ${table} WHERE ${rowid} = ?`);
      rowStmts.set(table, sel);
    }
    const stored = sel.get(id) as Record<string, unknown>;
    effects.push([table, id, rowHash(stored)]);
  }

  /**
   * Column affinities of each table with an `id INTEGER PRIMARY KEY` and no hidden or generated
   * columns; undefined for other tables (election), whose rows are always read back.
   */
  const affinities = new Map<string, Map<string, 'text' | 'integer' | 'real' | 'numeric' | 'blob'> | undefined>();
  function tableAffinities(table: string) {
    if (affinities.has(table)) return affinities.get(table);
    const info = db.prepare(`PRAGMA table_xinfo(${table})`).all() as { name: string; type: string; pk: number; hidden: number }[];
    let m: Map<string, 'text' | 'integer' | 'real' | 'numeric' | 'blob'> | undefined = new Map();
    for (const c of info) {
      const t = c.type.toUpperCase();
      // SQLite's affinity rules (datatype3 §3.1), in their order.
      const a = t.includes('INT') ? 'integer' : /CHAR|CLOB|TEXT/.test(t) ? 'text' : t === '' || t.includes('BLOB') ? 'blob' : /REAL|FLOA|DOUB/.test(t) ? 'real' : 'numeric';
      if (c.hidden !== 0 || (c.pk !== 0 && !(c.name === 'id' && a === 'integer' && c.pk === 1))) m = undefined;
      m?.set(c.name, a);
    }
    if (m && (!m.has('id') || table === 'election')) m = undefined;
    affinities.set(table, m);
    return m;
  }

  /**
   * Whether `SELECT *` of the new row gives back exactly {id, ...the values inserted}: every column
   * but id was given, and no value is converted by its column's affinity (text only into TEXT or
   * untyped columns, finite numbers only into numeric ones, nulls anywhere). Then the audit hash of
   * the row needs no read-back; anything else is read back as stored.
   */
  function storesAsGiven(table: string, cols: readonly string[], values: readonly unknown[], from = 0): boolean {
    const aff = tableAffinities(table);
    // the id may be given (a row whose id is another row's, as ballot_mark_lists) or left to SQLite
    const idGiven = cols.includes('id');
    if (!aff || cols.length !== aff.size - (idGiven ? 0 : 1)) return false;
    for (let i = 0; i < cols.length; i++) {
      const a = aff.get(cols[i] as string);
      const v = values[from + i];
      if (a === undefined) return false;
      if (cols[i] === 'id') {
        if (typeof v !== 'number' || !Number.isSafeInteger(v)) return false;
        continue;
      }
      if (v === null) continue;
      if (typeof v === 'string') {
        if (a !== 'text' && a !== 'blob') return false;
      } else if (typeof v === 'number') {
        if (!Number.isFinite(v) || a === 'text') return false;
      } else {
        return false;
      }
    }
    return true;
  }

  /**
   * Verifies a PIN for a guarded command; records the attempt (own transaction + audit event). An
   * election opened read-only cannot record it in its file: its attempts go to the station key folder
   * (KeyFolderTries), so a read-only election locks out the same way and a restart does not reset it.
   */
  const folderTries = new KeyFolderTries(dataDir);
  function checkPin(role: Role, command: string, pin: string | undefined, now: Date, actor: string): { ok: false; error: AppError } | undefined {
    const stored = storedPin(db, role);
    if (!stored) {
      return command === 'auth.check' ? fail('PIN_NOT_SET', '还没有设置这个密码。') : undefined;
    }
    const who = role === 'chair' ? '选举委员会主任' : '工作人员';
    const record = (outcome: AttemptOutcome) => {
      if (report.readOnly) {
        folderTries.record(role, outcome, now.getTime());
        return;
      }
      const ev = db.transaction(() => {
        const effects: Effect[] = [];
        insertRow(effects, 'pin_attempts', { role, command, outcome, at: now.toISOString(), actor });
        return appendEvent({ at: now.toISOString(), actor, command: 'auth.attempt', input: { role, command, outcome }, effects });
      }).immediate();
      db.state.committed(new Set(['pin_attempts']));
      recordHead(ev);
    };
    const remaining = (): number => {
      if (!report.readOnly) return lockoutRemaining(db, role, now);
      let inFile = 0;
      try {
        inFile = lockoutRemaining(db, role, now);
      } catch {
        // a damaged file: the key folder's record alone
      }
      return Math.max(inFile, folderTries.remaining(role, now.getTime()));
    };
    const wait = remaining();
    if (wait > 0) {
      record('locked');
      return fail('PIN_LOCKED', `${who}密码输错次数太多，请 ${wait} 秒后再试。`, { role, seconds: wait });
    }
    if (pin === undefined || pin === '') {
      record('missing');
      return fail('PIN_REQUIRED', `这项操作需要${who}输入密码。`, { role });
    }
    if (!pinMatches(pin, stored.salt, stored.hash)) {
      record('wrong');
      const after = remaining();
      return fail(
        'PIN_WRONG',
        after > 0 ? `${who}密码不对。输错次数太多，已锁定 ${after} 秒。` : `${who}密码不对，请重新输入。`,
        { role, lockedSeconds: after },
      );
    }
    record('ok');
    return undefined;
  }

  /** A mutating command's transaction: the handler, then its audit event (one wrapper, made once). */
  const commandTx = db.transaction((handler: (ctx: Ctx, input: unknown) => unknown, ctx: MutableCtx, command: string, data: unknown) => {
    const o = handler(ctx, data);
    const ev = appendEvent({ at: ctx.at, actor: ctx.actor, command, input: redactSecrets(data), effects: ctx.effects });
    return { o, ev };
  });

  function call(command: string, input: unknown, callOpts: CallOptions = {}): Result<unknown> {
    if (!isCommandName(command)) return fail('UNKNOWN_COMMAND', `没有这个命令：${command}`);
    const spec = contract[command];
    const proto = protoKeyPath(input);
    if (proto !== null) return fail('VALIDATION', `输入有误：${proto} ${UNSAFE_KEY_MESSAGE}`, { command, path: proto });
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: validationError(parsed.error, command) };
    if (spec.mutates && report.readOnly) {
      return fail('READ_ONLY', '本次选举数据未通过完整性检查，已以只读方式打开，不能再修改。请从备份恢复。');
    }
    const now = clock();
    const actor0 = callOpts.actor ?? opts.actor ?? '计票站';
    const role = guardRole(command, parsed.data);
    if (role) {
      const denied = checkPin(role, command, callOpts.pin, now, actor0);
      if (denied) return denied;
    } else if (command === 'auth.check') {
      return fail('PIN_NOT_SET', '还没有设置这个密码。');
    }
    const effects: Effect[] = [];
    const afterCommit: (() => void)[] = [];
    const actor = actor0;
    const ctx: MutableCtx = {
      db,
      at: now.toISOString(),
      today: localDate(now),
      actor,
      dataDir,
      station,
      effects,
      afterCommit,
      insert: (table, row) => insertRow(effects, table, row),
      after: (fn) => afterCommit.push(fn),
    };
    const handler = handlers[command] as (ctx: Ctx, input: unknown) => unknown;
    let out: unknown;
    try {
      if (spec.mutates) {
        db.state.begin(effects);
        let done: { o: unknown; ev: ReturnType<typeof appendEvent> };
        try {
          done = commandTx.immediate(handler, ctx, command, parsed.data);
        } catch (e) {
          db.state.abandon();
          throw e;
        }
        // committed: a new version of the state; what reads none of the written tables carries over
        db.state.committed(new Set(effects.map((e) => e[0])));
        out = done.o;
        recordHead(done.ev);
      } else {
        out = handler(ctx, parsed.data);
      }
    } catch (e) {
      if (e instanceof Refusal) return fail(e.code, e.message, e.details);
      if (isDamageError(e)) {
        return fail('DB_DAMAGED', `数据文件读写出错（${(e as Error).message}），这项操作没有完成。请关闭程序后重新打开，按“开始”页的检查结果处理。`);
      }
      throw e;
    }
    for (const fn of afterCommit) {
      try {
        fn();
      } catch (e) {
        // A failed automatic backup must never lose the committed command; it is reported on the console.
        console.error(`after-commit task of ${command} failed:`, e);
      }
    }
    if (spec.mutates) backups?.poll();
    const checked = spec.output.safeParse(out);
    if (!checked.success) {
      throw new Error(`station bug: output of ${command} does not match the contract: ${checked.error.message}`);
    }
    return ok(checked.data);
  }

  const station: Station = {
    dataDir,
    dbFile,
    get report() {
      return report;
    },
    db,
    options: opts,
    call,
    run: (command, input, o) => call(command, input, o) as Result<never>,
    recheck() {
      report = makeReport();
      return report;
    },
    scheduleBackup(reason) {
      backups?.schedule(reason);
    },
    backupNow: (reason) => backupNow(db, dataDir, reason, clock()),
    flushBackups() {
      backups?.flush();
    },
    close() {
      // the backups asked for are written before the election is let go
      backups?.close();
      headWriter.close();
      if (db.open) db.close();
      lock.release();
    },
  };
  return station;
}


export const SCHEMA_VERSION = LATEST_SCHEMA_VERSION;
export { backupNow };
