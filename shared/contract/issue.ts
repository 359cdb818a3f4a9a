import { z } from 'zod';
import { command, type CommandSpec } from './define.js';
import { DateSchema, IdSchema, IssueWaySchema, LabelText, ShortText } from '../model.js';
import { isSafeKey, UNSAFE_KEY_MESSAGE } from '../keys.js';

export const IssueSchema = z.object({
  id: IdSchema,
  roundId: IdSchema,
  voterId: IdSchema,
  name: z.string(),
  group: z.string(),
  way: IssueWaySchema,
  wayLabel: z.string(),
  boxKey: z.string().nullable(),
  trusteeId: IdSchema.nullable(),
  trusteeName: z.string().nullable(),
  proxyId: IdSchema.nullable(),
  at: z.string(),
  /** HH:MM local time, for the screen. */
  time: z.string(),
});

const BoxSchema = z.object({
  key: z.string(),
  name: z.string(),
  kind: z.enum(['fixed', 'mobile']),
  issued: z.number().int(),
  /** B5 (mobile boxes): scrutineers registered with the box, the approval reference, its voter list. */
  scrutineers: z.number().int(),
  approvalRef: z.string(),
  listed: z.number().int(),
  publishedOn: z.string().nullable(),
  /** Why the box may not be used yet (B5), or null when it may. */
  notReady: z.string().nullable(),
});

export const BoxVoterSchema = z.object({
  voterId: IdSchema,
  name: z.string(),
  group: z.string(),
  idTail: z.string(),
  /** On the box's published list (B5): only then may the box issue to this voter. */
  published: z.boolean(),
  issued: z.boolean(),
  at: z.string(),
});

export const TurnoutSchema = z.object({
  roundId: IdSchema,
  kind: z.enum(['villagers_committee', 'party_branch', 'residents_committee']),
  /** Villagers: active voters; party: members with a vote. */
  registered: z.number().int(),
  /** Villagers: registered; party: P2 base. */
  base: z.number().int(),
  participants: z.number().int(),
  byWay: z.object({ in_person: z.number().int(), proxy: z.number().int(), mobile: z.number().int() }),
  issued: z.number().int(),
  /** E1 (villagers) or P4 (party). */
  reached: z.boolean(),
  rule: z.enum(['E1', 'P4']),
  /** Participants (present members) needed. */
  needed: z.number().int(),
  more: z.number().int(),
  byGroup: z.array(z.object({ group: z.string(), registered: z.number().int(), participants: z.number().int() })),
  /** Approved, published proxies whose trustee has not come yet. */
  proxyPending: z.number().int(),
});

export const issueContract = {
  'box.add': command({
    summary: '登记流动票箱',
    mutates: true,
    input: z.strictObject({ key: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, '票箱编号只能用字母、数字、下划线和连字符').refine(isSafeKey, UNSAFE_KEY_MESSAGE), name: LabelText(50, '票箱名称') }),
    output: z.object({ box: BoxSchema }),
  }),
  'box.approve': command({
    summary: '登记流动票箱经乡镇选举指导机构同意的文号（B5，浙江等地要求）',
    mutates: true,
    input: z.strictObject({ key: z.string().min(1).max(40), ref: ShortText(200) }),
    output: z.object({ box: BoxSchema }),
  }),
  'box.addVoters': command({
    summary: '把不能到会场投票的选民列入流动票箱名单（B5：未委托他人、未领取选票的选民）',
    mutates: true,
    input: z.strictObject({ key: z.string().min(1).max(40), voterIds: z.array(IdSchema).min(1).max(500) }),
    output: z.object({ box: BoxSchema, voters: z.array(BoxVoterSchema) }),
  }),
  'box.removeVoter': command({
    summary: '把一名选民移出流动票箱名单（写明原因，不删除记录）',
    mutates: true,
    input: z.strictObject({ key: z.string().min(1).max(40), voterId: IdSchema, reason: ShortText(500) }),
    output: z.object({ box: BoxSchema, voters: z.array(BoxVoterSchema) }),
  }),
  'box.publish': command({
    summary: '公布流动票箱的选民名单和监票人（B5：使用前公布，须有足够的监票人）',
    mutates: true,
    input: z.strictObject({ key: z.string().min(1).max(40), publishedOn: DateSchema.optional() }),
    output: z.object({ box: BoxSchema, voters: z.array(BoxVoterSchema) }),
  }),
  'box.voters': command({
    summary: '流动票箱的选民名单（B5）',
    mutates: false,
    input: z.strictObject({ key: z.string().min(1).max(40) }),
    output: z.object({ box: BoxSchema, voters: z.array(BoxVoterSchema), scrutineers: z.array(z.string()) }),
  }),
  'box.list': command({
    summary: '票箱列表（含本轮发出的选票数）',
    mutates: false,
    input: z.strictObject({ roundId: IdSchema.optional() }),
    output: z.object({ boxes: z.array(BoxSchema) }),
  }),
  'ballot.issue': command({
    summary: '发放选票（党员大会：签到）；受托人同时领取委托票（X7）',
    mutates: true,
    input: z.strictObject({
      voterId: IdSchema,
      way: z.enum(['in_person', 'mobile']).optional(),
      /** Required for the mobile box. */
      boxKey: z.string().min(1).max(40).optional(),
    }),
    output: z.object({
      issue: IssueSchema,
      /** Proxy ballots handed to this voter as trustee (X7). */
      proxyBallots: z.array(IssueSchema),
      /** Proxies of this trustee that gave no ballot, and why (X5 void, X6 principal came in person, …). */
      skipped: z.array(z.object({ proxyId: IdSchema, principalId: IdSchema, principalName: z.string(), code: z.string(), message: z.string() })),
      /** Ballots handed over in this call (1 + proxy ballots). */
      ballots: z.number().int(),
      message: z.string(),
    }),
  }),
  'turnout.get': command({
    summary: '参加投票人数（到会人数）实时统计',
    mutates: false,
    input: z.strictObject({ roundId: IdSchema.optional() }),
    output: TurnoutSchema,
  }),
  'ballot.issueList': command({
    summary: '最近的发票记录',
    mutates: false,
    input: z.strictObject({ roundId: IdSchema.optional(), limit: z.number().int().min(1).max(500).optional() }),
    output: z.object({ issues: z.array(IssueSchema), total: z.number().int() }),
  }),
} satisfies Record<string, CommandSpec>;

