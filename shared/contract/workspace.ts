/**
 * Workspace-level commands: which election is open. They are NOT handled by a per-election station
 * (a station is one election's folder); `electron/station/workspace.ts` answers them itself and
 * passes every other command to the current election's `station.call`. The Electron IPC channel and
 * the browser host validate their inputs against these schemas like any other command.
 */
import { z } from 'zod';
import { command } from './define.js';
import { ElectionSchema, electionContract } from './election.js';
import { HealthSchema, BackupSchema } from './station.js';
import { ElectionKindSchema, PhaseSchema } from '../model.js';
import { townshipContract } from './township.js';
import { DriveSchema } from './output.js';

export const RecentElectionSchema = z.object({
  /** Folder name under <root>/elections/. */
  id: z.string(),
  title: z.string(),
  kind: ElectionKindSchema,
  village: z.string(),
  township: z.string(),
  electionDate: z.string(),
  drill: z.boolean(),
  phase: PhaseSchema,
  /** Last time the folder's database was written. */
  modifiedAt: z.string(),
  current: z.boolean(),
});

const Opened = z.object({ id: z.string(), election: ElectionSchema, health: HealthSchema });
const FolderId = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, '选举目录名不正确');

export const workspaceContract = {
  'workspace.list': command({
    summary: '最近的选举（本机保存的全部选举）',
    mutates: false,
    input: z.strictObject({}),
    output: z.object({ elections: z.array(RecentElectionSchema), current: z.string().nullable() }),
  }),
  'workspace.current': command({
    summary: '当前打开的选举及其打开时的检查结果',
    mutates: false,
    input: z.strictObject({}),
    output: z.object({ current: Opened.nullable() }),
  }),
  'workspace.create': command({
    summary: '在新目录中新建一次选举并打开',
    mutates: true,
    input: electionContract['election.create'].input,
    output: Opened,
  }),
  'workspace.open': command({
    summary: '打开本机保存的一次选举',
    mutates: false,
    input: z.strictObject({ id: FolderId }),
    output: Opened,
  }),
  'workspace.close': command({
    summary: '关闭当前选举',
    mutates: false,
    input: z.strictObject({}),
    output: z.object({ closed: z.boolean() }),
  }),
  'workspace.demo': command({
    summary: '打开演示选举（演练数据，可随意操作）',
    mutates: true,
    input: z.strictObject({}),
    output: Opened,
  }),
  'workspace.backups': command({
    summary: '某次选举的备份列表（可用来恢复）',
    mutates: false,
    input: z.strictObject({ id: FolderId }),
    output: z.object({ backups: z.array(BackupSchema) }),
  }),
  'workspace.restore': command({
    summary: '从备份恢复一次选举（原文件保留在旁边），恢复后重新检查',
    mutates: true,
    chair: true,
    input: z.strictObject({ id: FolderId, backup: z.string().min(1).max(200) }),
    output: Opened.extend({ keptAs: z.string().nullable() }),
  }),
  'workspace.places': command({
    summary: '可以导出到的位置：插入的 U 盘，以及本机数据目录下的文件夹',
    mutates: false,
    input: z.strictObject({}),
    output: z.object({
      drives: z.array(DriveSchema),
      /** Folders under the station's data root (the 导出包 folder, made when first listed, and the user's own). */
      folders: z.array(z.object({ path: z.string(), label: z.string() })),
      message: z.string(),
    }),
  }),
  /** The township's commands (issue 13): no election needed; the key register is the workspace's. */
  ...townshipContract,
};

export type WorkspaceContract = typeof workspaceContract;
