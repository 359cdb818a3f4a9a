import { z } from 'zod';
import { command } from './define.js';

const RoleSchema = z.enum(['chair', 'staff']);
const PinSchema = z.string().regex(/^\d{4,8}$/, '密码应为 4 到 8 位数字');

export const authContract = {
  'auth.status': command({
    summary: '密码设置情况与锁定状态',
    mutates: false,
    input: z.strictObject({}),
    output: z.object({
      chairPinSet: z.boolean(),
      staffPinSet: z.boolean(),
      chairLockedSeconds: z.number().int(),
      staffLockedSeconds: z.number().int(),
      /** Commands that need the chair's PIN once it is set. */
      chairCommands: z.array(z.string()),
    }),
  }),
  'auth.setPin': command({
    summary: '设置或更改密码（主任密码设置以后，更改任何密码都要输入它）',
    mutates: true,
    chair: true,
    input: z.strictObject({ role: RoleSchema, pin: PinSchema }),
    output: z.object({ role: RoleSchema }),
  }),
  'auth.check': command({
    summary: '核对密码（例如工作人员解锁屏幕）；错误次数多会被锁定',
    mutates: false,
    input: z.strictObject({ role: RoleSchema }),
    output: z.object({ role: RoleSchema, ok: z.literal(true) }),
  }),
};
