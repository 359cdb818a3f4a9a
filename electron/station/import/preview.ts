/**
 * Checking a read roll before anything is registered: every row with its problems, so the
 * committee can fix the file (or accept the warnings) and import only good rows.
 * Pure: no clock, no database — the caller passes the election date and the ID numbers already
 * registered.
 */
import { BUILTIN_CATEGORIES, CATEGORY_LABELS } from '../../../shared/model.js';
import { ageOn, parseIdNumber } from '../../../shared/rules/id-number.js';
import { categoryChoices, resolveCategory } from './categories.js';
import type { RawRollRow } from './types.js';

export type ProblemSeverity = 'error' | 'warning';

export interface RollProblem {
  /** Stable code, e.g. `R1_UNDER_18`, `ID_CHECKSUM`, `R3_DUPLICATE_IN_FILE`. */
  code: string;
  severity: ProblemSeverity;
  /** Chinese, says what is wrong and what to do. */
  message: string;
  /** Rule id of rules.md when the problem comes from one. */
  rule?: 'R1' | 'R2' | 'R3';
  /** Other rows of the file with the same ID number (duplicates). */
  otherRows?: number[];
}

export interface NormalisedRollRow {
  sourceRow: number;
  name: string;
  /** 18 characters, X upper case. */
  idNumber: string;
  /** From the ID number. */
  gender: 'M' | 'F';
  birthDate: string;
  group: string | null;
  category: string;
  approvalRef: string | null;
  phone: string | null;
  note: string | null;
}

export interface RollPreviewRow {
  sourceRow: number;
  raw: RawRollRow;
  /** registered: the person is on the roll already (or was, and was removed): not imported again, not an error. */
  status: 'ok' | 'warning' | 'error' | 'registered';
  problems: RollProblem[];
  /** Present when the row can be imported (no errors). */
  normalised: NormalisedRollRow | null;
  /** The registration this row's ID number already has (status registered). */
  registered: RegisteredPerson | null;
  /**
   * R3 within the file: the rows sharing this row's ID number, and what this row would register if
   * the clerk picks it as the right one (null: it has errors of its own and cannot be picked).
   */
  duplicate: { idNumber: string; rows: number[]; candidate: NormalisedRollRow | null } | null;
}

/** A registration already on the roll, as the preview names it. */
export interface RegisteredPerson {
  voterId: number;
  name: string;
  /** Removed from the roll (R4): a new registration needs the committee's decision (roll.reregister). */
  removed: boolean;
  /** Why, in Chinese (removed only). */
  removalLabel?: string;
}

export interface RollPreviewSummary {
  /** importable + withErrors + registered + the rows of the duplicate groups. */
  total: number;
  /** Rows without errors (with or without warnings), outside the duplicate groups. */
  importable: number;
  withWarnings: number;
  /** Rows with errors, outside the duplicate groups. */
  withErrors: number;
  /** Rows whose person is on the roll already (status registered). */
  registered: number;
  /** R3: rows sharing one ID number in the file; the clerk picks the right one of each group (or none). */
  duplicateGroups: { idNumber: string; rows: number[]; pickable: number[] }[];
  /** Rows affected per problem code. */
  byCode: Record<string, number>;
  /** Importable rows per category code. */
  byCategory: Record<string, number>;
}

export interface RollPreview {
  rows: RollPreviewRow[];
  summary: RollPreviewSummary;
}

export interface PreviewOptions {
  /** YYYY-MM-DD: R1 age is counted on this day. */
  electionDate: string;
  /** The roll's registrations by ID number (R3), normalised (X upper case): an active one before a removed one. */
  registered: ReadonlyMap<string, RegisteredPerson>;
  /** The profile's extra categories (extraVoterCategories); the three built-in ones always apply. */
  categories: readonly string[];
  /** The file has no category column: everyone is `resident` (R2). Default true. */
  categoryColumn?: boolean;
  /** The file has no group column: no row is told its group is empty. Default true. */
  groupColumn?: boolean;
}

/** Longest name the roll stores (the voters table's check). */
const MAX_NAME = 50;

/** Name as registered: outer blanks and every full-width space removed; ASCII spaces between
 * Chinese characters (used to line up two-character names, “张三”中间的全角或半角空格) removed too. */
export function normaliseName(raw: string): string {
  return raw
    .replace(/\u3000/g, '')
    .trim()
    .replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, '')
    .replace(/\s+/g, ' ');
}

/** ID number as typed into a cell: full-width digits, inner spaces, a leading apostrophe or tab
 * (tricks to keep Excel from turning it into a number) and ="…" removed. */
