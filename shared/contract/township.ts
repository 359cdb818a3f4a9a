/**
 * The township's commands (issue 13): verify and total many villages' packages against the key
 * register kept in the workspace (not in any election: the township page works with no election
 * open). They are answered by the workspace (electron/station/township/commands.ts), like the
 * workspace.* commands; the register lives at <workspace>/township/key-register.jsonl.
 */
import { z } from 'zod';
import { command } from './define.js';
import { ShortText } from '../model.js';

const Paths = z.array(z.string().min(1).max(1000)).min(1, '请至少选择一个导出包').max(1000);

export const PackageEntrySchema = z.object({
  path: z.string(),
  status: z.enum(['counted', 'pending', 'refused', 'superseded', 'conflict', 'set_aside']),
  code: z.enum(['NOT_A_PACKAGE', 'OLD_FORMAT', 'TAMPERED', 'UNSAFE', 'RESULT_INVALID', 'DRILL', 'REAL_IN_DRILL', 'KEY_MISMATCH', 'PAPER_MISMATCH']).nullable(),
  reason: z.string(),
  electionId: z.string().nullable(),
  township: z.string(),
  village: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  keyFingerprint: z.string().nullable(),
  registeredFingerprints: z.array(z.string()),
  keyState: z.enum(['verified', 'pending', 'mismatch']).nullable(),
  keyConfirmed: z.object({ at: z.string(), by: z.string(), how: z.string() }).nullable(),
  resultSha256: z.string().nullable(),
  paper: z.enum(['matched', 'mismatch', 'none']),
  createdAt: z.string().nullable(),
  confirmedRounds: z.number().int(),
  supersededBy: z.string().nullable(),
});

/** The figures a village row and a total share: turnout and the structure of those elected. */
const Figures = {
  seats: z.number().int(),
  electedCount: z.number().int(),
  vacancies: z.number().int(),
  registered: z.number().int(),
  participants: z.number().int(),
  /** Per mille, rounded half up (integer arithmetic): 46 of 60 → 767. */
  turnoutPermille: z.number().int(),
  women: z.number().int(),
  age35OrUnder: z.number().int(),
  college: z.number().int(),
  partyMembers: z.number().int(),
};

export const VillageRowSchema = z.object({
  ...Figures,
  path: z.string(),
  electionId: z.string(),
  township: z.string(),
  village: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  keyFingerprint: z.string(),
  resultSha256: z.string(),
  paperChecked: z.boolean(),
  /** "主任 张建国；委员 王芳、赵敏" */
  electedText: z.string(),
  elected: z.array(z.object({ post: z.string(), name: z.string(), round: z.number().int() })),
  valid: z.boolean(),
  validity: z.string(),
  rounds: z.number().int(),
  /** 主任 (villagers) or 书记 (Party branch) elected; null: the package does not say (a Party branch without its secretary). */
  headElected: z.boolean().nullable(),
  head: z.string(),
  firstRoundSuccess: z.boolean(),
  /** Index into RESULT_TYPES (township.ts). */
  resultType: z.number().int().min(0).max(4),
  /** 一肩挑 matched across the village's two counted packages; null: the other package is not counted here. */
  oneShoulder: z.boolean().nullable(),
});

export const TotalRowSchema = z.object({
  ...Figures,
  township: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  villages: z.number().int(),
  validCount: z.number().int(),
  firstRoundSuccess: z.number().int(),
  firstRoundPermille: z.number().int(),
  oneShoulder: z.number().int(),
  /** Villages per result type (RESULT_TYPES order). */
  resultTypes: z.array(z.number().int()).length(5),
});

export const TownshipReportSchema = z.object({
  drill: z.boolean(),
  packages: z.array(PackageEntrySchema),
  villages: z.array(VillageRowSchema),
  totals: z.array(TotalRowSchema),
  townships: z.array(z.string()),
  registerFile: z.string().nullable(),
});

const Kind = z.enum(['villagers_committee', 'residents_committee', 'party_branch']);
const RegisteredKeySchema = z.object({ township: z.string(), village: z.string(), kind: Kind, kindLabel: z.string(), fingerprint: z.string(), at: z.string(), by: z.string(), how: z.string() });

const Clerk = ShortText(50);

