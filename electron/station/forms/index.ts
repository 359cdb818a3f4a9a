/**
 * The forms the station prints (rules.md F3), each rendered from one ReportData through the shared
 * page layout, and saved under <dataDir>/forms/ whether or not it is printed.
 */
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formTitleFor, type FormId } from '../../../shared/contract/output.js';
import { buildResultQr } from '../../../shared/result-qr.js';
import { renderAnnouncement } from './announcement.js';
import { renderBallotPapers } from './ballot-paper.js';
import { renderCertificates } from './certificates.js';
import { renderCheckpointSheet } from './checkpoint-sheet.js';
import type { FormContext } from './common.js';
import { renderSecretaryBallot, renderSecretaryReport } from './secretary.js';
import { missingGlyphs, type MissingGlyph } from './fonts.js';
import type { ReportData } from './report-data.js';
import { renderResultReport } from './result-report.js';
import { renderTallySheet } from './tally-sheet.js';
import { renderVoterCards } from './voter-cards.js';
import { renderMobileBoxList, renderProxyList, renderVoterList } from './voter-list.js';

export type { FormContext };
export { collectReportData, type ReportData } from './report-data.js';
export { missingGlyphs, glyphMessage } from './fonts.js';

type Renderer = (ctx: FormContext) => { buffer: Buffer; pages: number };

export const FORM_RENDERERS: Record<FormId, Renderer> = {
  tally_sheet: renderTallySheet,
  result_report: renderResultReport,
  announcement: renderAnnouncement,
  certificates: renderCertificates,
  voter_list: renderVoterList,
  proxy_list: renderProxyList,
  voter_cards: renderVoterCards,
  mobile_box_list: renderMobileBoxList,
  ballot_paper: (ctx) => {
    if (!ctx.ballot) throw new Error('station bug: ballot_paper rendered without its content');
    return renderBallotPapers(ctx.ballot, { copies: 1, sample: true });
  },
  checkpoint_sheet: renderCheckpointSheet,
  secretary_ballot: renderSecretaryBallot,
  secretary_report: renderSecretaryReport,
};

/** File names inside the export package's forms/ folder and <dataDir>/forms/. */
export const FORM_FILES: Record<FormId, string> = {
  tally_sheet: '选票统计表.pdf',
  result_report: '选举结果报告单.pdf',
  announcement: '选举结果公告.pdf',
  certificates: '当选证书.pdf',
  voter_list: '选民名单.pdf',
  proxy_list: '委托投票名单.pdf',
  voter_cards: '选民证.pdf',
  mobile_box_list: '流动票箱投票选民名单.pdf',
  ballot_paper: '选票样张.pdf',
  checkpoint_sheet: '计票分段核对单.pdf',
  secretary_ballot: '书记副书记选举选票.pdf',
  secretary_report: '书记副书记选举结果报告单.pdf',
};

export interface FormAvailability {
  available: boolean;
  reason: string;
  /** The form does not apply to this election at all: forms.render refuses it (not only a warning). */
  refused?: boolean;
}

const yes: FormAvailability = { available: true, reason: '' };
const no = (reason: string, refused = false): FormAvailability => ({ available: false, reason, ...(refused ? { refused } : {}) });

const PARTY_ONLY: ReadonlySet<FormId> = new Set(['secretary_ballot', 'secretary_report']);

/**
 * Whether forms.list offers a form for this kind of election: the P10 forms only for a Party
 * election. (A Party election still lists the proxy list and voter cards, as unavailable with the
 * reason, and forms.render refuses them.)
 */
export const formApplies = (form: FormId, kind: string): boolean => kind === 'party_branch' || !PARTY_ONLY.has(form);

