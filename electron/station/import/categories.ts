/** Registration categories (rule R2): the words villages write in the 类别 column. */
import { BUILTIN_CATEGORIES, CATEGORY_LABELS } from '../../../shared/model.js';

const SYNONYMS: ReadonlyArray<readonly [string, (typeof BUILTIN_CATEGORIES)[number]]> = [
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
  return s.normalize('NFKC').replace(/[\s、，,;；。.]/g, '');
}

const TEXT_TO_CODE = new Map<string, string>();
for (const [text, code] of SYNONYMS) TEXT_TO_CODE.set(normaliseCategoryText(text), code);
for (const code of BUILTIN_CATEGORIES) {
  TEXT_TO_CODE.set(code, code);
  const label = CATEGORY_LABELS[code];
  if (label !== undefined) TEXT_TO_CODE.set(normaliseCategoryText(label), code);
}

/**
 * The category code for a cell, or undefined when it is none of the built-in categories and none
 * of the profile's extra ones (which are their own codes, e.g. 从事村务工作一年以上).
 */
export function resolveCategory(raw: string, extraCategories: readonly string[]): string | undefined {
  const t = normaliseCategoryText(raw);
  if (t === '') return undefined;
  const builtin = TEXT_TO_CODE.get(t);
  if (builtin !== undefined) return builtin;
  return extraCategories.find((c) => normaliseCategoryText(c) === t);
}

/** What the committee may write, for the "unknown category" message. */
export function categoryChoices(extraCategories: readonly string[]): string[] {
  return [...BUILTIN_CATEGORIES.map((c) => CATEGORY_LABELS[c] ?? c), ...extraCategories.filter((c) => !(BUILTIN_CATEGORIES as readonly string[]).includes(c))];
}
