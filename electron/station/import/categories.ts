/**
 * Registration categories (rule R2): the words villages write in the 类别 column, matched loosely.
 * 户籍在本村 is `resident` unless it says the person does not live here (不在本村居住, 外出, 人户分离:
 * `registered_absent`); 户籍不在本村, 外来, 居住一年以上 and 从事村务工作 are `nonresident_approved`
 * (since 2025 the 村务工作 case is national, so it is this category everywhere, even where a profile
 * still lists it as an extra).
 */
import { BUILTIN_CATEGORIES, CATEGORY_LABELS } from '../../../shared/model.js';

type Builtin = (typeof BUILTIN_CATEGORIES)[number];

const SYNONYMS: ReadonlyArray<readonly [string, Builtin]> = [
  ['户籍在本村且居住', 'resident'],
  ['户籍在本村并居住', 'resident'],
  ['本村居住', 'resident'],
  ['户籍村民', 'resident'],
  ['户籍在本村不居住', 'registered_absent'],
  ['户籍在本村不居住本人表示参加', 'registered_absent'],
  ['人户分离', 'registered_absent'],
  ['外出', 'registered_absent'],
  ['户籍不在本村', 'nonresident_approved'],
  ['户籍不在本村居住一年以上', 'nonresident_approved'],
  ['外来', 'nonresident_approved'],
  ['居住一年以上', 'nonresident_approved'],
  // R2 since 2025: the 村务工作 case is national, part of nonresident_approved (with an approval reference)
  ['从事村务工作一年以上', 'nonresident_approved'],
  ['户籍不在本村居住一年以上经同意参加', 'nonresident_approved'],
];

function normaliseCategoryText(s: string): string {
  return s.normalize('NFKC').replace(/[\s、，,;；。.:：()（）【】[\]"“”'‘’/\\-]/g, '');
}

const TEXT_TO_CODE = new Map<string, string>();
for (const [text, code] of SYNONYMS) TEXT_TO_CODE.set(normaliseCategoryText(text), code);
for (const code of BUILTIN_CATEGORIES) {
  TEXT_TO_CODE.set(code, code);
  const label = CATEGORY_LABELS[code];
  if (label !== undefined) TEXT_TO_CODE.set(normaliseCategoryText(label), code);
}

/** Words that decide a category wherever they stand in the cell, most specific first. */
const LOOSE: ReadonlyArray<readonly [RegExp, Builtin]> = [
  [/从事村务工作|村务工作/, 'nonresident_approved'],
  [/户籍不在本村|户口不在本村|非本村户籍|外村户籍|外来|居住(满)?一年以上|居住满一年/, 'nonresident_approved'],
  [/不在本村居住|在本村不居住|不居住|外出|人户分离|户在人不在/, 'registered_absent'],
  [/户籍在本村|户口在本村|本村户籍|户籍村民|本村居住|本村村民/, 'resident'],
];

/**
 * The category code for a cell, or undefined when it is none of the built-in categories and none
 * of the profile's extra ones (which are their own codes).
 */
export function resolveCategory(raw: string, extraCategories: readonly string[]): string | undefined {
  const t = normaliseCategoryText(raw);
  if (t === '') return undefined;
  const exact = TEXT_TO_CODE.get(t);
  if (exact !== undefined) return exact;
  // A profile's own category, written out, before the loose words: SH's 户籍不在本村、在本村居住的
  // 本村村民的配偶 says 户籍不在本村 but is a category of its own.
  const extra = extraCategories.find((c) => normaliseCategoryText(c) === t);
  if (extra !== undefined) return extra;
  for (const [re, code] of LOOSE) if (re.test(t)) return code;
  return undefined;
}

/** What the committee may write, for the "unknown category" message. */
export function categoryChoices(extraCategories: readonly string[]): string[] {
  const extras = extraCategories.filter((c) => !(BUILTIN_CATEGORIES as readonly string[]).includes(c) && resolveCategory(c, []) === undefined);
  return [...BUILTIN_CATEGORIES.map((c) => CATEGORY_LABELS[c] ?? c), '从事村务工作一年以上（须有审批文号）', ...extras];
}
