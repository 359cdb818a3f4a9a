import path from 'node:path';
import type { stationContract } from '../../../shared/contract/station.js';
import type { HandlersFor } from '../context.js';
import { listBackups } from '../backup.js';
import { auditView } from '../audit-view.js';

const strip = ({ name, at, reason, bytes }: { name: string; at: string; reason: string; bytes: number }) => ({ name, at, reason, bytes });

export const stationHandlers: HandlersFor<typeof stationContract> = {
  'station.health': (ctx, input) => {
    const s = ctx.station;
    const r = input.recheck ? s.recheck() : s.report;
    const { readOnly, integrity, audit, schemaVersion, summary, lastEvent, dataLoss, restoreFrom, checks, tamper, keyed } = r;
    return { readOnly, integrity, audit, schemaVersion, summary, lastEvent, dataLoss, restoreFrom, checks, tamper, keyed };
  },
  'audit.list': (ctx, input) => {
    const rows = ctx.db
      .prepare(
        `SELECT seq, at, actor, command, input, hash FROM audit ${input.beforeSeq ? 'WHERE seq < ?' : ''} ORDER BY seq DESC LIMIT ?`,
      )
      .all(...(input.beforeSeq ? [input.beforeSeq, input.limit] : [input.limit])) as {
      seq: number;
      at: string;
      actor: string;
      command: string;
      input: string;
      hash: string;
    }[];
    const head = ctx.db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    return {
      events: rows.map((r) => ({ ...r, input: JSON.parse(r.input) as unknown })),
      head: head ?? { seq: 0, hash: '0'.repeat(64) },
    };
  },
  'audit.view': (ctx, input) => auditView(ctx.db, input),
  'backup.list': (ctx) => ({ backups: listBackups(ctx.dataDir).map(strip) }),
  'backup.create': (ctx, input) => {
    const made = ctx.station.backupNow(input.reason ?? 'manual');
    return { backup: strip(made), folder: path.dirname(made.file) };
  },
};
