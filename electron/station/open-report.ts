/**
 * The open-time report: what the checks of health.ts found, in one plain summary that says exactly
 * what was checked (never more than the checks prove), and, when the election must open read-only,
 * which backup to restore and how.
 */
import { contract, isCommandName } from '../../shared/contract.js';
import { backupReasonLabel, sqliteProblemLabel } from '../../shared/model.js';
import { newestSoundBackup } from './backup.js';
import { StationOpenError, type OpenReport } from './context.js';
import type { Db } from './db/open.js';
import { checkElection, shortTime, type DataLoss } from './health.js';

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

/** The refusal of a file that cannot be read at all, naming the newest sound backup. */
export function damagedFileError(dataDir: string, e: unknown): StationOpenError {
  const b = newestSoundBackup(dataDir);
  const restoreFrom = b ? { name: b.name, at: b.at, reason: b.reason, seq: b.seq } : null;
  return new StationOpenError(`数据文件已损坏，无法读取（${sqliteProblemLabel((e as Error).message)}）。${restoreAdvice(restoreFrom)}`, restoreFrom, e);
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

/** Runs the open-time checks and words their outcome. */
export function openReport(db: Db, dataDir: string, schemaVersion: number): OpenReport {
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
}
