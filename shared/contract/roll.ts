import { z } from 'zod';
import { command, type CommandSpec } from './define.js';
import { DateSchema, GenderSchema, IdSchema, NameSchema, PartyStatusSchema, RemovalReasonSchema, ShortText } from '../model.js';

export const WarningSchema = z.object({ code: z.string(), message: z.string() });

export const VoterSchema = z.object({
  id: IdSchema,
  name: z.string(),
  idNumber: z.string(),
  gender: GenderSchema,
  birthDate: z.string(),
  /** Age on election day (R1). */
  age: z.number().int(),
  group: z.string(),
  /** Category code (R2): resident, registered_absent, nonresident_approved, a profile extra, or party_member. */
  category: z.string(),
  categoryLabel: z.string(),
  approvalRef: z.string(),
  phone: z.string(),
  note: z.string(),
  /** party_branch only (P1). */
  partyStatus: PartyStatusSchema.nullable(),
  /** Villagers always; Party members only as full members (P1). */
  hasVote: z.boolean(),
  removed: z.boolean(),
  removal: z.object({ reason: RemovalReasonSchema, reasonLabel: z.string(), note: z.string(), at: z.string(), actor: z.string() }).nullable(),
  source: z.string(),
  at: z.string(),
  /** 证号 printed on the 选民证 (R6): the registration's number, six digits (shared/voter-card.ts). */
  cardNumber: z.string(),
  /** Name, ID number, group or category corrected since registration (roll.correct; roll.get lists how). */
  corrected: z.boolean(),
  /** This registration registers again one that was removed (roll.reregister): the removed one. */
  previousVoterId: IdSchema.nullable(),
  /** Removed, and registered again by the committee's decision: the new registration. */
  reregisteredAs: IdSchema.nullable(),
});

/** One correction as the roll shows it: what changed, why, who and when. */
export const CorrectionSchema = z.object({
  id: IdSchema,
  changes: z.array(z.object({ field: z.enum(['name', 'idNumber', 'group', 'category', 'approvalRef', 'partyStatus']), label: z.string(), from: z.string(), to: z.string() })),
  reason: z.string(),
  at: z.string(),
  actor: z.string(),
});

/**
 * The roll file's contents, as the window's file picker reads them. No command takes a path from
 * the page: only the command line reads a file by its path (electron/cli, readRollPath) and passes
 * its contents here.
 */
const FileContent = {
  /** An empty file is the reader's to refuse (IMPORT_EMPTY_FILE), in words a clerk understands. */
  dataBase64: z.string().max(80_000_000),
  /** Its name, for the messages and the .et/.xls tell. */
  fileName: z.string().min(1).max(255),
};

export const RollFieldSchema = z.enum(['name', 'gender', 'idNumber', 'group', 'category', 'phone', 'note', 'approvalRef']);
const ColumnSchema = z.number().int().min(0).max(255).nullable().optional();

/** How to read the file when it cannot say for itself: which sheet, and the clerk's column mapping. */
const ReadChoice = {
  /** The worksheet to read (its name), when several look like a roll. */
  sheet: z.string().min(1).max(100).optional(),
  /** The header's row number as the spreadsheet shows it (1-based), with `columns`. */
  headerRow: z.number().int().min(1).max(1_048_576).optional(),
  /** The column (0-based) of each field; null: the file has no such column. Remembered for this election on import. */
  columns: z
    .strictObject({
      name: ColumnSchema,
      gender: ColumnSchema,
      idNumber: ColumnSchema,
      group: ColumnSchema,
      category: ColumnSchema,
      phone: ColumnSchema,
      note: ColumnSchema,
      approvalRef: ColumnSchema,
    })
    .optional(),
  /** party_branch: the list has no status column and the clerk states that every member on it is a full member (P1). */
  allFull: z.boolean().optional(),
};

export const PreviewProblemSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  rule: z.string().optional(),
});

