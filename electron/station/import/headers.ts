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

/**
 * A Party member list (party_branch, P1) writes the member's status (正式党员 / 预备党员 / 留党察看 /
 * 权利中止) in a column of its own and the 党小组 instead of the 村民小组. For a party_branch election
 * the roll reads the party status from the category column (roll/registry.ts), so these headers map
 * there and to the group. When a sheet has both a generic and a party header for one field (类别 and
 * 党员类别, 村民小组 and 党小组), the party header wins: only a member list has one.
 */
export const PARTY_STATUS_HEADERS = ['党员类别', '党员状态', '党员身份', '人员类别', '正式党员/预备党员', '正式或预备党员', '党籍状态'] as const;
export const PARTY_GROUP_HEADERS = ['党小组', '所在党小组', '所属党小组', '党小组名称'] as const;

export const HEADER_ALIASES: Readonly<Record<RollField, readonly string[]>> = {
  name: ['姓名', '选民姓名', '村民姓名', '党员姓名'],
  gender: ['性别'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '公民身份证号码', '居民身份证号码', '身份证'],
  group: ['村民小组', '组别', '小组', '所属小组', '所在小组', '所在组', '所属组', '组', '组名', '村组', ...PARTY_GROUP_HEADERS],
  category: ['类别', '登记类别', '选民类别', '选民登记类别', '登记类型', ...PARTY_STATUS_HEADERS],
  phone: ['联系电话', '电话', '手机', '手机号码', '联系方式'],
  note: ['备注'],
  approvalRef: ['审批文号', '同意依据', '批准文号', '审批依据'],
};

/**
 * Without these a row is nobody. The rest may be missing: the gender comes from the ID number
 * anyway, a roll without groups is one list, and a roll without a category column means everyone
 * is `resident` (R2). A Party member list also needs its status column (P1), see the station.
 */
export const REQUIRED_FIELDS: readonly RollField[] = ['name', 'idNumber'];

const ALIAS_TO_FIELD = new Map<string, RollField>();
for (const [field, aliases] of Object.entries(HEADER_ALIASES) as [RollField, readonly string[]][]) {
  for (const a of aliases) ALIAS_TO_FIELD.set(normaliseHeader(a), field);
}
const PARTY_HEADERS = new Set<string>([...PARTY_STATUS_HEADERS, ...PARTY_GROUP_HEADERS].map((a) => normaliseHeader(a)));

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
  const byPartyHeader = new Set<RollField>();
  const found: string[] = [];
  cells.forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    found.push(text);
    const key = normaliseHeader(text);
    const field = ALIAS_TO_FIELD.get(key);
    if (field === undefined) return;
    const party = PARTY_HEADERS.has(key);
    if (columns[field] === undefined || (party && !byPartyHeader.has(field))) {
      columns[field] = i;
      if (party) byPartyHeader.add(field);
    }
  });
  return { columns, found, missing: REQUIRED_FIELDS.filter((f) => columns[f] === undefined) };
}

/** Enough known column names to be taken for the header (a title row above it has none): two,
 * one of them the name or the ID number. */
export function looksLikeHeader(m: HeaderMatch): boolean {
  const known = Object.keys(m.columns).length;
  return known >= 2 && (m.columns.name !== undefined || m.columns.idNumber !== undefined);
}
