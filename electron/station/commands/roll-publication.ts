/** The roll's publication and the objections to it, with their R5 deadlines. */
import type { z } from 'zod';
import type { rollContract, VoterSchema } from '../../../shared/contract/roll.js';
import { Refusal } from '../../../shared/result.js';
import { addDays, decisionTiming, objectionTiming, publicationTiming } from '../../../shared/rules/index.js';
import type { HandlersFor } from '../context.js';
import type { Db } from '../db/open.js';
import { electionRow, requirePhase, rulesOf, VOTERS } from '../queries.js';
import { recordPhase } from '../phase.js';
import { voterOrRefuse, type Warning } from '../queries.js';
import { removeVoter, voterOut } from '../roll/registry.js';

function latestPublication(db: Db): { published_on: string; voter_count: number; at: string } | undefined {
  return db.prepare('SELECT published_on, voter_count, at FROM roll_publications ORDER BY id DESC LIMIT 1').get() as
    | { published_on: string; voter_count: number; at: string }
    | undefined;
}

interface ObjectionJoin {
  id: number;
  filed_on: string;
  filed_by: string;
  voter_id: number | null;
  voter_name: string | null;
  subject_name: string;
  content: string;
  at: string;
  d_on: string | null;
  d_decision: 'upheld' | 'rejected' | null;
  d_note: string | null;
  d_at: string | null;
  d_actor: string | null;
}

function objections(db: Db, id?: number) {
  const rules = rulesOf(db);
  const pubs = db.prepare('SELECT published_on FROM roll_publications ORDER BY id').pluck().all() as string[];
  const rows = db
    .prepare(
      `SELECT o.id, o.filed_on, o.filed_by, o.voter_id, v.name AS voter_name, o.subject_name, o.content, o.at,
              d.decided_on AS d_on, d.decision AS d_decision, d.note AS d_note, d.at AS d_at, d.actor AS d_actor
       FROM objections o LEFT JOIN ${VOTERS} v ON v.id = o.voter_id LEFT JOIN objection_decisions d ON d.objection_id = o.id
       ${id === undefined ? '' : 'WHERE o.id = ?'} ORDER BY o.id`,
    )
    .all(...(id === undefined ? [] : [id])) as ObjectionJoin[];
  return rows.map((o) => {
    // the publication the objection answers: the latest one on or before it was filed
    const pub = [...pubs].reverse().find((p) => p <= o.filed_on) ?? pubs[0];
    const late = pub !== undefined && objectionTiming(pub, o.filed_on, rules) !== undefined;
    return {
      publishedOn: pub ?? null,
      objectionDeadline: pub !== undefined ? addDays(pub, rules.objectionDays) : null,
      decideBy: addDays(o.filed_on, rules.objectionDecisionDays),
      id: o.id,
      filedOn: o.filed_on,
      filedBy: o.filed_by,
      voterId: o.voter_id,
      voterName: o.voter_name,
      subjectName: o.subject_name,
      content: o.content,
      late,
      decision:
        o.d_on !== null && o.d_decision !== null
          ? {
              decidedOn: o.d_on,
              decision: o.d_decision,
              note: o.d_note ?? '',
              late: decisionTiming(o.filed_on, o.d_on, rules) !== undefined,
              at: o.d_at ?? '',
              actor: o.d_actor ?? '',
            }
          : null,
      at: o.at,
    };
  });
}

