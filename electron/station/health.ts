/**
 * The open-time check (issue 12): SQLite's own integrity check, every expected append-only trigger,
 * the whole audit chain with every row against its event, the chain's last event against the keyed
 * head records (in the election folder and in the station key folder), and every backup's last event
 * against the same event of the live chain (a backup's chain must be a prefix of the live one). All of
 * it reads one snapshot, inside one read transaction, so another program writing meanwhile cannot
 * make a false alarm (D9); the election lock (lock.ts) keeps a second writer out anyway.
 *
 * Each check says in one line what it found; the summary on the start page is those lines, so it
 * claims what was checked and nothing more.
 */
import { backupReasonLabel, sqliteProblemLabel } from '../../shared/model.js';
import { dbHead, verifyAudit, type AuditHead } from './audit.js';
import { backupFileProblem, listBackups, readBackupSeal, type BackupInfo } from './backup.js';
import { checkTriggers, type TriggerCheck } from './db/triggers.js';
import { openDb, type Db } from './db/open.js';
import { readHeads, type HeadRecord } from './head-file.js';
import { headKey } from './key-folder.js';
import { verifySeals, type SealCheck } from './seals.js';

/** The first sealed event in the file (0 when none is: an election from before seals). */
const firstSeal = (db: Db): number => (db.prepare('SELECT MIN(seq) AS s FROM audit_seals').get() as { s: number | null }).s ?? 0;

export interface Problem {
  code: string;
  message: string;
}

export interface HealthCheck {
  key: 'integrity' | 'triggers' | 'chain' | 'head' | 'backups';
  ok: boolean;
  message: string;
}

export type DataLoss = {
  kind: 'missing' | 'different';
  source: 'head-file' | 'key-folder' | 'backup';
  recordedSeq: number;
  recordedAt: string;
  foundSeq: number;
} | null;

export interface Health {
  integrity: { ok: boolean; message: string };
  audit: ReturnType<typeof verifyAudit>;
  triggers: TriggerCheck;
  head: AuditHead | null;
  dataLoss: DataLoss;
  /** Signs of a change made outside the station: forged head records, wrong or missing seals, backups that do not match. */
  tamper: Problem[];
  /** Findings that do not stop the election (a planted backup beside vouched data), each in plain Chinese. */
  warnings: Problem[];
  /** Backups never to offer for a restore (seal wrong, or not this election's). */
  suspectBackups: string[];
  checks: HealthCheck[];
  /** Whether the head records prove the chain up to its last event (false: none kept, or an old unkeyed one). */
  keyed: boolean;
}

