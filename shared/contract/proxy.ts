import { z } from 'zod';
import { command, type CommandSpec } from './define.js';
import { DateSchema, IdSchema, ProxyRelationSchema, ShortText } from '../model.js';
import { WarningSchema } from './roll.js';

export const ProxySchema = z.object({
  id: IdSchema,
  principalId: IdSchema,
  principalName: z.string(),
  trusteeId: IdSchema,
  trusteeName: z.string(),
  /** X1: the close-relative tie, or other_villager (其他村民, allowed since 2025). */
  relation: ProxyRelationSchema,
  relationLabel: z.string(),
  /** X3: the trustee has become a candidate since; the proxy must be re-assigned before publication. */
  trusteeIsCandidate: z.boolean(),
  writtenRef: z.string(),
  status: z.enum(['pending', 'approved', 'revoked']),
  approvalRef: z.string().nullable(),
  /** On a published list (X5): only approved and published proxies are valid. */
  published: z.boolean(),
  revokeReason: z.string().nullable(),
  /** A proxy ballot was issued under it in the current round. */
  issued: z.boolean(),
  at: z.string(),
});

export const proxyContract = {
  'proxy.add': command({
    summary: '登记委托投票（书面委托，受托人须为本村有选举权的近亲属或其他村民，候选人除外，X1–X5）',
    mutates: true,
    input: z.strictObject({
      principalId: IdSchema,
      trusteeId: IdSchema,
      relation: ProxyRelationSchema,
      /** The written authorisation's number or description (X1). */
      writtenRef: ShortText(200),
    }),
    output: z.object({ proxy: ProxySchema, warnings: z.array(WarningSchema) }),
  }),
  'proxy.approve': command({
    summary: '选举委员会审核同意一项委托（X5）',
    mutates: true,
    chair: true,
    input: z.strictObject({ proxyId: IdSchema, ref: z.string().trim().max(200).optional() }),
    output: z.object({ proxy: ProxySchema }),
  }),
  'proxy.revoke': command({
    summary: '撤销一项委托（写明原因）',
    mutates: true,
    input: z.strictObject({ proxyId: IdSchema, reason: ShortText(500) }),
    output: z.object({ proxy: ProxySchema }),
  }),
  'proxy.publish': command({
    summary: '公布委托投票名单（只有已审核并公布的委托有效，X5）',
    mutates: true,
    input: z.strictObject({ publishedOn: DateSchema.optional() }),
    output: z.object({ publishedOn: z.string(), proxyCount: z.number().int(), proxies: z.array(ProxySchema), warnings: z.array(WarningSchema) }),
  }),
  'proxy.list': command({
    summary: '委托投票名单及每位受托人的委托数',
    mutates: false,
    input: z.strictObject({ includeRevoked: z.boolean().optional() }),
    output: z.object({
      proxies: z.array(ProxySchema),
      trustees: z.array(z.object({ trusteeId: IdSchema, name: z.string(), count: z.number().int() })),
      publications: z.array(z.object({ publishedOn: z.string(), proxyCount: z.number().int(), at: z.string() })),
      maxPerTrustee: z.number().int(),
    }),
  }),
} satisfies Record<string, CommandSpec>;
