/**
 * Words the printed papers share with the screens (issue 14): the 届次 and 选字第×号 as they are
 * printed, the Party organisation's name from its type, which ballot papers a profile prints, and
 * the one cleaner that keeps rule codes (V1, E4 …) off paper. Pure: no Node or DOM APIs.
 */
import { z } from 'zod';

export const PartyOrgTypeSchema = z.enum(['branch', 'general_branch', 'committee']);
export type PartyOrgType = z.infer<typeof PartyOrgTypeSchema>;
/** 支部 / 总支部 / 党委: what the village's Party organisation is. */
export const PARTY_ORG_LABELS: Record<PartyOrgType, string> = { branch: '支部', general_branch: '总支部', committee: '党委' };

/** 中共青山村支部委员会, 中共青山村总支部委员会, 中共青山村委员会 (a village 党委); with a 届次: 中共青山村第十届支部委员会. */
export function partyOrgName(village: string, type: PartyOrgType, term?: string | null): string {
  return `中共${village}${term ?? ''}${type === 'committee' ? '' : PARTY_ORG_LABELS[type]}委员会`;
}

/** The body elected, as papers name it: 青山村第十二届村民委员会, 中共青山村支部委员会 … */
export function bodyName(kind: string, village: string, settings: { termLabel: string | null; partyOrgType: PartyOrgType }): string {
  if (kind === 'party_branch') return partyOrgName(village, settings.partyOrgType, settings.termLabel);
  return `${village}${settings.termLabel ?? ''}${kind === 'residents_committee' ? '居民委员会' : '村民委员会'}`;
}

const DIGIT = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1..9999 in Chinese numerals as documents write them: 十二, 二十, 一百零五, 一千二百. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
  if (n < 10) return DIGIT[n] ?? String(n);
  if (n < 20) return `十${n === 10 ? '' : (DIGIT[n - 10] ?? '')}`;
  const units: [number, string][] = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
  ];
  let out = '';
  let rest = n;
  let zero = false;
  for (const [u, name] of units) {
    const d = Math.floor(rest / u);
    rest %= u;
    if (d > 0) {
      if (zero) out += '零';
      out += `${DIGIT[d] ?? ''}${name}`;
      zero = false;
    } else if (out) zero = true;
  }
  if (rest > 0) out += `${zero ? '零' : ''}${DIGIT[rest] ?? ''}`;
  return out;
}

/** 第十二届 */
export const termLabel = (term: number): string => `第${chineseNumber(term)}届`;

/** 选字第3号: the announcement's document number. */
export const announcementLabel = (n: number): string => `选字第${n}号`;

/** V1 `ballotPapers`: one combined paper (default) or one paper per post (HA). Absent: combined. */
export type BallotPapers = 'combined' | 'per_position';
export function ballotPapersOf(rules: Record<string, unknown> | null | undefined): BallotPapers {
  return rules?.ballotPapers === 'per_position' ? 'per_position' : 'combined';
}

/**
 * Text from the rules engine as it may go on paper: the rule codes that help the operator on
 * screen (“（V1）”, “E4 …”) are the station's own words, not the law's, and are left off.
 */
export function paperText(s: string): string {
  return s
    .replace(/[（(]\s*[A-Z]\d{1,2}(?:\s*[、,，–-]\s*[A-Z]?\d{1,2})*\s*[)）]/g, '')
    .replace(/(^|[\s，。；：])[A-Z]\d{1,2}\s+/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** A rule code as it would appear on paper (for the tests that prove there is none). */
export const RULE_CODE = /(?<![A-Za-z0-9])[RPXBVEF]\d{1,2}(?![0-9])/;