export const townshipContract = {
  'township.import': command({
    summary: '乡镇汇总：逐个核对各村的导出包（签名、密钥登记、纸质报告单），按乡镇、按村委会和党组织分别汇总',
    mutates: false,
    folders: ['paths'],
    input: z.strictObject({
      paths: Paths,
      /** 演练汇总: take only drill packages (for training with demo elections); real packages are refused. */
      drill: z.boolean().optional(),
    }),
    output: TownshipReportSchema.extend({
      /** The table as CSV (UTF-8 with BOM, so Excel opens it), for the page's download button. */
      csv: z.string(),
    }),
  }),
  'township.xlsx': command({
    summary: '乡镇汇总表导出为 Excel（xlsx）：重新核对这些导出包后生成',
    mutates: false,
    folders: ['paths'],
    input: z.strictObject({ paths: Paths, drill: z.boolean().optional() }),
    output: z.object({ fileName: z.string(), dataBase64: z.string(), bytes: z.number().int(), villages: z.number().int() }),
  }),
  'township.find': command({
    summary: '在一个文件夹（如插入的 U 盘）里查找各村的导出包（两层以内）',
    mutates: false,
    folders: ['folder'],
    input: z.strictObject({ folder: z.string().trim().min(1, '请填写文件夹').max(1000) }),
    output: z.object({ packages: z.array(z.string()), message: z.string() }),
  }),
  'township.register': command({
    summary: '密钥登记簿：各村登记的计票站密钥和已扫描的纸质报告单',
    mutates: false,
    input: z.strictObject({}),
    output: z.object({
      file: z.string(),
      keys: z.array(RegisteredKeySchema),
      papers: z.array(z.object({ fingerprint: z.string(), electionId: z.string(), resultSha256: z.string(), at: z.string(), by: z.string() })),
      choices: z.array(z.object({ township: z.string(), village: z.string(), kind: z.string(), electionId: z.string(), reason: z.string(), at: z.string(), by: z.string() })),
    }),
  }),
  'township.addKey': command({
    summary: '登记一个村的计票站密钥：扫描盖章签字的选举结果报告单上的二维码（同时核对纸质报告单），或输入报告单上的密钥指纹',
    mutates: true,
    folders: ['paths'],
    input: z.strictObject({
      /** What the barcode scanner typed (VES1-…), or the fingerprint typed from the paper. */
      text: z.string().min(1, '请扫描二维码或输入密钥指纹').max(400),
      /** Who checked the paper (核对人). */
      by: Clerk,
      /** Needed when typing a fingerprint, or when no imported package belongs to the scanned paper. */
      township: z.string().trim().max(100).optional(),
      village: z.string().trim().max(100).optional(),
      kind: Kind.optional(),
      /** The packages on the page: the one the scanned paper belongs to names the village. */
      paths: z.array(z.string().min(1).max(1000)).max(1000).optional(),
      /** The village already has another key registered and really uses a second station. */
      another: z.boolean().optional(),
    }),
    output: z.object({
      key: RegisteredKeySchema,
      paper: z.object({ electionId: z.string(), resultSha256: z.string() }).nullable(),
      message: z.string(),
      warnings: z.array(z.object({ code: z.string(), message: z.string() })),
    }),
  }),
  'township.revokeKey': command({
    summary: '撤销一个登记错了的密钥（记录原因，不删除）',
    mutates: true,
    input: z.strictObject({ township: ShortText(100), village: ShortText(100), kind: Kind, fingerprint: z.string().min(1).max(100), reason: ShortText(500), by: Clerk }),
    output: z.object({ message: z.string() }),
  }),
  'township.choose': command({
    summary: '处理冲突：一个村同一类别有两次不同的选举时，选定计入汇总的那一次（记录原因）',
    mutates: true,
    input: z.strictObject({ township: ShortText(100), village: ShortText(100), kind: Kind, electionId: ShortText(100), reason: ShortText(500), by: Clerk }),
    output: z.object({ message: z.string() }),
  }),
};
export type TownshipContract = typeof townshipContract;
export type PackageEntry = z.infer<typeof PackageEntrySchema>;
export type VillageRow = z.infer<typeof VillageRowSchema>;
export type TotalRow = z.infer<typeof TotalRowSchema>;
