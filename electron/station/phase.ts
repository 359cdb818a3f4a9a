/** Recording a phase change, and the backup after it (design.md: a backup after each phase). */
import type { Phase } from '../../shared/model.js';
import type { Ctx } from './context.js';

/** Backups after each phase change (design.md), run once the transaction committed. */
export function backupAfter(ctx: Ctx, reason: string): void {
  const s = ctx.station;
  if (!s.options.backups) return;
  ctx.after(() => s.scheduleBackup(reason));
}

export function recordPhase(ctx: Ctx, phase: Phase, roundId: number | null, reason = ''): void {
  ctx.insert('phase_events', { phase, round_id: roundId, reason, at: ctx.at, actor: ctx.actor });
  backupAfter(ctx, `phase-${phase}`);
}
