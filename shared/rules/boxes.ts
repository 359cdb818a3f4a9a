/**
 * Ballot custody: B3 reconciliation of the printed ballots, and B5 the mobile box (流动票箱), as pure
 * decisions on facts the station gathers.
 */
import type { RuleFinding } from './decision.js';
import type { RuleParams } from './params.js';

export interface Reconciliation {
  printed: number;
  issued: number;
  spoiled: number;
  /** As counted on the table, or derived (printed − issued − spoiled) when not given. */
  unused: number;
  balanced: boolean;
  finding?: RuleFinding;
}

/** B3: printed = issued + spoiled-and-replaced + unused. */
export function reconcileBallots(printed: number, issued: number, spoiled: number, unusedCounted?: number): Reconciliation {
  const derived = printed - issued - spoiled;
  const unused = unusedCounted ?? derived;
  const balanced = unused >= 0 && printed === issued + spoiled + unused;
  const out: Reconciliation = { printed, issued, spoiled, unused, balanced };
  if (!balanced) {
    out.finding = {
      code: 'B3_UNBALANCED',
      rule: 'B3',
      message:
        unusedCounted === undefined
          ? `B3 印制 ${printed} 张少于发出 ${issued} 张加作废换发 ${spoiled} 张，请核对。`
          : `B3 印制 ${printed} 张 ≠ 发出 ${issued} + 作废换发 ${spoiled} + 未用 ${unusedCounted}（差 ${derived - unusedCounted} 张），请清点核对。`,
    };
  }
  return out;
}

export interface MobileBoxFacts {
  name: string;
  scrutineers: number;
  approvalRef: string;
  /** The box's voter list was published (with its scrutineers) before use. */
  published: boolean;
  listed: number;
}

/** B5: may the mobile box be used? Enough scrutineers, the approval where needed, a published list. */
export function mobileBoxReady(f: MobileBoxFacts, params: Pick<RuleParams, 'mobileBoxScrutineers' | 'mobileBoxApproval'>): RuleFinding | undefined {
  if (f.scrutineers < params.mobileBoxScrutineers) {
    return {
      code: 'B5_SCRUTINEERS',
      rule: 'B5',
      message: `B5 ${f.name}应有不少于 ${params.mobileBoxScrutineers} 名监票人，现在登记了 ${f.scrutineers} 名。请在“工作人员”中为这个票箱登记监票人。`,
      details: { need: params.mobileBoxScrutineers, have: f.scrutineers },
    };
  }
  if (params.mobileBoxApproval && f.approvalRef.trim() === '') {
    return { code: 'B5_APPROVAL', rule: 'B5', message: `B5 设立${f.name}须经乡镇选举指导机构同意，请先登记同意的文号。` };
  }
  if (f.listed === 0) return { code: 'B5_NO_VOTERS', rule: 'B5', message: `B5 ${f.name}还没有登记服务的选民名单。` };
  if (!f.published) return { code: 'B5_NOT_PUBLISHED', rule: 'B5', message: `B5 ${f.name}的选民名单和监票人须在使用前公布，请先公布。` };
  return undefined;
}

export interface MobileVoterFacts {
  name: string;
  hasVote: boolean;
  /** An active proxy: the voter's ballot goes to the trustee, not the box. */
  hasProxy: boolean;
  alreadyIssued: boolean;
  /** Already on another mobile box's list. */
  otherBox?: string;
}

/** B5: may this voter be put on a mobile box's list? */
export function mobileBoxVoterCheck(f: MobileVoterFacts): RuleFinding | undefined {
  if (!f.hasVote) return { code: 'B5_NOT_VOTER', rule: 'B5', message: `B5 ${f.name} 不是有选举权的登记选民，不能列入流动票箱名单。` };
  if (f.hasProxy) return { code: 'B5_HAS_PROXY', rule: 'B5', message: `B5 ${f.name} 已委托他人投票，不能再列入流动票箱名单。如要改为流动票箱投票，请先撤销委托。` };
  if (f.alreadyIssued) return { code: 'B5_ALREADY_ISSUED', rule: 'B5', message: `B5 ${f.name} 已经领取了选票，不能再列入流动票箱名单。` };
  if (f.otherBox !== undefined) return { code: 'B5_OTHER_BOX', rule: 'B5', message: `B5 ${f.name} 已在${f.otherBox}的名单上，一人只能列入一个流动票箱。` };
  return undefined;
}

/** B5 at the issue desk: a ballot from a mobile box only to a voter on its list. */
export function mobileBoxIssueCheck(voter: string, box: string, listed: boolean): RuleFinding | undefined {
  if (listed) return undefined;
  return {
    code: 'B5_NOT_LISTED',
    rule: 'B5',
    message: `B5 ${voter} 不在${box}的选民名单上，流动票箱只能向名单上的选民发票。请让 ${voter} 到会场投票，或由选举委员会先把他（她）列入名单并公布。`,
  };
}
