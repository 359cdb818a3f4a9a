/**
 * Output area (issue 5): printed forms and the signed USB export package. The township's commands
 * are in township.ts (answered by the workspace, with no election open).
 * Forms are saved under <dataDir>/forms/ (always, whether or not they are printed); the export
 * package is written to a removable drive or any folder the user picks.
 */
import { z } from 'zod';
import { command } from './define.js';
import { IdSchema } from '../model.js';

export const FormIdSchema = z.enum([
  'tally_sheet',
  'result_report',
  'announcement',
  'certificates',
  'voter_list',
  'proxy_list',
  'voter_cards',
  'mobile_box_list',
  'ballot_paper',
  'checkpoint_sheet',
  'secretary_ballot',
  'secretary_report',
]);
export type FormId = z.infer<typeof FormIdSchema>;

export const FORM_TITLES: Record<FormId, string> = {
  tally_sheet: '选票统计表（计票单）',
  result_report: '选举结果报告单',
  announcement: '选举结果公告',
  certificates: '当选证书',
  voter_list: '选民名单',
  proxy_list: '委托投票名单',
  voter_cards: '选民证',
  mobile_box_list: '流动票箱投票选民名单',
  ballot_paper: '选票（样张）',
  checkpoint_sheet: '计票分段核对单',
  secretary_ballot: '书记、副书记选举选票',
  secretary_report: '书记、副书记选举结果报告单',
};

/** The title a form has for an election kind: a Party branch election lists members, not voters. */
export function formTitleFor(form: FormId, kind: string): string {
  if (kind === 'party_branch' && form === 'voter_list') return '有选举权的党员名单';
  return FORM_TITLES[form];
}

const Warning = z.object({ code: z.string(), message: z.string() });

export const MissingGlyphSchema = z.object({ char: z.string(), codePoint: z.string() });

export const SavedFormSchema = z.object({ fileName: z.string(), path: z.string(), bytes: z.number().int(), modifiedAt: z.string() });

export const DriveSchema = z.object({
  /** Folder to write the package into (the drive's mount point). */
  path: z.string(),
  label: z.string(),
  removable: z.boolean(),
  sizeBytes: z.number().nullable(),
  freeBytes: z.number().nullable(),
});

export const PackageProblemSchema = z.object({ file: z.string(), code: z.string(), message: z.string() });

export const VerifySchema = z.object({
  ok: z.boolean(),
  path: z.string(),
  electionId: z.string().nullable(),
  drill: z.boolean().nullable(),
  keyFingerprint: z.string().nullable(),
  files: z.number().int(),
  problems: z.array(PackageProblemSchema),
  /** One line: what was checked, or the first problem. */
  summary: z.string(),
});

export const outputContract = {
  'forms.checkGlyphs': command({
    summary: '检查文字中有没有字体缺少的字（生僻字），打印前和录入姓名时提醒',
    mutates: false,
    input: z.strictObject({ text: z.string().max(20_000) }),
    output: z.object({ ok: z.boolean(), missing: z.array(MissingGlyphSchema), message: z.string() }),
  }),
  'forms.list': command({
    summary: '可打印的表格，以及已保存的 PDF',
    mutates: false,
    input: z.strictObject({}),
    output: z.object({
      forms: z.array(z.object({ form: FormIdSchema, title: z.string(), available: z.boolean(), reason: z.string() })),
      saved: z.array(SavedFormSchema),
    }),
  }),
  'forms.render': command({
    summary: '生成一份表格的 PDF（保存在本次选举的 forms 文件夹中，可预览和打印）',
    mutates: false,
    input: z.strictObject({
      form: FormIdSchema,
      /** Tally sheet / result report / ballot sample / checkpoint sheet of one round; default: every round with a result (the ballot: the current round). */
      roundId: IdSchema.optional(),
      /** Checkpoint sheet: the batch ending at this ballot (a multiple of 50); default the latest. */
      uptoSeq: z.number().int().min(1).optional(),
    }),
    output: z.object({
      form: FormIdSchema,
      path: z.string(),
      fileName: z.string(),
      pages: z.number().int(),
      bytes: z.number().int(),
      resultSha256: z.string(),
      keyFingerprint: z.string(),
      missingGlyphs: z.array(MissingGlyphSchema),
      warnings: z.array(Warning),
    }),
  }),
  'export.drives': command({
    summary: '查找插入的 U 盘（也可以自己选择任意文件夹）',
    mutates: false,
    input: z.strictObject({}),
    output: z.object({ drives: z.array(DriveSchema), message: z.string() }),
  }),
  'export.write': command({
    summary: '把已确认的结果、表格和审计日志写成签名的导出包（U 盘），写完读回核对',
    mutates: true,
    chair: true,
    folders: ['target'],
    input: z.strictObject({ target: z.string().min(1, '请选择 U 盘或文件夹').max(1000) }),
    output: z.object({
      packagePath: z.string(),
      files: z.number().int(),
      bytes: z.number().int(),
      resultSha256: z.string(),
      keyFingerprint: z.string(),
      rounds: z.number().int(),
      message: z.string(),
    }),
  }),
  'export.verify': command({
    summary: '核对一个导出包：文件是否齐全、有没有被改动、签名是否正确',
    mutates: false,
    input: z.strictObject({ path: z.string().min(1).max(1000) }),
    output: VerifySchema,
  }),
  'export.keyInfo': command({
    summary: '本计票站的签名密钥指纹（打印在每张表格上）',
    mutates: false,
    input: z.strictObject({}),
    output: z.object({ keyFingerprint: z.string(), publicKeyPem: z.string() }),
  }),
};