export function formAvailability(form: FormId, data: ReportData): FormAvailability {
  const confirmed = data.rounds.some((r) => r.confirmed);
  const party = data.election.kind === 'party_branch';
  switch (form) {
    case 'tally_sheet':
      return data.rounds.length > 0 ? yes : no('还没有录入选票。');
    case 'result_report':
    case 'announcement':
      return confirmed ? yes : no('还没有确认的计票结果。');
    case 'certificates':
      if (data.elected.length === 0) return no('还没有当选人员。');
      if (party && !data.secretary?.approval) return no('选举结果待上级党组织批复：记录批复的文号和日期后，才能打印当选证书。', true);
      return yes;
    case 'voter_cards':
      if (party) return no('党员大会凭签到领取选票，不发选民证或出席证。', true);
      return data.voters.length > 0 ? yes : no('选民名单为空。');
    case 'voter_list':
      return data.voters.length > 0 ? yes : no('选民名单为空。');
    case 'proxy_list':
      return party ? no('党员大会不允许委托投票，没有委托投票名单。', true) : yes;
    case 'mobile_box_list':
      if (party) return no('党员大会须本人到会投票，不设流动票箱。', true);
      return data.mobileBoxes.some((b) => b.voters.length > 0) ? yes : no('还没有登记流动票箱的选民名单。');
    case 'ballot_paper':
      return yes;
    case 'checkpoint_sheet':
      return data.rounds.some((r) => r.tally.ballots.cast >= 50) ? yes : no('录入的选票还不到 50 张，还没有分段核对。');
    case 'secretary_ballot':
      if (!party) return no('只有党组织委员会选举才有书记、副书记的选举。', true);
      return (data.secretary?.votes.length ?? 0) > 0 ? yes : no('还没有开始书记、副书记的选举投票。');
    case 'secretary_report':
      if (!party) return no('只有党组织委员会选举才有书记、副书记的选举。', true);
      return data.secretary?.votes.some((v) => v.confirmed) ? yes : no('书记、副书记的选举结果还没有确认。');
  }
}

/** Every name and word a form prints that comes from the data (for the missing-glyph warning). */
export function printedText(data: ReportData): string {
  const e = data.election;
  return [
    e.title,
    e.village,
    e.township,
    e.county,
    ...data.positions.map((p) => p.name),
    ...data.rounds.flatMap((r) => r.positions.flatMap((p) => p.votes.map((v) => v.name))),
    ...data.officials.map((o) => o.name),
    ...data.voters.map((v) => `${v.name}${v.group}`),
    ...data.proxies.map((p) => `${p.principalName}${p.trusteeName}${p.writtenRef}`),
    ...data.mobileBoxes.map((b) => `${b.name}${b.approvalRef}${b.scrutineers.join('')}${b.voters.map((v) => v.name + v.group).join('')}`),
    ...data.decisions,
    ...(data.party?.exclusions.map((x) => `${x.name}${x.reason}`) ?? []),
    ...(data.secretary?.members.map((m) => m.name) ?? []),
    data.settings.partyOrgName,
  ].join('');
}

export interface RenderedForm {
  form: FormId;
  title: string;
  fileName: string;
  buffer: Buffer;
  pages: number;
  missingGlyphs: MissingGlyph[];
}

/** Forms that can vouch for a result: with a result QR once everything they show is confirmed. */
const RESULT_FORMS: ReadonlySet<FormId> = new Set(['result_report', 'tally_sheet', 'announcement', 'certificates']);

/**
 * Whether the paper vouches for the confirmed result (and carries the result QR): a result form all
 * of whose rounds are confirmed (certificates: winners exist, and they come from confirmed rounds
 * only). Anything else (the voter list, a tally sheet of a round still being counted) is a draft.
 */
export function vouchesForResult(form: FormId, ctx: FormContext): boolean {
  if (!RESULT_FORMS.has(form)) return false;
  if (form === 'certificates') return ctx.data.elected.length > 0;
  const rounds = ctx.roundId === undefined ? ctx.data.rounds : ctx.data.rounds.filter((r) => r.id === ctx.roundId);
  return rounds.length > 0 && rounds.every((r) => r.confirmed);
}

export function renderForm(form: FormId, ctx: FormContext): RenderedForm {
  const resultQr = vouchesForResult(form, ctx)
    ? buildResultQr({ fingerprint: ctx.keyFingerprint, electionId: ctx.data.election.id, resultSha256: ctx.resultSha256 })
    : null;
  const { buffer, pages } = FORM_RENDERERS[form]({ ...ctx, resultQr });
  return { form, title: formTitleFor(form, ctx.data.election.kind), fileName: FORM_FILES[form], buffer, pages, missingGlyphs: missingGlyphs(printedText(ctx.data)) };
}

export const formsDir = (dataDir: string): string => path.join(dataDir, 'forms');

/** Saves a rendered form under <dataDir>/forms/ (written beside and renamed: never half a PDF). */
export function saveForm(dataDir: string, rendered: Pick<RenderedForm, 'fileName' | 'buffer'>, suffix = ''): string {
  const dir = formsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const base = rendered.fileName.replace(/\.pdf$/, '');
  const file = path.join(dir, `${base}${suffix}.pdf`);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, rendered.buffer);
  renameSync(tmp, file);
  return file;
}

export function savedForms(dataDir: string): { fileName: string; path: string; bytes: number; modifiedAt: string }[] {
  const dir = formsDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.pdf'))
    .sort()
    .map((n) => {
      const st = statSync(path.join(dir, n));
      return { fileName: n, path: path.join(dir, n), bytes: st.size, modifiedAt: st.mtime.toISOString() };
    });
}