export const PreviewRowSchema = z.object({
  sourceRow: z.number().int(),
  /** registered: on the roll already (or removed from it): shown as 已登记, never imported again, not an error. */
  status: z.enum(['ok', 'warning', 'error', 'registered']),
  problems: z.array(PreviewProblemSchema),
  name: z.string(),
  idNumber: z.string(),
  gender: z.string(),
  group: z.string(),
  /** As written in the file. */
  categoryText: z.string(),
  /** Resolved code when the row can be imported. */
  category: z.string().nullable(),
  partyStatus: PartyStatusSchema.nullable(),
  /** status registered: the registration the row's ID number has. */
  registered: z.object({ voterId: IdSchema, name: z.string(), removed: z.boolean() }).nullable(),
  /** R3 in the file: the rows sharing this ID number, and whether this one can be picked as the right one. */
  duplicate: z.object({ idNumber: z.string(), rows: z.array(z.number().int()), pickable: z.boolean() }).nullable(),
});

const ObjectionSchema = z.object({
  id: IdSchema,
  filedOn: z.string(),
  filedBy: z.string(),
  voterId: IdSchema.nullable(),
  voterName: z.string().nullable(),
  subjectName: z.string(),
  content: z.string(),
  /** R5: filed later than objectionDays after publication. */
  late: z.boolean(),
  /** R5: the publication it answers and the last day to object to it (publication + objectionDays). */
  publishedOn: z.string().nullable(),
  objectionDeadline: z.string().nullable(),
  /** R5: the last day to decide it (filed + objectionDecisionDays). */
  decideBy: z.string(),
  decision: z
    .object({ decidedOn: z.string(), decision: z.enum(['upheld', 'rejected']), note: z.string(), late: z.boolean(), at: z.string(), actor: z.string() })
    .nullable(),
  at: z.string(),
});

const countList = z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int() }));