/** 11月23日 10:40 (station-local time) for messages. */
export const shortTime = (iso: string): string => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${p(d.getHours())}:${p(d.getMinutes())}`;
};

export const backupLabel = (b: Pick<BackupInfo, 'at' | 'reason'>): string => `${shortTime(b.at)}（${backupReasonLabel(b.reason)}）的备份`;

function checkIntegrity(db: Db): Health['integrity'] {
  try {
    const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    const msgs = rows.map((r) => r.integrity_check);
    return msgs.length === 1 && msgs[0] === 'ok' ? { ok: true, message: '数据库文件完整' } : { ok: false, message: `数据库文件损坏：${msgs.slice(0, 3).join('；')}` };
  } catch (e) {
    return { ok: false, message: `数据库文件已损坏，检查无法完成（${(e as Error).message}）` };
  }
}

/** Every append-only trigger the migrations create, present and unchanged (D10). */
const list = (names: string[]): string => (names.length > 4 ? `${names.slice(0, 4).join('、')} 等 ${names.length} 个` : names.join('、'));

const WHERE: Record<'head-file' | 'key-folder', string> = {
  'head-file': '选举文件夹里的记录文件 election.head.json',
  'key-folder': '本机密钥文件夹里的记录',
};

/**
 * Compares the chain with one head record. Returns the data loss or tamper sign it shows, and whether
 * it vouches for the chain's last event (a keyed record at the last event, or one behind after a crash).
 */
function compareRecord(
  r: HeadRecord,
  source: 'head-file' | 'key-folder',
  found: AuditHead | null,
  hashAt: (seq: number) => string | undefined | null,
): { loss: DataLoss; tamper: Problem | null; vouches: boolean; legacy: boolean } {
  const none = { loss: null, tamper: null, vouches: false, legacy: false };
  if (r.state === 'none') return none;
  if (r.state === 'unreadable') return { ...none, tamper: { code: 'HEAD_UNREADABLE', message: `${WHERE[source]}读不出来，无法核对（它只会由本程序整块写入，读不出来说明被别的程序改写过）` } };
  if (r.state === 'forged') {
    return {
      ...none,
      tamper: {
        code: 'HEAD_FORGED',
        message: `${WHERE[source]}不是本机用密钥写下的${r.otherKey ? '（用的是另一把密钥）' : '（校验码不符）'}：记录它的人没有本机的密钥，数据可能被人改写过`,
      },
    };
  }
  const h = r.head;
  const foundSeq = found?.seq ?? 0;
  if (h.seq > foundSeq) return { ...none, loss: { kind: 'missing', source, recordedSeq: h.seq, recordedAt: h.at, foundSeq } };
  const at = h.seq > 0 ? hashAt(h.seq) : h.hash;
  if (at === null) return none;
  if (at !== h.hash) return { ...none, loss: { kind: 'different', source, recordedSeq: h.seq, recordedAt: h.at, foundSeq } };
  // Events after the record (the one in flight at a crash, or more where the key folder's copy lagged
  // behind a power cut) are vouched for by their own seals (seals.ts).
  return { loss: null, tamper: null, vouches: r.state === 'keyed', legacy: r.state === 'legacy' };
}

interface BackupFinding {
  backup: BackupInfo;
  seq: number;
  hash: string;
  /** The backup's seal (its keyed head record) says the station made it. */
  sealed: 'valid' | 'none' | 'invalid';
}

/** Each backup's last event, its seal, and whether the file may be read at all. */
function readBackupHeads(dataDir: string): { found: BackupFinding[]; skipped: Problem[] } {
  const found: BackupFinding[] = [];
  const skipped: Problem[] = [];
  for (const b of listBackups(dataDir)) {
    const problem = backupFileProblem(b.file);
    if (problem) {
      skipped.push({ code: 'BACKUP_SKIPPED', message: `${backupLabel(b)}没有核对：${problem}` });
      continue;
    }
    let bdb: Db | undefined;
    try {
      bdb = openDb(b.file, { readonly: true });
      const h = dbHead(bdb);
      if (!h) continue;
      found.push({ backup: b, seq: h.seq, hash: h.hash, sealed: readBackupSeal(dataDir, b, h) });
    } catch (e) {
      skipped.push({ code: 'BACKUP_SKIPPED', message: `${backupLabel(b)}读不出来（${sqliteProblemLabel((e as Error).message)}）` });
    } finally {
      bdb?.close();
    }
  }
  return { found, skipped };
}

/** The whole open-time check, on one snapshot of the database. */
export function checkElection(db: Db, dataDir: string): Health {
  // One read transaction: every statement below sees the same committed state (WAL snapshot).
  let inTx = false;
  try {
    db.exec('BEGIN');
    inTx = true;
    return checkSnapshot(db, dataDir);
  } finally {
    // a read transaction: ending it cannot lose anything; a damaged file may refuse COMMIT, so roll back
    if (inTx && db.inTransaction) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // already ended by SQLite after an error
      }
    }
  }
}

function checkSnapshot(db: Db, dataDir: string): Health {
  const integrity = checkIntegrity(db);
  const triggers = checkTriggers(db);
  let audit: Health['audit'];
  try {
    audit = verifyAudit(db);
  } catch (e) {
    audit = { ok: false, events: 0, rows: 0, problems: [{ code: 'AUDIT_CHAIN_BROKEN', message: `审计日志无法读取（${sqliteProblemLabel((e as Error).message)}）` }] };
  }
  let head: AuditHead | null = null;
  // null: the audit table cannot be read there (already a failed check above), so nothing to compare
  let hashAt: (seq: number) => string | undefined | null = () => null;
  try {
    head = dbHead(db);
    const stmt = db.prepare('SELECT hash FROM audit WHERE seq = ?');
    hashAt = (seq) => {
      try {
        return (stmt.get(seq) as { hash: string } | undefined)?.hash;
      } catch {
        return null;
      }
    };
  } catch {
    // an unreadable audit table is already a failed check above
  }

  const tamper: Problem[] = [];
  const warnings: Problem[] = [];
  let dataLoss: DataLoss = null;
  const heads = readHeads(dataDir);
  const fromFolder = compareRecord(heads.folder, 'head-file', head, hashAt);
  const fromKeyFolder = compareRecord(heads.keyFolder, 'key-folder', head, hashAt);
  for (const c of [fromKeyFolder, fromFolder]) {
    dataLoss ??= c.loss;
    if (c.tamper) tamper.push(c.tamper);
  }
  // Once this station keeps a keyed copy, it never writes the old unkeyed layout again.
  if (heads.folder.state === 'legacy' && heads.keyFolder.state === 'keyed') {
    tamper.push({ code: 'HEAD_FORGED', message: `${WHERE['head-file']}是旧版程序的格式（没有密钥），可本机早已改用密钥记录：它是别人写进去的，数据可能被人改写过` });
  }
  const keyed = fromFolder.vouches || fromKeyFolder.vouches;

  // Every event from the first sealed one on carries a keyed seal: the key folder's record says from
  // which (so deleting every seal does not turn a sealed election into an old unsealed one).
  const recorded = [heads.keyFolder, heads.folder].find((r) => r.state === 'keyed');
  let seals: SealCheck;
  try {
    const from = recorded?.state === 'keyed' && recorded.head.sealFrom > 0 ? recorded.head.sealFrom : firstSeal(db);
    seals = verifySeals(db, headKey(dataDir), from);
  } catch (e) {
    seals = { ok: false, sealed: 0, from: 0, problems: [{ code: 'SEAL_WRONG', message: `审计封记无法读取（${sqliteProblemLabel((e as Error).message)}）` }] };
  }
  for (const p of seals.problems) tamper.push(p);

  const backups = readBackupHeads(dataDir);
  const foundSeq = head?.seq ?? 0;
  // The live chain is vouched for when a keyed record matches it at (or one before) its last event and
  // every seal is right: then a backup that does not fit it is the odd one out (planted, from another
  // election), not evidence against the live data; it is named and never offered for a restore.
  const atHead = (r: HeadRecord) => r.state === 'keyed' && foundSeq - r.head.seq <= 1;
  const liveVouched = (atHead(heads.keyFolder) || atHead(heads.folder)) && seals.ok && dataLoss === null && tamper.length === 0;
  let consistent = 0;
  let unsealed = 0;
  const suspect: BackupInfo[] = [];
  for (const f of backups.found) {
    const at = f.seq <= foundSeq ? hashAt(f.seq) : undefined;
    if (at === null) continue; // the live audit table cannot be read there: a failed check already
    if (f.seq <= foundSeq && at === f.hash && f.sealed !== 'invalid') {
      // its last event is the live event of that number; its seal (the station's own copy, made from a
      // chain that verified) says the events before it are the live ones too
      if (f.sealed === 'valid') consistent++;
      else unsealed++;
      continue;
    }
    if (f.sealed === 'invalid') continue; // named below with the other bad seals
    const where = f.seq > foundSeq ? `记到第 ${f.seq} 项，比现在的数据（到第 ${foundSeq} 项）还多` : `记到第 ${f.seq} 项，和现在的数据在第 ${f.seq} 项对不上`;
    if (liveVouched) {
      suspect.push(f.backup);
      warnings.push({ code: 'BACKUP_FOREIGN', message: `${backupLabel(f.backup)}${where}，而现在的数据和本机用密钥记下的一致：这份备份不是本次选举的，或被人换过，不会用它恢复` });
    } else if (f.seq > foundSeq) {
      dataLoss ??= { kind: 'missing', source: 'backup', recordedSeq: f.seq, recordedAt: f.backup.at, foundSeq };
    } else {
      tamper.push({
        code: 'BACKUP_MISMATCH',
        message: `${backupLabel(f.backup)}${where}：现在的数据在那之后被人改写过${f.sealed === 'valid' ? '（这份备份有本机密钥的封记，是本程序做的）' : '，或这份备份不是本次选举的'}`,
      });
    }
  }
  const badSeals = backups.found.filter((f) => f.sealed === 'invalid');
  for (const f of badSeals) {
    suspect.push(f.backup);
    warnings.push({ code: 'BACKUP_SEAL', message: `${backupLabel(f.backup)}的封记和内容不符（不是本程序做的备份，或做好以后被改过），不会用它恢复` });
  }

  const checks: HealthCheck[] = [
    { key: 'integrity', ok: integrity.ok, message: integrity.message },
    {
      key: 'triggers',
      ok: triggers.ok,
      message: triggers.ok
        ? `${triggers.expected} 个防改动触发器都在`
        : `防改动保护被拆除：${triggers.missing.length > 0 ? `缺少触发器 ${list(triggers.missing)}` : ''}${triggers.missing.length > 0 && triggers.altered.length > 0 ? '，' : ''}${triggers.altered.length > 0 ? `触发器 ${list(triggers.altered)} 被改过` : ''}（有人在本程序之外直接改过数据文件）`,
    },
    {
      key: 'chain',
      ok: audit.ok && seals.ok,
      message: !audit.ok
        ? `审计核对发现 ${audit.problems.length} 处问题，例如：${audit.problems[0]?.message ?? ''}`
        : !seals.ok
          ? seals.problems.map((p) => p.message).join('；')
          : `审计日志 ${audit.events} 条前后衔接${seals.sealed > 0 ? `，其中 ${seals.sealed} 条带本机密钥的封记` : ''}，${audit.rows} 行数据都和记下它们的操作对得上`,
    },
    {
      key: 'head',
      ok: dataLoss?.source !== 'head-file' && dataLoss?.source !== 'key-folder' && !tamper.some((t) => t.code.startsWith('HEAD_')),
      message:
        foundSeq === 0
          ? '还没有任何操作记录'
          : keyed
            ? `最后一项操作（第 ${foundSeq} 项）和本机用密钥记下的一致`
            : fromFolder.legacy || fromKeyFolder.legacy
              ? `最后一项操作和旧版程序记下的一致（旧版记录没有密钥，不能证明没有被整体改写）`
              : '本机没有这次选举用密钥记下的记录（可能是旧版程序建立的，或是从别的电脑拷来的），只能说明记录前后一致，不能证明没有被整体改写',
    },
    {
      key: 'backups',
      ok: !tamper.some((t) => t.code === 'BACKUP_MISMATCH') && dataLoss?.source !== 'backup' && warnings.length === 0,
      message: [
        backups.found.length === 0
          ? '还没有备份'
          : consistent + unsealed === 0
            ? '没有一个备份和现在的记录前后一致'
            : `${consistent + unsealed} 个备份${consistent + unsealed > 1 ? '都' : ''}是现在这份记录的前一段（备份里的每一项都和现在的一样${unsealed > 0 ? `；其中 ${unsealed} 个是旧版程序做的，没有封记，只核对了最后一项` : ''}）`,
        ...warnings.map((w) => w.message),
        ...backups.skipped.map((p) => p.message),
      ].join('；'),
    },
  ];
  return { integrity, audit, triggers, head, dataLoss, tamper, warnings, suspectBackups: suspect.map((b) => b.name), checks, keyed };
}
