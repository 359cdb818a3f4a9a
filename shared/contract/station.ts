import { z } from 'zod';
import { command } from './define.js';

export const HealthSchema = z.object({
  readOnly: z.boolean(),
  integrity: z.object({ ok: z.boolean(), message: z.string() }),
  audit: z.object({ ok: z.boolean(), events: z.number().int(), rows: z.number().int(), problems: z.array(z.object({ code: z.string(), message: z.string() })) }),
  schemaVersion: z.number().int(),
  /** Plain Chinese summary to show on the start screen. */
  summary: z.string(),
  /** The last completed command (says, after a crash, whether e.g. an import went through). */
  lastEvent: z.object({ seq: z.number().int(), at: z.string(), command: z.string(), label: z.string() }).nullable().optional(),
  /** Committed data missing from the database (see electron/station/head-file.ts). */
  dataLoss: z
    .object({ kind: z.enum(['missing', 'different']), source: z.enum(['head-file', 'key-folder', 'backup']), recordedSeq: z.number().int(), recordedAt: z.string(), foundSeq: z.number().int() })
    .nullable()
    .optional(),
  /** When the checks fail: the newest backup that passes them. */
  restoreFrom: z.object({ name: z.string(), at: z.string(), reason: z.string(), seq: z.number().int() }).nullable().optional(),
  /** Each open-time check in one line: integrity, triggers, chain, head (keyed), backups (electron/station/health.ts). */
  checks: z.array(z.object({ key: z.enum(['integrity', 'triggers', 'chain', 'head', 'backups']), ok: z.boolean(), message: z.string() })).optional(),
  /** Signs of a change made outside the station, each in plain Chinese. */
  tamper: z.array(z.object({ code: z.string(), message: z.string() })).optional(),
  /** The keyed head records vouch for the chain's last event. */
  keyed: z.boolean().optional(),
});

export const BackupSchema = z.object({ name: z.string(), at: z.string(), reason: z.string(), bytes: z.number().int() });

/** A moment as the station stores it (UTC, ISO 8601); the page converts the clerk's local time. */
const AuditTime = (what: string) =>
  z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/, `${what}的格式不对，请重新选择日期和时间。`);

/** One event of the audit log in words: who, when, what, which ballots (never command names or field names). */
export const AuditViewEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  who: z.string(),
  /** The command's name, for the filter only (the page shows `label`). */
  command: z.string(),
  label: z.string(),
  /** The ballots the event wrote or named: round number and ballot number in that round. */
  ballots: z.array(z.object({ round: z.number().int(), seq: z.number().int() })),
  /** What was given, each line in Chinese (理由：…, 裁定：…, 监票人：…). */
  details: z.array(z.string()),
});

export const stationContract = {
  'station.health': command({
    summary: '数据库完整性与审计链检查结果（打开时已检查）',
    mutates: false,
    input: z.strictObject({ recheck: z.boolean().optional() }),
    output: HealthSchema,
  }),
  'audit.list': command({
    summary: '审计日志（最近的在前）',
    mutates: false,
    input: z.strictObject({ limit: z.number().int().min(1).max(1000).default(100), beforeSeq: z.number().int().positive().optional() }),
    output: z.object({
      events: z.array(z.object({ seq: z.number().int(), at: z.string(), actor: z.string(), command: z.string(), input: z.unknown(), hash: z.string() })),
      head: z.object({ seq: z.number().int(), hash: z.string() }),
    }),
  }),
  'audit.view': command({
    summary: '查看操作记录：按操作、时间和选票号筛选（最近的在前）',
    mutates: false,
    input: z.strictObject({
      commands: z.array(z.string().min(1).max(60)).max(200).optional(),
      /** Names other than from/to: those are path inputs to the page guard (electron/page-guard.ts). */
      since: AuditTime('开始时间').optional(),
      until: AuditTime('结束时间').optional(),
      ballot: z.number({ message: '选票号应是数字' }).int('选票号应是整数').min(1, '选票号从 1 开始').max(1_000_000, '选票号太大').optional(),
      beforeSeq: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(500).default(200),
    }),
    output: z.object({
      events: z.array(AuditViewEventSchema),
      /** More matching events before the last one shown (ask again with beforeSeq). */
      more: z.boolean(),
      /** Every kind of operation in the log, with its Chinese label and how often (for the filter). */
      kinds: z.array(z.object({ command: z.string(), label: z.string(), count: z.number().int() })),
    }),
  }),
  'backup.list': command({
    summary: '列出自动和手动备份',
    mutates: false,
    input: z.strictObject({}),
    output: z.object({ backups: z.array(BackupSchema) }),
  }),
  'backup.create': command({
    summary: '立即备份',
    mutates: false,
    input: z.strictObject({ reason: z.string().max(40).optional() }),
    /** folder: where the copy was written on this computer (said on screen with the time). */
    output: z.object({ backup: BackupSchema, folder: z.string() }),
  }),
};
