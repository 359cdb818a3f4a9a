/**
 * The station's one dispatcher: the command name checked, the input parsed once against the contract,
 * the chair's PIN where the contract declares it, the handler run — a mutating one in one transaction
 * with its audit event, then the version of the station's state bumped with the tables it wrote
 * (db/state.ts) — the output checked against the contract, and refusals and a damaged file turned
 * into answers. Electron's IPC handler and the browser host reach it through page-call.ts; the CLI and
 * the tests through Station.call.
 */
import type { z } from 'zod';
import { contract, isCommandName, needsChair } from '../../shared/contract.js';
import { inputProblem } from '../../shared/field-labels.js';
import { protoKeyPath, UNSAFE_KEY_MESSAGE } from '../../shared/keys.js';
import { Refusal, fail, ok, type AppError, type Result } from '../../shared/result.js';
import type { Role } from './access.js';
import type { AuditEvent, AuditLog, Effect } from './audit.js';
import { isDamageError, type CallOptions, type Ctx, type HandlersFor, type MutableCtx, type Station } from './context.js';
import type { Db } from './db/open.js';
import type { PinGuard } from './pin-guard.js';
import type { RowWriter } from './row-writer.js';
import { authHandlers } from './commands/auth.js';
import { countHandlers } from './commands/count.js';
import { electionHandlers } from './commands/election.js';
import { issueHandlers } from './commands/issue.js';
import { outputHandlers } from './commands/output.js';
import { papersHandlers } from './commands/papers.js';
import { partyHandlers } from './commands/party.js';
import { proxyHandlers } from './commands/proxy.js';
import { rollImportHandlers } from './commands/roll-import.js';
import { rollPublicationHandlers } from './commands/roll-publication.js';
import { rollReadHandlers } from './commands/roll-read.js';
import { rollRegisterHandlers } from './commands/roll-register.js';
import { roundHandlers } from './commands/round.js';
import { secretaryHandlers } from './commands/secretary.js';
import { stationHandlers } from './commands/station.js';

const handlers: HandlersFor<typeof contract> = {
  ...stationHandlers,
  ...authHandlers,
  ...electionHandlers,
  ...rollImportHandlers,
  ...rollRegisterHandlers,
  ...rollReadHandlers,
  ...rollPublicationHandlers,
  ...partyHandlers,
  ...proxyHandlers,
  ...issueHandlers,
  ...countHandlers,
  ...roundHandlers,
  ...outputHandlers,
  ...papersHandlers,
  ...secretaryHandlers,
};

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

/** What the dispatcher needs of the open station (index.ts wires it). */
export interface DispatchDeps {
  db: Db;
  dataDir: string;
  station: () => Station;
  clock: () => Date;
  defaultActor: string | undefined;
  readOnly: () => boolean;
  pins: PinGuard;
  rows: RowWriter;
  appendEvent: (e: Parameters<AuditLog['append']>[0]) => AuditEvent;
  recordHead: (e: AuditEvent) => void;
  /** After a mutating command (the automatic backups' turn). */
  afterMutation: () => void;
}

export function makeDispatcher(d: DispatchDeps): (command: string, input: unknown, callOpts?: CallOptions) => Result<unknown> {
  /** A mutating command's transaction: the handler, then its audit event (one wrapper, made once). */
  const commandTx = d.db.transaction((handler: (ctx: Ctx, input: unknown) => unknown, ctx: MutableCtx, command: string, data: unknown) => {
    const o = handler(ctx, data);
    const ev = d.appendEvent({ at: ctx.at, actor: ctx.actor, command, input: redactSecrets(data), effects: ctx.effects });
    return { o, ev };
  });

  return function call(command: string, input: unknown, callOpts: CallOptions = {}): Result<unknown> {
    if (!isCommandName(command)) return fail('UNKNOWN_COMMAND', `没有这个命令：${command}`);
    const spec = contract[command];
    const proto = protoKeyPath(input);
    if (proto !== null) return fail('VALIDATION', `输入有误：${proto} ${UNSAFE_KEY_MESSAGE}`, { command, path: proto });
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: validationError(parsed.error, command) };
    if (spec.mutates && d.readOnly()) {
      return fail('READ_ONLY', '本次选举数据未通过完整性检查，已以只读方式打开，不能再修改。请从备份恢复。');
    }
    const now = d.clock();
    const actor0 = callOpts.actor ?? d.defaultActor ?? '计票站';
    const role = guardRole(command, parsed.data);
    if (role) {
      const denied = d.pins.check(role, command, callOpts.pin, now, actor0);
      if (denied) return denied;
    } else if (command === 'auth.check') {
      return fail('PIN_NOT_SET', '还没有设置这个密码。');
    }
    const effects: Effect[] = [];
    const afterCommit: (() => void)[] = [];
    const actor = actor0;
    const ctx: MutableCtx = {
      db: d.db,
      at: now.toISOString(),
      today: localDate(now),
      actor,
      dataDir: d.dataDir,
      station: d.station(),
      effects,
      afterCommit,
      insert: (table, row) => d.rows.insert(effects, table, row),
      after: (fn) => afterCommit.push(fn),
    };
    const handler = handlers[command] as (ctx: Ctx, input: unknown) => unknown;
    let out: unknown;
    try {
      if (spec.mutates) {
        d.db.state.begin(effects);
        let done: { o: unknown; ev: AuditEvent };
        try {
          done = commandTx.immediate(handler, ctx, command, parsed.data);
        } catch (e) {
          d.db.state.abandon();
          throw e;
        }
        // committed: a new version of the state; what reads none of the written tables carries over
        d.db.state.committed(new Set(effects.map((e) => e[0])));
        out = done.o;
        d.recordHead(done.ev);
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
    if (spec.mutates) d.afterMutation();
    const checked = spec.output.safeParse(out);
    if (!checked.success) {
      throw new Error(`station bug: output of ${command} does not match the contract: ${checked.error.message}`);
    }
    return ok(checked.data);
  };
}
