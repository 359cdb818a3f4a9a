/** Reading the roll: one voter with their history, the windowed list with its groups, the search. */
import type { rollContract } from '../../../shared/contract/roll.js';
import { PARTY_STATUS_LABELS } from '../../../shared/model.js';
import type { HandlersFor } from '../context.js';
import { electionRow, VOTERS, type VoterRow } from '../queries.js';
import { voterOrRefuse } from '../queries.js';
import { categoryLabel, correctionsOf, type PartyStatus, voterOut } from '../roll/registry.js';
import { cardSearch, naturalGroups, rollIndex, votersByIds } from '../roll/search.js';


export const rollReadHandlers: HandlersFor<Pick<typeof rollContract, 'roll.get' | 'roll.list' | 'roll.search'>> = {
  'roll.get': (ctx, input) => {
    const e = electionRow(ctx.db);
    const v = voterOrRefuse(ctx.db, input.voterId);
    const issues = ctx.db
      .prepare(
        `SELECT i.round_id, r.number, i.way, i.at, b.box_key, t.name AS trustee FROM issues i JOIN rounds r ON r.id = i.round_id
         LEFT JOIN boxes b ON b.id = i.box_id LEFT JOIN ${VOTERS} t ON t.id = i.trustee_id WHERE i.voter_id = ? ORDER BY i.id`,
      )
      .all(v.id) as { round_id: number; number: number; way: 'in_person' | 'proxy' | 'mobile'; at: string; box_key: string | null; trustee: string | null }[];
    const rereg = ctx.db
      .prepare('SELECT previous_voter_id, decision_ref, decided_on, note, at, actor FROM voter_reregistrations WHERE voter_id = ?')
      .get(v.id) as { previous_voter_id: number; decision_ref: string; decided_on: string; note: string; at: string; actor: string } | undefined;
    return {
      voter: voterOut(ctx.db, v, e.election_date, e.kind),
      issues: issues.map((i) => ({ roundId: i.round_id, roundNumber: i.number, way: i.way, at: i.at, boxKey: i.box_key, trusteeName: i.trustee })),
      corrections: correctionsOf(ctx.db, v.id, e.kind === 'party_branch'),
      reregistration: rereg
        ? { previousVoterId: rereg.previous_voter_id, decisionRef: rereg.decision_ref, decidedOn: rereg.decided_on, note: rereg.note, at: rereg.at, actor: rereg.actor }
        : null,
    };
  },

  'roll.list': (ctx, input) => {
    const e = electionRow(ctx.db);
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (input.group !== undefined) {
      where.push('v.group_name = ?');
      args.push(input.group);
    }
    if (input.category !== undefined) {
      where.push('v.category = ?');
      args.push(input.category);
    }
    if (input.includeRemoved === false) where.push('r.id IS NULL');
    const w = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const from = `FROM ${VOTERS} v LEFT JOIN voter_removals r ON r.voter_id = v.id`;
    const total = (ctx.db.prepare(`SELECT COUNT(*) ${from} ${w}`).pluck().get(...args) as number) ?? 0;
    // Groups in their natural order (一组, 二组 … 十二组; unnamed last), then as registered.
    const order = JSON.stringify(naturalGroups(ctx.db.prepare(`SELECT DISTINCT v.group_name FROM ${VOTERS} v`).pluck().all() as string[]));
    const rows = ctx.db
      .prepare(
        `SELECT v.*, CASE WHEN r.id IS NULL THEN 0 ELSE 1 END AS removed ${from} ${w}
         ORDER BY (SELECT g.key FROM json_each(?) g WHERE g.value = v.group_name), v.id LIMIT ? OFFSET ?`,
      )
      .all(...args, order, input.limit ?? 100, input.offset ?? 0) as VoterRow[];
    const active = `FROM ${VOTERS} v WHERE NOT EXISTS (SELECT 1 FROM voter_removals r WHERE r.voter_id = v.id)`;
    const registered = ctx.db.prepare(`SELECT COUNT(*) ${active}`).pluck().get() as number;
    const removed = ctx.db.prepare('SELECT COUNT(*) FROM voter_removals').pluck().get() as number;
    const withVote =
      e.kind === 'party_branch' ? (ctx.db.prepare(`SELECT COUNT(*) ${active} AND v.party_status = 'full'`).pluck().get() as number) : registered;
    const group = (col: string) => ctx.db.prepare(`SELECT ${col} AS key, COUNT(*) AS count ${active} GROUP BY ${col} ORDER BY ${col}`).all() as { key: string | null; count: number }[];
    const byGroup = group('v.group_name');
    const groupRank = new Map(naturalGroups(byGroup.map((g) => g.key ?? '')).map((g, i) => [g, i]));
    byGroup.sort((a, b) => (groupRank.get(a.key ?? '') ?? 0) - (groupRank.get(b.key ?? '') ?? 0));
    return {
      voters: rows.map((v) => voterOut(ctx.db, v, e.election_date, e.kind)),
      total,
      counts: {
        registered,
        removed,
        withVote,
        byCategory: group('v.category').map((g) => ({ key: g.key ?? '', label: categoryLabel(g.key ?? ''), count: g.count })),
        byGroup: byGroup.map((g) => ({ key: g.key ?? '', label: g.key || (e.kind === 'party_branch' ? '（未填党小组）' : '（未填小组）'), count: g.count })),
        byPartyStatus:
          e.kind === 'party_branch'
            ? group('v.party_status').map((g) => ({
                key: g.key ?? '',
                label: PARTY_STATUS_LABELS[(g.key ?? 'full') as PartyStatus] ?? g.key ?? '',
                count: g.count,
              }))
            : [],
      },
    };
  },

  'roll.search': (ctx, input) => {
    const e = electionRow(ctx.db);
    const limit = input.limit ?? 20;
    const card = cardSearch(ctx.db, e, input.query);
    // The barcode's digits name one card: no name or ID-number search besides it.
    const hits = card.only ? [] : rollIndex(ctx.db).search(input.query, limit);
    const rows = votersByIds(ctx.db, hits.map((h) => h.voter.id));
    const found = hits.flatMap((h) => {
      const v = rows.get(h.voter.id);
      return v && v.id !== card.voter?.id ? [{ ...voterOut(ctx.db, v, e.election_date, e.kind), match: h.match as string }] : [];
    });
    const voters = card.voter ? [{ ...voterOut(ctx.db, card.voter, e.election_date, e.kind), match: 'card' }, ...found] : found;
    return { voters: voters.slice(0, limit), cardNotice: card.notice };
  },
};