export const rollContract = {
  'roll.importPreview': command({
    summary: '预览选民名单文件（xlsx 或 csv）：逐行列出问题，暂不写入',
    mutates: false,
    input: z.strictObject({ ...FileContent, ...ReadChoice }),
    output: z.object({
      /** Pass to roll.importConfirm. */
      previewId: z.string(),
      /** SHA-256 of what would be imported against the roll as it is now. */
      digest: z.string(),
      fileName: z.string(),
      format: z.enum(['xlsx', 'csv']),
      encoding: z.string().nullable(),
      /** ready: rows below; choose_sheet: several visible sheets hold a roll, ask which; map_columns: ask which column is which. */
      state: z.enum(['ready', 'choose_sheet', 'map_columns']),
      /** The worksheet read (xlsx). */
      sheet: z.string().nullable(),
      /** Every worksheet in tab order; hidden ones are skipped. */
      sheets: z.array(z.object({ name: z.string(), hidden: z.boolean(), rows: z.number().int(), roll: z.boolean() })),
      /** The (last) header row, 1-based; 0 when none was found. */
      headerRow: z.number().int(),
      /** The file's columns with their header and first values, for the mapping form. */
      columns: z.array(z.object({ index: z.number().int(), letter: z.string(), header: z.string(), samples: z.array(z.string()) })),
      /** Fields the mapping form asks for, and the column each is read from (or suggested). */
      fields: z.array(z.object({ field: RollFieldSchema, label: z.string(), required: z.boolean(), column: z.number().int().nullable() })),
      /** header: by the column names; saved: as confirmed earlier in this election; given: as asked; suggested: a guess to confirm. */
      mappingSource: z.enum(['header', 'saved', 'given', 'suggested']),
      allFull: z.boolean(),
      /** Remarks about the whole file (no category column, hidden sheets skipped, a repeated header…). */
      notes: z.array(z.object({ code: z.string(), severity: z.enum(['info', 'warning']), message: z.string() })),
      rows: z.array(PreviewRowSchema),
      summary: z.object({
        total: z.number().int(),
        importable: z.number().int(),
        withWarnings: z.number().int(),
        withErrors: z.number().int(),
        /** Rows whose person is on the roll already (status registered): skipped, not errors. */
        registered: z.number().int(),
        /** R3: ID numbers the file has more than once; roll.importConfirm needs a pick for each. */
        duplicateGroups: z.array(z.object({ idNumber: z.string(), rows: z.array(z.number().int()), pickable: z.array(z.number().int()) })),
        byCode: z.record(z.string(), z.number().int()),
        byCategory: z.record(z.string(), z.number().int()),
      }),
    }),
  }),
  'roll.importConfirm': command({
    summary: '确认导入预览过的选民名单（全部成功或全部不导入）',
    mutates: true,
    input: z.strictObject({
      previewId: z.string().min(1).max(128).optional(),
      dataBase64: FileContent.dataBase64.optional(),
      fileName: FileContent.fileName.optional(),
      ...ReadChoice,
      /** Import the rows without errors and skip the others; without it a file with error rows is refused. */
      onlyGoodRows: z.boolean().optional(),
      /**
       * R3: for each ID number the file has more than once, the row (its number in the file) that is
       * right, or null to import none of them. Every such number needs one: none is left out unasked.
       */
      picks: z
        .array(z.strictObject({ idNumber: z.string().trim().min(1).max(30), row: z.number().int().min(1).nullable() }))
        .max(100_000)
        .optional(),
    }),
    output: z.object({
      imported: z.number().int(),
      /** Rows with errors, left out (onlyGoodRows). */
      skipped: z.number().int(),
      /** Rows whose person was on the roll already. */
      alreadyRegistered: z.number().int(),
      /** Rows of a duplicate group that were not picked. */
      duplicatesLeftOut: z.number().int(),
      total: z.number().int(),
      warnings: z.array(WarningSchema),
    }),
  }),
  'roll.add': command({
    summary: '登记一名选民（党员大会：一名党员）',
    mutates: true,
    input: z.strictObject({
      name: NameSchema,
      idNumber: z.string().trim().min(1, '身份证号码不能为空').max(30),
      /** Checked against the ID number; the ID number wins. */
      gender: GenderSchema.optional(),
      group: z.string().trim().max(50).optional(),
      /** Code or the Chinese words (R2); not needed for a party_branch roll. */
      category: z.string().trim().max(60).optional(),
      approvalRef: z.string().trim().max(200).optional(),
      phone: z.string().trim().max(30).optional(),
      note: z.string().trim().max(500).optional(),
      /** party_branch only (P1). */
      partyStatus: PartyStatusSchema.optional(),
    }),
    output: z.object({ voter: VoterSchema, warnings: z.array(WarningSchema) }),
  }),
  'roll.correct': command({
    summary: '更正一名选民的姓名、身份证号码、村民小组或类别（另记一行，写明原因；投票开始前）',
    mutates: true,
    input: z.strictObject({
      voterId: IdSchema,
      name: NameSchema.optional(),
      idNumber: z.string().trim().min(1, '身份证号码不能为空').max(30).optional(),
      group: z.string().trim().max(50).optional(),
      /** Code or the Chinese words (R2); villagers only. */
      category: z.string().trim().max(60).optional(),
      approvalRef: z.string().trim().max(200).optional(),
      /** party_branch only (P1). */
      partyStatus: PartyStatusSchema.optional(),
      reason: z.string().trim().min(1, '请写明更正的原因').max(500),
    }),
    output: z.object({ voter: VoterSchema, correction: CorrectionSchema, warnings: z.array(WarningSchema) }),
  }),
  'roll.reregister': command({
    summary: '按选举委员会的决定，把已移除的选民重新登记（新登记一行，原记录保留）',
    mutates: true,
    input: z.strictObject({
      voterId: IdSchema,
      /** The committee's decision: its reference (会议纪要、决定文号) and date. */
      decisionRef: z.string().trim().min(1, '请填写选举委员会决定的依据').max(200),
      decidedOn: DateSchema,
      note: z.string().trim().max(500).optional(),
    }),
    output: z.object({ voter: VoterSchema, previous: VoterSchema, warnings: z.array(WarningSchema) }),
  }),
  'roll.remove': command({
    summary: '从选民名单中移除（保留记录并写明原因，R4）',
    mutates: true,
    input: z.strictObject({ voterId: IdSchema, reason: RemovalReasonSchema, note: z.string().trim().max(500).optional() }),
    output: z.object({ voter: VoterSchema, warnings: z.array(WarningSchema) }),
  }),
  'roll.get': command({
    summary: '查看一名选民及其领票记录',
    mutates: false,
    input: z.strictObject({ voterId: IdSchema }),
    output: z.object({
      voter: VoterSchema,
      issues: z.array(z.object({ roundId: IdSchema, roundNumber: z.number().int(), way: z.enum(['in_person', 'proxy', 'mobile']), at: z.string(), boxKey: z.string().nullable(), trusteeName: z.string().nullable() })),
      /** Every correction of this registration, oldest first, as it was recorded. */
      corrections: z.array(CorrectionSchema),
      /** The committee's decision when this registration registers a removed one again. */
      reregistration: z
        .object({ previousVoterId: IdSchema, decisionRef: z.string(), decidedOn: z.string(), note: z.string(), at: z.string(), actor: z.string() })
        .nullable(),
    }),
  }),
  'roll.list': command({
    summary: '选民名单（按村民小组分页，已移除的标明）',
    mutates: false,
    input: z.strictObject({
      group: z.string().max(50).optional(),
      category: z.string().max(60).optional(),
      includeRemoved: z.boolean().optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    output: z.object({
      voters: z.array(VoterSchema),
      /** Rows matching the filter (for paging). */
      total: z.number().int(),
      counts: z.object({
        registered: z.number().int(),
        removed: z.number().int(),
        withVote: z.number().int(),
        byCategory: countList,
        byGroup: countList,
        byPartyStatus: countList,
      }),
    }),
  }),
  'roll.search': command({
    summary: '按姓名、拼音、首字母或身份证号后几位查找选民',
    mutates: false,
    input: z.strictObject({ query: z.string().max(50), limit: z.number().int().min(1).max(100).optional() }),
    output: z.object({
      /** match: card (the 选民证 number or its barcode), name_exact, name_prefix, name_contains, initials, pinyin, id_tail. */
      voters: z.array(VoterSchema.extend({ match: z.string() })),
      /** A scanned or typed 选民证 that names nobody here: what the clerk should know (another election's card, a removed registration). */
      cardNotice: z.string().nullable(),
    }),
  }),
  'roll.publish': command({
    summary: '公布选民名单（记录公布日期和人数，R5）',
    mutates: true,
    input: z.strictObject({ publishedOn: DateSchema.optional() }),
    output: z.object({ publishedOn: z.string(), voterCount: z.number().int(), warnings: z.array(WarningSchema) }),
  }),
  'roll.objection': command({
    summary: '登记对选民名单的异议（R5）',
    mutates: true,
    input: z.strictObject({
      filedOn: DateSchema,
      filedBy: NameSchema,
      voterId: IdSchema.optional(),
      subjectName: z.string().trim().max(50).optional(),
      content: ShortText(2000),
    }),
    output: z.object({ objection: ObjectionSchema, warnings: z.array(WarningSchema) }),
  }),
  'roll.decideObjection': command({
    summary: '对异议作出处理决定（R5）；异议成立时可将该选民移出名单',
    mutates: true,
    input: z.strictObject({
      objectionId: IdSchema,
      decidedOn: DateSchema,
      decision: z.enum(['upheld', 'rejected']),
      note: z.string().trim().max(500).optional(),
      removeVoter: z.boolean().optional(),
    }),
    output: z.object({ objection: ObjectionSchema, removed: VoterSchema.nullable(), warnings: z.array(WarningSchema) }),
  }),
  'roll.objections': command({
    summary: '异议及处理情况列表',
    mutates: false,
    input: z.strictObject({}),
    output: z.object({
      objections: z.array(ObjectionSchema),
      publications: z.array(z.object({ publishedOn: z.string(), voterCount: z.number().int(), at: z.string() })),
      /** R5 as this election's rules set it, and the dates they give for the latest publication. */
      deadlines: z.object({
        electionDate: z.string(),
        today: z.string(),
        rollPublishDaysBefore: z.number().int(),
        objectionDays: z.number().int(),
        objectionDecisionDays: z.number().int(),
        /** The latest day the list could be published (election day − rollPublishDaysBefore). */
        publishBy: z.string(),
        latest: z
          .object({
            publishedOn: z.string(),
            /** Last day to object (publication + objectionDays). */
            objectionDeadline: z.string(),
            /** The R5 finding when it was published late (publicationTiming), in plain words. */
            publishedLate: z.string().nullable(),
          })
          .nullable(),
      }),
    }),
  }),
} satisfies Record<string, CommandSpec>;
