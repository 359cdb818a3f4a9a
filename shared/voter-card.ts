/**
 * The 选民证 number (R6): what the card prints, what its barcode carries and what the issue desk
 * accepts, typed or scanned.
 *
 * - The card number (证号) is the registration's number on the roll, six digits: 000123. A correction
 *   keeps it (same registration); a registration made again after a removal gets a new one.
 * - The barcode carries the election's four-digit tag before it: 3157000123. A USB scanner types
 *   those digits and Enter. The tag lets the desk refuse a card printed for another election (the
 *   Party assembly's, a drill's, the last term's), whose numbers would name someone else here.
 */

export const CARD_NUMBER_DIGITS = 6;
export const CARD_TAG_DIGITS = 4;

/** 证号 as printed: the registration's number, at least six digits. */
export function cardNumber(voterId: number): string {
  return String(voterId).padStart(CARD_NUMBER_DIGITS, '0');
}

/** Four digits from the election's id (FNV-1a): the same election always gives the same tag. */
export function electionCardTag(electionId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < electionId.length; i++) {
    h ^= electionId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return String(h % 10 ** CARD_TAG_DIGITS).padStart(CARD_TAG_DIGITS, '0');
}

/** What the card's barcode carries: tag and card number, digits only. */
export function cardCode(electionId: string, voterId: number): string {
  return electionCardTag(electionId) + cardNumber(voterId);
}

export type CardQuery =
  /** The barcode's digits (scanned, or typed in full): tag and number. */
  | { kind: 'code'; tag: string; voterId: number; number: string }
  /** The six digits printed as 证号. */
  | { kind: 'number'; voterId: number; number: string };

/**
 * Reads a desk query as a card: ten or eleven digits are a barcode (tag + number), six digits the
 * printed 证号 (which may also be the tail of an ID number: the desk offers both, the card first).
 * Spaces and hyphens are ignored, full-width digits read as digits.
 */
export function parseCardQuery(query: string): CardQuery | null {
  const q = query.normalize('NFKC').replace(/[\s\-_]/g, '');
  if (!/^\d+$/.test(q)) return null;
  if (q.length === CARD_NUMBER_DIGITS) {
    const voterId = Number(q);
    return voterId > 0 ? { kind: 'number', voterId, number: q } : null;
  }
  if (q.length >= CARD_TAG_DIGITS + CARD_NUMBER_DIGITS && q.length <= CARD_TAG_DIGITS + CARD_NUMBER_DIGITS + 1) {
    const number = q.slice(CARD_TAG_DIGITS);
    const voterId = Number(number);
    return voterId > 0 ? { kind: 'code', tag: q.slice(0, CARD_TAG_DIGITS), voterId, number } : null;
  }
  return null;
}
