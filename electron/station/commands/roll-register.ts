/** One registration at a time (R1–R4): added with the import's checks, corrected, removed, registered again. */
import { glyphMessage, missingGlyphs } from '../forms/fonts.js';
import type { rollContract } from '../../../shared/contract/roll.js';
import { BUILTIN_CATEGORIES } from '../../../shared/model.js';
import { Refusal } from '../../../shared/result.js';
import { cardNumber } from '../../../shared/voter-card.js';
import { ageOn, categoryNeedsApproval, parseIdNumber } from '../../../shared/rules/index.js';
import type { HandlersFor } from '../context.js';
import { resolveCategory } from '../import/index.js';
import { currentPhase, electionRow, rulesOf } from '../queries.js';
import { voterOrRefuse, type Warning } from '../queries.js';
import { categoryLabel, type Correctable, correctionChanges, insertVoter, PARTY_MEMBER_CATEGORY, type PartyStatus, refuseTaken, removeVoter, requireRollOpen, voterOut } from '../roll/registry.js';


export const rollRegisterHandlers: HandlersFor<Pick<typeof rollContract, 'roll.add' | 'roll.correct' | 'roll.reregister' | 'roll.remove'>> = {
  'roll.add': (ctx, input) => {
    const e = electionRow(ctx.db);
    const rules = rulesOf(ctx.db);
    const { warnings } = requireRollOpen(ctx.db, '登记选民');
    const party = e.kind === 'party_branch';
    const parsed = parseIdNumber(input.idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase());
    if (!parsed.ok) throw new Refusal(parsed.error.code, `R1 ${input.name} 的身份证号码有误：${parsed.error.message}`);
    const id = parsed.value;
    const age = ageOn(id.birthDate, e.election_date);
    if (age < 18) {
      throw new Refusal('R1_UNDER_18', `R1 ${input.name} 在选举日（${e.election_date}）未满 18 周岁（出生日期 ${id.birthDate}），不能登记为选民。`);
    }
    refuseTaken(ctx.db, id.id, null);
    let category: string;
    let partyStatus: PartyStatus | null = null;
    if (party) {
      if (input.partyStatus === undefined) {
        throw new Refusal('P1_PARTY_STATUS_REQUIRED', 'P1 请选择党员类别：正式党员、预备党员、留党察看或权利中止（只有正式党员有表决权）。');
      }
      partyStatus = input.partyStatus;
      category = PARTY_MEMBER_CATEGORY;
    } else {
      if (input.partyStatus !== undefined) throw new Refusal('NOT_PARTY_ELECTION', '本次不是党员大会选举，不需要填写党员类别。');
      if (input.category === undefined || input.category === '') {
        throw new Refusal('R2_CATEGORY_MISSING', 'R2 请选择登记类别（户籍在本村且居住、户籍在本村不居住、户籍不在本村经同意参加）。');
      }
      const extras = rules.extraVoterCategories.filter((c) => !(BUILTIN_CATEGORIES as readonly string[]).includes(c));
      const c = resolveCategory(input.category, extras);
      if (c === undefined) throw new Refusal('R2_CATEGORY_UNKNOWN', `R2 登记类别“${input.category}”无法识别，请从列表中选择。`);
      category = c;
      if (categoryNeedsApproval(c, rules) && !input.approvalRef) {
        throw new Refusal(
          'R2_APPROVAL_REF_REQUIRED',
          c === 'nonresident_approved'
            ? 'R2 户籍不在本村、在本村居住或者从事村务工作一年以上的村民，须经村民会议或村民代表会议同意才能登记，请填写同意的依据（会议决定或审批文号）。'
            : `R2 “${c}”须经批准才能登记，请填写批准的依据（文号或证明）。`,
        );
      }
    }
    if (input.gender !== undefined && input.gender !== id.gender) {
      warnings.push({ code: 'GENDER_MISMATCH', message: `填写的性别与身份证号码不符，已按身份证号码登记为“${id.gender === 'M' ? '男' : '女'}”。` });
    }
    if (!input.group) warnings.push({ code: 'GROUP_MISSING', message: '没有填写村民小组，请补填以便按小组发放选票。' });
    const missing = missingGlyphs(input.name);
    if (missing.length > 0) warnings.push({ code: 'GLYPH_MISSING', message: glyphMessage(missing) });
    const newId = insertVoter(ctx, {
      name: input.name,
      idNumber: id.id,
      gender: id.gender,
      birthDate: id.birthDate,
      group: input.group ?? '',
      category,
      approvalRef: input.approvalRef ?? '',
      phone: input.phone ?? '',
      note: input.note ?? '',
      partyStatus,
      source: 'manual',
    });
    return { voter: voterOut(ctx.db, voterOrRefuse(ctx.db, newId), e.election_date, e.kind), warnings };
  },

  'roll.correct': (ctx, input) => {
    const e = electionRow(ctx.db);
    const rules = rulesOf(ctx.db);
    const party = e.kind === 'party_branch';
    const v = voterOrRefuse(ctx.db, input.voterId);
    const phase = currentPhase(ctx.db);
    if (phase !== 'setup' && phase !== 'roll_published') {
      // Ballots went out against the roll as it stands, and the tally's registered count rests on it.
      throw new Refusal(
        'CORRECT_AFTER_VOTING_STARTED',
        '投票已经开始，选民的登记信息不能再更正（领票记录和公布的名单都以现在的登记为准）。发现写错的，请记下情况，由选举委员会在选举结果报告中说明。',
      );
    }
    if (v.removed) {
      throw new Refusal('CORRECT_REMOVED', `${v.name} 已从名单中移除，不能更正。如选举委员会决定让此人重新登记，请先办理“重新登记”，再更正新的登记。`);
    }
    const warnings: Warning[] = [];
    const after: Correctable & { gender: 'M' | 'F'; birth_date: string } = {
      name: input.name ?? v.name,
      id_number: v.id_number,
      gender: v.gender,
      birth_date: v.birth_date,
      group_name: input.group ?? v.group_name,
      category: v.category,
      approval_ref: input.approvalRef ?? v.approval_ref,
      party_status: v.party_status,
    };
    if (input.idNumber !== undefined) {
      const parsed = parseIdNumber(input.idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase());
      if (!parsed.ok) throw new Refusal(parsed.error.code, `R1 新填写的身份证号码有误：${parsed.error.message}`);
      const id = parsed.value;
      if (ageOn(id.birthDate, e.election_date) < 18) {
        throw new Refusal('R1_UNDER_18', `R1 按新填写的身份证号码，${after.name} 在选举日（${e.election_date}）未满 18 周岁（出生日期 ${id.birthDate}），不能登记为选民。请核对号码。`);
      }
      if (id.id !== v.id_number) refuseTaken(ctx.db, id.id, v.id);
      after.id_number = id.id;
      after.gender = id.gender;
      after.birth_date = id.birthDate;
    }
    if (party) {
      if (input.category !== undefined) throw new Refusal('NOT_VILLAGERS_ELECTION', '党员名册没有登记类别，请更正“党员类别”。');
      if (input.partyStatus !== undefined) after.party_status = input.partyStatus;
    } else {
      if (input.partyStatus !== undefined) throw new Refusal('NOT_PARTY_ELECTION', '本次不是党员大会选举，不需要填写党员类别。');
      if (input.category !== undefined) {
        const extras = rules.extraVoterCategories.filter((c) => !(BUILTIN_CATEGORIES as readonly string[]).includes(c));
        const c = resolveCategory(input.category, extras);
        if (c === undefined) throw new Refusal('R2_CATEGORY_UNKNOWN', `R2 登记类别“${input.category}”无法识别，请从列表中选择。`);
        after.category = c;
      }
      if (categoryNeedsApproval(after.category, rules) && after.approval_ref === '') {
        throw new Refusal('R2_APPROVAL_REF_REQUIRED', `R2 “${categoryLabel(after.category)}”须经村民会议或村民代表会议同意才能登记，请填写同意的依据（会议决定或审批文号）。`);
      }
    }
    const changes = correctionChanges(v, after, party);
    if (changes.length === 0) throw new Refusal('CORRECT_NOTHING', '填写的内容与现在的登记相同，没有需要更正的。');
    if (phase === 'roll_published') {
      warnings.push({ code: 'R5_CORRECTED_AFTER_PUBLICATION', message: 'R5 选民名单已经公布：请把这项更正张榜公布（必要时重新打印选民名单）。' });
    }
    if (input.name !== undefined && input.name !== v.name) {
      const missing = missingGlyphs(after.name);
      if (missing.length > 0) warnings.push({ code: 'GLYPH_MISSING', message: glyphMessage(missing) });
      const printed = ctx.db
        .prepare(
          `SELECT COUNT(*) FROM ballot_printings bp WHERE EXISTS (SELECT 1 FROM candidates c WHERE c.voter_id = ? AND NOT EXISTS (SELECT 1 FROM candidate_withdrawals w WHERE w.candidate_id = c.id))`,
        )
        .pluck()
        .get(v.id) as number;
      if (printed > 0) warnings.push({ code: 'CORRECTED_CANDIDATE_BALLOTS_PRINTED', message: `${after.name} 是候选人，已经印好的选票上还是原来的姓名“${v.name}”。请重新印制选票。` });
    }
    if (after.group_name === '' && v.group_name !== '') warnings.push({ code: 'GROUP_MISSING', message: '没有填写村民小组，请补填以便按小组发放选票。' });
    const id = ctx.insert('voter_corrections', {
      voter_id: v.id,
      name: after.name,
      id_number: after.id_number,
      gender: after.gender,
      birth_date: after.birth_date,
      group_name: after.group_name,
      category: after.category,
      approval_ref: after.approval_ref,
      party_status: after.party_status,
      reason: input.reason,
      at: ctx.at,
      actor: ctx.actor,
    });
    return {
      voter: voterOut(ctx.db, voterOrRefuse(ctx.db, v.id), e.election_date, e.kind),
      correction: { id, changes, reason: input.reason, at: ctx.at, actor: ctx.actor },
      warnings,
    };
  },

  'roll.reregister': (ctx, input) => {
    const e = electionRow(ctx.db);
    const rules = rulesOf(ctx.db);
    const v = voterOrRefuse(ctx.db, input.voterId);
    if (!v.removed) throw new Refusal('REREGISTER_NOT_REMOVED', `${v.name} 现在就在名单中，不需要重新登记。`);
    const again = ctx.db.prepare('SELECT voter_id FROM voter_reregistrations WHERE previous_voter_id = ?').pluck().get(v.id) as number | undefined;
    if (again !== undefined) throw new Refusal('REREGISTER_DONE', `${v.name} 已经重新登记过（新的证号 ${cardNumber(again)}），不需要再办理。`);
    if (input.decidedOn > ctx.today) throw new Refusal('REREGISTER_DATE', `决定日期 ${input.decidedOn} 晚于今天，请核对。`);
    const phase = currentPhase(ctx.db);
    const warnings: Warning[] = [];
    if (phase === 'roll_published') {
      warnings.push({ code: 'R5_REREGISTERED_AFTER_PUBLICATION', message: 'R5 选民名单已经公布：请把重新登记的情况张榜公布。' });
    } else if (phase === 'voting') {
      // A registration removed by mistake, found at the desk: the committee may put the person back on the day.
      warnings.push({ code: 'REREGISTERED_DURING_VOTING', message: `投票期间重新登记了 ${v.name}，登记选民数随之增加 1 人，请在计票单上说明。` });
    } else if (phase !== 'setup') {
      throw new Refusal('WRONG_PHASE', '已经开始计票，选民名单不能再变动（登记选民数是计票的依据）。');
    }
    if (ageOn(v.birth_date, e.election_date) < 18) {
      throw new Refusal('R1_UNDER_18', `R1 ${v.name} 在选举日（${e.election_date}）未满 18 周岁，不能登记为选民。`);
    }
    refuseTaken(ctx.db, v.id_number, v.id, true);
    if (e.kind !== 'party_branch' && categoryNeedsApproval(v.category, rules) && v.approval_ref === '') {
      throw new Refusal('R2_APPROVAL_REF_REQUIRED', `R2 “${categoryLabel(v.category)}”须经同意才能登记，原登记没有同意的依据：请先在原登记上补上，或按新登记办理。`);
    }
    const newId = insertVoter(ctx, {
      name: v.name,
      idNumber: v.id_number,
      gender: v.gender,
      birthDate: v.birth_date,
      group: v.group_name,
      category: v.category,
      approvalRef: v.approval_ref,
      phone: v.phone,
      note: v.note,
      partyStatus: (v.party_status as PartyStatus | null) ?? null,
      source: `reregister:${v.id}`,
    });
    ctx.insert('voter_reregistrations', {
      voter_id: newId,
      previous_voter_id: v.id,
      decision_ref: input.decisionRef,
      decided_on: input.decidedOn,
      note: input.note ?? '',
      at: ctx.at,
      actor: ctx.actor,
    });
    warnings.push({
      code: 'REREGISTERED_NEW_CARD',
      message: `${v.name} 的新证号是 ${cardNumber(newId)}，原来的选民证（证号 ${cardNumber(v.id)}）不能再用，请另发选民证。`,
    });
    return {
      voter: voterOut(ctx.db, voterOrRefuse(ctx.db, newId), e.election_date, e.kind),
      previous: voterOut(ctx.db, voterOrRefuse(ctx.db, v.id), e.election_date, e.kind),
      warnings,
    };
  },

  'roll.remove': (ctx, input) => {
    const e = electionRow(ctx.db);
    const v = voterOrRefuse(ctx.db, input.voterId);
    const warnings = removeVoter(ctx, v, input.reason, input.note ?? '');
    return { voter: voterOut(ctx.db, voterOrRefuse(ctx.db, v.id), e.election_date, e.kind), warnings };
  },
};
