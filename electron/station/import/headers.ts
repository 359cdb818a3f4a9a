/** Recognising the header row of a voter roll: the usual Chinese column names and their variants. */
import type { RollField } from './types.js';

export const FIELD_LABELS: Readonly<Record<RollField, string>> = {
  name: '姓名',
  gender: '性别',
  idNumber: '身份证号码',
  group: '村民小组',
  category: '类别',
  phone: '联系电话',
  note: '备注',
  approvalRef: '审批文号',
};

export const HEADER_ALIASES: Readonly<Record<RollField, readonly string[]>> = {
  name: ['姓名', '选民姓名', '村民姓名'],
  gender: ['性别'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '公民身份证号码', '居民身份证号码', '身份证'],
  group: ['村民小组', '组别', '小组', '所属小组', '所在小组'],
  category: ['类别', '登记类别', '选民类别'],
  phone: ['联系电话', '电话', '手机', '手机号码', '联系方式'],
  note: ['备注'],
  approvalRef: ['审批文号', '同意依据'],
};

export const REQUIRED_FIELDS: readonly RollField[] = ['name', 'gender', 'idNumber', 'group', 'category'];

const ALIAS_TO_FIELD = new Map<string, RollField>();
for (const [field, aliases] of Object.entries(HEADER_ALIASES) as [RollField, readonly string[]][]) {
  for (const a of aliases) ALIAS_TO_FIELD.set(a, field);
}

/** "* 身份证号码（18位）" -> "身份证号码": spaces, required-markers and bracketed hints removed. */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\(.*?\)|\[.*?\]|【.*?】/g, '')
    .replace(/[\s*:：]/g, '');
}

export interface HeaderMatch {
  /** Column index (0-based) of each recognised field; the first column wins if a name repeats. */
  columns: Partial<Record<RollField, number>>;
  /** Every non-empty header cell as written, for the error message. */
  found: string[];
  missing: RollField[];
}

export function matchHeader(cells: readonly string[]): HeaderMatch {
  const columns: Partial<Record<RollField, number>> = {};
  const found: string[] = [];
  cells.forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    found.push(text);
    const field = ALIAS_TO_FIELD.get(normaliseHeader(text));
    if (field !== undefined && columns[field] === undefined) columns[field] = i;
  });
  return { columns, found, missing: REQUIRED_FIELDS.filter((f) => columns[f] === undefined) };
}

/** Enough of the required columns to be taken for the header (a title row above it has none). */
export function looksLikeHeader(m: HeaderMatch): boolean {
  return REQUIRED_FIELDS.length - m.missing.length >= 2;
}

export function describeMissing(missing: readonly RollField[]): string {
  return missing.map((f) => `${FIELD_LABELS[f]}（可写作：${HEADER_ALIASES[f].join('、')}）`).join('；');
}
