/**
 * Finding a voter: the roll's search index (built once per station from the whole roll, then extended
 * with new rows; kept on the station's connection) and the 选民证 number typed or scanned.
 */
import { slot } from '../db/state.js';
import { cached } from '../db/statements.js';
import { REMOVAL_REASON_LABELS } from '../../../shared/model.js';
import { cardNumber, electionCardTag, parseCardQuery } from '../../../shared/voter-card.js';
import { groupOrder } from '../forms/voter-list.js';
import type { Db } from '../db/open.js';
import { createRollIndex, type RollIndex } from '../names/index.js';
import { voterById, VOTERS, type ElectionRow, type VoterRow } from '../queries.js';


export interface IndexedVoter {
  id: number;
  name: string;
  idNumber: string;
  group: string;
}

export interface IndexState {
  index: RollIndex<IndexedVoter>;
  maxId: number;
  maxCorrection: number;
}

/** Per connection (db/state.ts): the search index over the roll, extended as voters are added. */
export const INDEX = slot<{ current: IndexState | undefined }>('roll index', () => ({ current: undefined }));

export function rollIndex(db: Db): RollIndex<IndexedVoter> {
  // Voter and correction ids only grow (rows are never deleted), so their MAX(id) — one b-tree step,
  // unlike COUNT(*) — says whether rows were added since; a smaller one means the data was replaced
  // (a restored backup). A correction re-indexes its voter under the corrected name, number and group.
  const [maxId, maxCorrection] = cached(db, 'SELECT COALESCE((SELECT MAX(id) FROM voters), 0), COALESCE((SELECT MAX(id) FROM voter_corrections), 0)')
    .raw()
    .get() as [number, number];
  const holder = db.state.get(INDEX);
  let st = holder.current;
  if (st && (maxId < st.maxId || maxCorrection < st.maxCorrection)) st = undefined;
  const SELECT = `SELECT v.id, v.name, v.id_number AS idNumber, v.group_name AS "group" FROM ${VOTERS} v`;
  const load = (after: number) => cached(db, `${SELECT} WHERE v.id > ? ORDER BY v.id`).all(after) as IndexedVoter[];
  if (db.inTransaction && !(st && st.maxId === maxId && st.maxCorrection === maxCorrection)) {
    // inside a transaction that may roll back, the kept index is neither extended nor replaced
    return createRollIndex(load(0));
  }
  if (!st) {
    st = { index: createRollIndex(load(0)), maxId, maxCorrection };
    holder.current = st;
    return st.index;
  }
  if (maxId > st.maxId) {
    for (const v of load(st.maxId)) st.index.add(v);
    st.maxId = maxId;
  }
  if (maxCorrection > st.maxCorrection) {
    const corrected = cached(
      db,
      `${SELECT} WHERE v.id IN (SELECT DISTINCT voter_id FROM voter_corrections WHERE id > ?) ORDER BY v.id`,
    ).all(st.maxCorrection) as IndexedVoter[];
    for (const v of corrected) st.index.add(v);
    st.maxCorrection = maxCorrection;
  }
  return st.index;
}

/** The hits' rows in one query (ids as a JSON array), in the order asked. */
export function votersByIds(db: Db, ids: readonly number[]): Map<number, VoterRow> {
  if (ids.length === 0) return new Map();
  const rows = cached(
    db,
    `SELECT v.*, CASE WHEN r.id IS NULL THEN 0 ELSE 1 END AS removed FROM ${VOTERS} v
     LEFT JOIN voter_removals r ON r.voter_id = v.id WHERE v.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids)) as VoterRow[];
  return new Map(rows.map((v) => [v.id, v]));
}

// ---------------------------------------------------------------------------------------------

/** Group names in their natural order: 一组, 二组 … 十二组 (groupOrder), groups without a number by name, the empty one last. */
export function naturalGroups(names: readonly string[]): string[] {
  return [...names].sort((a, b) => {
    if (a === '' || b === '') return a === b ? 0 : a === '' ? 1 : -1;
    return groupOrder(a) - groupOrder(b) || a.localeCompare(b, 'zh-Hans-CN', { numeric: true });
  });
}

/**
 * The 选民证 a desk query names (R6): its six printed digits, or the barcode's ten (this election's
 * tag and the number). A card of another election, a number nobody has, or a registration since
 * removed is said in plain words rather than shown as "not found".
 */
export function cardSearch(db: Db, e: ElectionRow, query: string): { voter: VoterRow | null; notice: string | null; only: boolean } {
  const card = parseCardQuery(query);
  if (!card) return { voter: null, notice: null, only: false };
  const tag = electionCardTag(e.id);
  if (card.kind === 'code' && card.tag !== tag) {
    return { voter: null, notice: `这张选民证不是本次选举的（证上条码的选举号是 ${card.tag}，本次选举是 ${tag}）。请核对选民证，或按姓名查找。`, only: true };
  }
  const v = voterById(db, card.voterId) ?? null;
  if (!v) return { voter: null, notice: card.kind === 'code' ? `名单中没有证号为 ${card.number} 的选民。请核对选民证，或按姓名查找。` : null, only: card.kind === 'code' };
  if (v.removed) {
    const reason = cached(db, 'SELECT reason FROM voter_removals WHERE voter_id = ?').pluck().get(v.id) as keyof typeof REMOVAL_REASON_LABELS | undefined;
    const again = cached(db, 'SELECT voter_id FROM voter_reregistrations WHERE previous_voter_id = ?').pluck().get(v.id) as number | undefined;
    return {
      voter: v,
      notice:
        `证号 ${cardNumber(v.id)} 是 ${v.name} 的选民证，这个登记已经移除${reason ? `（${REMOVAL_REASON_LABELS[reason]}）` : ''}，不能凭它领票。` +
        (again !== undefined ? `${v.name} 已重新登记，新的证号是 ${cardNumber(again)}，请按姓名查找。` : ''),
      only: card.kind === 'code',
    };
  }
  return { voter: v, notice: null, only: card.kind === 'code' };
}