export const rollPublicationHandlers: HandlersFor<Pick<typeof rollContract, 'roll.publish' | 'roll.objection' | 'roll.decideObjection' | 'roll.objections'>> = {
  'roll.publish': (ctx, input) => {
    const e = electionRow(ctx.db);
    const rules = rulesOf(ctx.db);
    const phase = requirePhase(ctx.db, ['setup', 'roll_published'], '公布选民名单');
    const publishedOn = input.publishedOn ?? ctx.today;
    if (publishedOn > e.election_date) throw new Refusal('R5_AFTER_ELECTION', `公布日期 ${publishedOn} 晚于选举日 ${e.election_date}，请核对日期。`);
    const count = ctx.db.prepare(`SELECT COUNT(*) FROM ${VOTERS} v WHERE NOT EXISTS (SELECT 1 FROM voter_removals r WHERE r.voter_id = v.id)`).pluck().get() as number;
    if (count === 0) throw new Refusal('ROLL_EMPTY', '选民名单还是空的，请先导入或登记选民后再公布。');
    const warnings: Warning[] = [];
    const late = publicationTiming(publishedOn, e.election_date, rules);
    if (late) warnings.push({ code: late.code, message: late.message });
    ctx.insert('roll_publications', { published_on: publishedOn, voter_count: count, at: ctx.at, actor: ctx.actor });
    if (phase === 'setup') recordPhase(ctx, 'roll_published', null, `公布选民名单 ${publishedOn}`);
    else warnings.push({ code: 'R5_REPUBLISHED', message: '选民名单再次公布（名单有变动）；异议期自本次公布之日起计算。' });
    return { publishedOn, voterCount: count, warnings };
  },

  'roll.objection': (ctx, input) => {
    const e = electionRow(ctx.db);
    const rules = rulesOf(ctx.db);
    const pub = latestPublication(ctx.db);
    if (!pub) throw new Refusal('ROLL_NOT_PUBLISHED', '选民名单还没有公布，公布后才能登记异议。');
    if (input.voterId === undefined && !input.subjectName) {
      throw new Refusal('OBJECTION_SUBJECT', '请选择异议涉及的选民，或写明涉及的人（例如认为应当登记而未登记的人）。');
    }
    let voterName: string | null = null;
    if (input.voterId !== undefined) voterName = voterOrRefuse(ctx.db, input.voterId).name;
    if (input.filedOn < pub.published_on) throw new Refusal('OBJECTION_DATE', `异议日期 ${input.filedOn} 早于名单公布日期 ${pub.published_on}，请核对。`);
    const warnings: Warning[] = [];
    const late = objectionTiming(pub.published_on, input.filedOn, rules);
    if (late) warnings.push({ code: late.code, message: late.message });
    if (input.filedOn > e.election_date) warnings.push({ code: 'R5_OBJECTION_AFTER_ELECTION', message: '异议日期晚于选举日。' });
    const id = ctx.insert('objections', {
      filed_on: input.filedOn,
      filed_by: input.filedBy,
      voter_id: input.voterId ?? null,
      subject_name: input.subjectName ?? voterName ?? '',
      content: input.content,
      at: ctx.at,
      actor: ctx.actor,
    });
    const o = objections(ctx.db, id)[0];
    if (!o) throw new Error('objection just inserted is missing');
    return { objection: o, warnings };
  },

  'roll.decideObjection': (ctx, input) => {
    const e = electionRow(ctx.db);
    const rules = rulesOf(ctx.db);
    const o = objections(ctx.db, input.objectionId)[0];
    if (!o) throw new Refusal('OBJECTION_NOT_FOUND', `没有编号为 ${input.objectionId} 的异议。`);
    if (o.decision) throw new Refusal('OBJECTION_DECIDED', `这条异议已于 ${o.decision.decidedOn} 作出决定，不能重复处理。`);
    if (input.decidedOn < o.filedOn) throw new Refusal('OBJECTION_DATE', `决定日期 ${input.decidedOn} 早于异议提出日期 ${o.filedOn}，请核对。`);
    const warnings: Warning[] = [];
    const late = decisionTiming(o.filedOn, input.decidedOn, rules);
    if (late) warnings.push({ code: late.code, message: late.message });
    let removed: z.input<typeof VoterSchema> | null = null;
    if (input.removeVoter === true) {
      if (input.decision !== 'upheld') throw new Refusal('OBJECTION_NOT_UPHELD', '异议不成立时不能移除选民。');
      if (o.voterId === null) throw new Refusal('OBJECTION_NO_VOTER', '这条异议没有指向名单中的选民，无需移除。');
      const v = voterOrRefuse(ctx.db, o.voterId);
      warnings.push(...removeVoter(ctx, v, 'objection_upheld', `异议 ${o.id}：${input.note ?? ''}`.trim()));
      removed = voterOut(ctx.db, voterOrRefuse(ctx.db, v.id), e.election_date, e.kind);
    } else if (input.decision === 'upheld' && o.voterId !== null) {
      warnings.push({ code: 'OBJECTION_VOTER_KEPT', message: '异议成立，但没有选择移除该选民。如需移除，请在名单中办理并写明原因。' });
    }
    ctx.insert('objection_decisions', {
      objection_id: o.id,
      decided_on: input.decidedOn,
      decision: input.decision,
      note: input.note ?? '',
      at: ctx.at,
      actor: ctx.actor,
    });
    const after = objections(ctx.db, o.id)[0];
    if (!after) throw new Error('objection vanished');
    return { objection: after, removed, warnings };
  },

  'roll.objections': (ctx) => {
    electionRow(ctx.db);
    const pubs = ctx.db.prepare('SELECT published_on, voter_count, at FROM roll_publications ORDER BY id').all() as {
      published_on: string;
      voter_count: number;
      at: string;
    }[];
    const e = electionRow(ctx.db);
    const rules = rulesOf(ctx.db);
    const last = pubs[pubs.length - 1];
    return {
      objections: objections(ctx.db),
      publications: pubs.map((p) => ({ publishedOn: p.published_on, voterCount: p.voter_count, at: p.at })),
      deadlines: {
        electionDate: e.election_date,
        today: ctx.today,
        rollPublishDaysBefore: rules.rollPublishDaysBefore,
        objectionDays: rules.objectionDays,
        objectionDecisionDays: rules.objectionDecisionDays,
        publishBy: addDays(e.election_date, -rules.rollPublishDaysBefore),
        latest: last
          ? {
              publishedOn: last.published_on,
              objectionDeadline: addDays(last.published_on, rules.objectionDays),
              publishedLate: publicationTiming(last.published_on, e.election_date, rules)?.message ?? null,
            }
          : null,
      },
    };
  },
};
