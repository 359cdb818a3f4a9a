/**
 * The audit log as a committee member reads it (issue 10): each event's operation in Chinese (the
 * contract's summary), who and when, the ballots it wrote or named by their number in the round, and
 * the reasons and decisions given — never a command name, a field name or a raw input.
 */
import type { z } from 'zod';
import { contract, isCommandName } from '../../shared/contract.js';
import type { stationContract } from '../../shared/contract/station.js';
import { OFFICIAL_ROLE_LABELS, PHASE_LABELS, REMOVAL_REASON_LABELS } from '../../shared/model.js';
import type { Db } from './db/open.js';
import { VOTERS } from './queries.js';

type ViewInput = z.output<(typeof stationContract)['audit.view']['input']>;
type ViewOutput = z.output<(typeof stationContract)['audit.view']['output']>;
type ViewEvent = ViewOutput['events'][number];

/** Events the station writes itself, outside the contract. */
const OWN_LABELS: Record<string, string> = { 'auth.attempt': '输入主任或工作人员密码' };
const ROLE_WORDS: Record<string, string> = { chair: '主任密码', staff: '工作人员密码' };
const OUTCOME_WORDS: Record<string, string> = { ok: '正确', wrong: '不对', locked: '已锁定，未受理', missing: '未输入' };
const RULING_WORDS: Record<string, string> = { as_recorded: '按录入计算', unreadable: '无法辨认（无效）', corrected: '更正后计算' };
const CHECKPOINT_WORDS: Record<string, string> = { confirmed: '与纸质计票单一致', mismatch: '与纸质计票单不一致' };

/** A command's label: its contract summary up to the first parenthesis (rule codes stay out). */
export function commandLabel(command: string): string {
  const own = OWN_LABELS[command];
  if (own) return own;
  if (!isCommandName(command)) return '其他操作';
  return contract[command].summary.split(/[（(]/)[0]?.trim() || '其他操作';
}

type Effect = [string, number, string];

interface Row {
  seq: number;
  at: string;
  actor: string;
  command: string;
  input: string;
  effects: string;
}

export function auditView(db: Db, input: ViewInput): ViewOutput {
  const kinds = (db.prepare('SELECT command, count(*) AS n FROM audit GROUP BY command').all() as { command: string; n: number }[])
    .map((k) => ({ command: k.command, label: commandLabel(k.command), count: k.n }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));

  const where: string[] = [];
  const args: (string | number)[] = [];
  if (input.commands && input.commands.length > 0) {
    where.push(`command IN (${input.commands.map(() => '?').join(',')})`);
    args.push(...input.commands);
  }
  const bound = (clause: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(clause);
    args.push(value);
  };
  bound('at >= ?', input.since);
  bound('at <= ?', input.until);
  bound('seq < ?', input.beforeSeq);
  const sql = `SELECT seq, at, actor, command, input, effects FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC`;

  const ballotOf = db.prepare('SELECT b.seq, r.number FROM ballots b JOIN rounds r ON r.id = b.round_id WHERE b.id = ?');
  const scrutineerOf = db.prepare('SELECT o.name FROM ruling_scrutineers s JOIN officials o ON o.id = s.official_id WHERE s.id = ?');
  const boxOf = db.prepare('SELECT name FROM boxes WHERE box_key = ?');
  const voterOf = db.prepare(`SELECT v.name FROM ${VOTERS} v WHERE v.id = ?`);
  const events: ViewEvent[] = [];
  let more = false;
  for (const row of db.prepare(sql).iterate(...args) as IterableIterator<Row>) {
    const ev = describe(row, {
      ballot: (id) => ballotOf.get(id) as { seq: number; number: number } | undefined,
      scrutineer: (id) => (scrutineerOf.get(id) as { name: string } | undefined)?.name,
      box: (key) => (boxOf.get(key) as { name: string } | undefined)?.name,
      voter: (id) => (voterOf.get(id) as { name: string } | undefined)?.name,
    });
    if (input.ballot !== undefined && !ev.ballots.some((b) => b.seq === input.ballot)) continue;
    if (events.length === input.limit) {
      more = true;
      break;
    }
    events.push(ev);
  }
  return { events, more, kinds };
}

interface Lookups {
  ballot(id: number): { seq: number; number: number } | undefined;
  scrutineer(rulingScrutineerId: number): string | undefined;
  box(key: string): string | undefined;
  voter(id: number): string | undefined;
}

function describe(row: Row, look: Lookups): ViewEvent {
  const input = JSON.parse(row.input) as Record<string, unknown>;
  const effects = JSON.parse(row.effects) as Effect[];
  const ballots: { round: number; seq: number }[] = [];
  const addBallot = (id: unknown) => {
    if (typeof id !== 'number') return;
    const b = look.ballot(id);
    if (b && !ballots.some((x) => x.round === b.number && x.seq === b.seq)) ballots.push({ round: b.number, seq: b.seq });
  };
  addBallot(input.ballotId);
  for (const [table, rowid] of effects) if (table === 'ballots') addBallot(rowid);

  const details: string[] = [];
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  if (row.command === 'auth.attempt') {
    const role = ROLE_WORDS[String(input.role)] ?? '密码';
    details.push(`${role}：${OUTCOME_WORDS[String(input.outcome)] ?? '已记录'}`);
    if (typeof input.command === 'string') details.push(`用于：${commandLabel(input.command)}`);
  }
  if (typeof input.ruling === 'string' && RULING_WORDS[input.ruling]) details.push(`裁定：${RULING_WORDS[input.ruling]}`);
  for (const [table, rowid] of effects) {
    if (table !== 'ruling_scrutineers') continue;
    const name = look.scrutineer(rowid);
    if (name) details.push(`监票人：${name}`);
  }
  if (typeof input.phase === 'string' && input.phase in PHASE_LABELS) details.push(`进入：${PHASE_LABELS[input.phase as keyof typeof PHASE_LABELS]}`);
  if (typeof input.role === 'string' && input.role in OFFICIAL_ROLE_LABELS && row.command.startsWith('official.')) {
    details.push(`职责：${OFFICIAL_ROLE_LABELS[input.role as keyof typeof OFFICIAL_ROLE_LABELS]}`);
  }
  const name = text(input.name) ?? (typeof input.voterId === 'number' ? look.voter(input.voterId) : undefined);
  if (name) details.push(`姓名：${name}`);
  if (typeof input.boxKey === 'string') details.push(`票箱：${look.box(input.boxKey) ?? '（已不存在的票箱）'}`);
  if (typeof input.collected === 'number') details.push(`收回：${input.collected} 张`);
  if (typeof input.status === 'string' && CHECKPOINT_WORDS[input.status]) details.push(`核对：${CHECKPOINT_WORDS[input.status]}`);
  if (typeof input.uptoSeq === 'number') details.push(`核对到：第 ${input.uptoSeq} 张`);
  const note = text(input.note) ?? text(input.doubtful);
  if (note) details.push(`疑点：${note}`);
  const reason = text(input.reason);
  if (reason) details.push(`理由：${reason in REMOVAL_REASON_LABELS ? REMOVAL_REASON_LABELS[reason as keyof typeof REMOVAL_REASON_LABELS] : reason}`);
  if (input.unreadable === true) details.push('整张无法辨认');
  return { seq: row.seq, at: row.at, who: row.actor, command: row.command, label: commandLabel(row.command), ballots, details };
}