export function normaliseIdInput(raw: string): string {
  let s = raw.normalize('NFKC').replace(/\s+/g, '');
  const formula = /^="(.*)"$/.exec(s);
  if (formula) s = formula[1] ?? '';
  return s.replace(/^'/, '').toUpperCase();
}

function readGender(raw: string): 'M' | 'F' | 'blank' | 'unknown' {
  const t = raw.normalize('NFKC').trim().toUpperCase();
  if (t === '') return 'blank';
  if (t === '男' || t === '男性' || t === 'M' || t === 'MALE') return 'M';
  if (t === '女' || t === '女性' || t === 'F' || t === 'FEMALE') return 'F';
  return 'unknown';
}

const GENDER_ZH = { M: '男', F: '女' } as const;

function optional(s: string): string | null {
  const t = s.trim();
  return t === '' ? null : t;
}

export function previewRoll(rows: readonly RawRollRow[], options: PreviewOptions): RollPreview {
  const extras = options.categories.filter((c) => !(BUILTIN_CATEGORIES as readonly string[]).includes(c));

  // R3 within the file: no row holding a repeated number is imported as it stands, since the file
  // alone cannot say which of them is right: the clerk picks one (or none) for each number.
  const idInputs = rows.map((r) => normaliseIdInput(r.idNumber));
  const rowsById = new Map<string, number[]>();
  idInputs.forEach((id, i) => {
    if (id === '') return;
    const list = rowsById.get(id);
    const n = (rows[i] as RawRollRow).sourceRow;
    if (list) list.push(n);
    else rowsById.set(id, [n]);
  });

  const out: RollPreviewRow[] = [];
  const byCode: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  let importable = 0;
  let withWarnings = 0;
  let withErrors = 0;
  let registeredRows = 0;
  const groups = new Map<string, { idNumber: string; rows: number[]; pickable: number[] }>();

  rows.forEach((raw, i) => {
    const problems: RollProblem[] = [];
    const add = (p: RollProblem) => problems.push(p);

    for (const issue of raw.issues) add({ code: issue.code, severity: issue.severity, message: issue.message });

    const name = normaliseName(raw.name);
    if (name === '' && !raw.issues.some((x) => x.field === 'name')) add({ code: 'NAME_MISSING', severity: 'error', message: '姓名为空。请填写选民姓名。' });
    else if (name !== '' && !/\p{L}/u.test(name)) {
      // a formula's stale result (0), a number pasted into the wrong column
      add({ code: 'NAME_NOT_A_NAME', severity: 'error', message: `姓名“${name}”不是人名（没有文字）。请核对这一行的姓名后重新导入。` });
    } else if (name.length > MAX_NAME) {
      add({ code: 'NAME_TOO_LONG', severity: 'error', message: `姓名有 ${name.length} 个字，超过 ${MAX_NAME} 个字，不像是一个人的姓名。请核对这一行。` });
    }

    const idInput = idInputs[i] ?? '';
    let idInfo: { id: string; birthDate: string; gender: 'M' | 'F' } | undefined;
    if (idInput === '') {
      if (!raw.issues.some((x) => x.field === 'idNumber')) add({ code: 'ID_MISSING', severity: 'error', message: '身份证号码为空。请按身份证填写 18 位号码。' });
    } else {
      const parsed = parseIdNumber(idInput);
      if (parsed.ok) {
        idInfo = parsed.value;
        if (raw.idNumberish === true && /000$/.test(idInfo.id)) {
          add({
            code: 'ID_ENDS_000',
            severity: 'warning',
            message: `身份证号码以 000 结尾。Excel 把身份证号码当作数字保存（另存为 CSV、或该列不是“文本”格式）时会把末尾几位变成 0，而约每 11 个这样的号码就有 1 个仍能通过校验位检查。请对照身份证核对这个号码。`,
          });
        }
      } else {
        let message = parsed.error.message;
        if (parsed.error.code === 'ID_CHECKSUM' && /000$/.test(idInput)) {
          message += '号码以 000 结尾，很可能是 Excel 把号码当作数字保存后丢失了末尾几位：请把该列设为“文本”格式后按身份证重新录入。';
        }
        add({ code: parsed.error.code, severity: 'error', message });
      }
    }

    const registered = idInfo ? options.registered.get(idInfo.id) : undefined;
    if (idInfo && !registered) {
      const age = ageOn(idInfo.birthDate, options.electionDate);
      if (age < 18) {
        add({
          code: 'R1_UNDER_18',
          severity: 'error',
          rule: 'R1',
          message: `选举日（${options.electionDate}）未满 18 周岁（出生日期 ${idInfo.birthDate}，届时 ${Math.max(age, 0)} 周岁），不能登记为选民。`,
        });
      } else if (age > 110) {
        add({ code: 'AGE_IMPLAUSIBLE', severity: 'warning', message: `按身份证号码计算，选举日已 ${age} 周岁。请核对号码中的出生日期。` });
      }
      const g = readGender(raw.gender);
      if (g === 'M' || g === 'F') {
        if (g !== idInfo.gender) {
          add({
            code: 'GENDER_MISMATCH',
            severity: 'warning',
            message: `性别填写为“${GENDER_ZH[g]}”，身份证号码显示为“${GENDER_ZH[idInfo.gender]}”。导入时以身份证号码为准，请核对。`,
          });
        }
      } else if (g === 'unknown') {
        add({ code: 'GENDER_UNREADABLE', severity: 'warning', message: `性别“${raw.gender.trim()}”无法识别（应为 男 或 女）。导入时以身份证号码为准。` });
      }
    }

    const byColumn = options.categoryColumn !== false;
    const category = byColumn ? resolveCategory(raw.category, extras) : 'resident';
    if (!byColumn) {
      // R2: a roll without a category column means everyone is resident (said once, above the rows)
    } else if (raw.category.trim() === '') {
      if (!raw.issues.some((x) => x.field === 'category')) {
        add({ code: 'R2_CATEGORY_MISSING', severity: 'error', rule: 'R2', message: `登记类别为空。请填写：${categoryChoices(extras).join('；')}。` });
      }
    } else if (category === undefined) {
      add({
        code: 'R2_CATEGORY_UNKNOWN',
        severity: 'error',
        rule: 'R2',
        message: `登记类别“${raw.category.trim()}”无法识别。可填写：${categoryChoices(extras).join('；')}。`,
      });
    }
    const approvalRef = optional(raw.approvalRef);
    if (category === 'nonresident_approved' && approvalRef === null) {
      add({
        code: 'R2_APPROVAL_REF_MISSING',
        severity: 'warning',
        rule: 'R2',
        message: `类别为“${CATEGORY_LABELS.nonresident_approved}”，但没有填写审批文号（村民会议或村民代表会议同意的依据）。请补填。`,
      });
    }
    const group = optional(raw.group);
    if (group === null && options.groupColumn !== false) add({ code: 'GROUP_MISSING', severity: 'warning', message: '村民小组为空。请补填，以便按小组发放选票和公布名单。' });

    if (idInfo && registered) {
      // On the roll already: not imported again, and not an error — the file is simply older than the roll.
      const differs = registered.name !== name && name !== '';
      const row: RollPreviewRow = {
        sourceRow: raw.sourceRow,
        raw,
        status: 'registered',
        problems: [
          {
            code: 'R3_ALREADY_REGISTERED',
            severity: 'warning',
            rule: 'R3',
            message: registered.removed
              ? `已登记过（${registered.name}），后来从名单中移除${registered.removalLabel ? `（${registered.removalLabel}）` : ''}，不再导入。如选举委员会决定重新登记，请在名单中找到此人，办理“重新登记”。`
              : differs
                ? `已在名单中，但名单上的姓名是“${registered.name}”。如是同一人，请在名单中更正姓名；如不是同一人，请核对身份证号码。`
                : '已在名单中，不重复导入。',
          },
        ],
        normalised: null,
        registered,
        duplicate: null,
      };
      byCode.R3_ALREADY_REGISTERED = (byCode.R3_ALREADY_REGISTERED ?? 0) + 1;
      registeredRows++;
      out.push(row);
      return;
    }
    const others = idInfo ? (rowsById.get(idInput) ?? []).filter((n) => n !== raw.sourceRow) : [];
    const ownErrors = problems.some((p) => p.severity === 'error');
    if (others.length > 0) {
      add({
        code: 'R3_DUPLICATE_IN_FILE',
        severity: 'error',
        rule: 'R3',
        otherRows: others,
        message: `身份证号码与第 ${others.join('、')} 行相同。同一人只能登记一次：请选定哪一行是正确的（或都不导入）。`,
      });
    }
    const hasError = problems.some((p) => p.severity === 'error');
    const status = hasError ? 'error' : problems.length > 0 ? 'warning' : 'ok';
    for (const code of new Set(problems.map((p) => p.code))) byCode[code] = (byCode[code] ?? 0) + 1;

    let normalised: NormalisedRollRow | null = null;
    if (!ownErrors && idInfo && category !== undefined) {
      normalised = {
        sourceRow: raw.sourceRow,
        name,
        idNumber: idInfo.id,
        gender: idInfo.gender,
        birthDate: idInfo.birthDate,
        group,
        category,
        approvalRef,
        phone: optional(raw.phone),
        note: optional(raw.note),
      };
    }
    if (others.length > 0 && idInfo) {
      let group = groups.get(idInfo.id);
      if (!group) groups.set(idInfo.id, (group = { idNumber: idInfo.id, rows: [raw.sourceRow, ...others].sort((a, b) => a - b), pickable: [] }));
      if (normalised) group.pickable.push(raw.sourceRow);
      out.push({ sourceRow: raw.sourceRow, raw, status, problems, normalised: null, registered: null, duplicate: { idNumber: idInfo.id, rows: group.rows, candidate: normalised } });
      return;
    }
    if (normalised) {
      importable++;
      byCategory[normalised.category] = (byCategory[normalised.category] ?? 0) + 1;
      if (status === 'warning') withWarnings++;
    } else {
      withErrors++;
    }
    out.push({ sourceRow: raw.sourceRow, raw, status, problems, normalised, registered: null, duplicate: null });
  });

  return {
    rows: out,
    summary: { total: rows.length, importable, withWarnings, withErrors, registered: registeredRows, duplicateGroups: [...groups.values()], byCode, byCategory },
  };
}
