/**
 * Output commands (issue 5): forms, the signed export package and package verification (the
 * township's commands are the workspace's: township/commands.ts). Forms and the export read the election through the station's own read commands
 * (collectReportData); nothing here writes a domain table.
 */
import { formTitleFor, FormIdSchema, type outputContract } from '../../../shared/contract/output.js';
import { Refusal } from '../../../shared/result.js';
import type { HandlersFor } from '../context.js';
import { collectReportData, ReportDataError } from '../forms/report-data.js';
import { formApplies, formAvailability, renderForm, saveForm, savedForms } from '../forms/index.js';
import { glyphMessage, missingGlyphs } from '../forms/fonts.js';
import { currentResultJson } from '../export/result-json.js';
import { keyDirFor, loadOrCreateStationKey } from '../export/keys.js';
import { ExportError, verifyPackage } from '../export/package.js';
import { exportElection } from '../export/export.js';
import { drivesMessage, findDrives } from '../export/drives.js';
import { ballotContent } from '../ballot-content.js';
import { checkpointSheet, checkpointsOf } from '../forms/checkpoint-data.js';
import { roundById, rulesOf } from '../queries.js';
import { batchSubtotals } from '../projection/counting.js';

function refuse(e: unknown): never {
  if (e instanceof ExportError || e instanceof ReportDataError) throw new Refusal(e.code, e.message, e instanceof ExportError ? e.details : undefined);
  throw e;
}

export const outputHandlers: HandlersFor<typeof outputContract> = {
  'forms.checkGlyphs': (_ctx, input) => {
    const missing = missingGlyphs(input.text);
    return { ok: missing.length === 0, missing, message: glyphMessage(missing) };
  },

  'forms.list': (ctx) => {
    const data = collectReportData(ctx.station);
    return {
      forms: FormIdSchema.options
        .filter((form) => formApplies(form, data.election.kind))
        .map((form) => {
          const { available, reason } = formAvailability(form, data);
          return { form, title: formTitleFor(form, data.election.kind), available, reason };
        }),
      saved: savedForms(ctx.dataDir),
    };
  },

  'forms.render': (ctx, input) => {
    try {
      const data = collectReportData(ctx.station);
      const availability = formAvailability(input.form, data);
      if (availability.refused) throw new Refusal('FORM_NOT_AVAILABLE', availability.reason);
      // The ballot sample and the checkpoint sheet are of any round (default the current one); the others of a counted round.
      const anyRound = input.form === 'ballot_paper' || input.form === 'checkpoint_sheet';
      if (input.roundId !== undefined && !anyRound && !data.rounds.some((r) => r.id === input.roundId)) {
        throw new Refusal('ROUND_NOT_FOUND', `第 ${input.roundId} 号轮次还没有计票数据，不能打印。`);
      }
      const roundRow = anyRound ? roundById(ctx.db, input.roundId) : undefined;
      const checkpoint = input.form === 'checkpoint_sheet' && roundRow && checkpointsOf(ctx.db, roundRow.id).length > 0 ? checkpointSheet(ctx.db, (setup, from, to) => batchSubtotals(ctx.db, setup, rulesOf(ctx.db), from, to), roundRow.id, input.uptoSeq) : undefined;
      const key = loadOrCreateStationKey(keyDirFor(ctx.dataDir));
      // The hash of result.json as the export would write it now (confirmed rounds only).
      const result = currentResultJson(ctx.station);
      const rendered = renderForm(input.form, {
        data,
        keyFingerprint: key.fingerprint,
        resultSha256: result.sha256,
        ...(input.roundId !== undefined ? { roundId: input.roundId } : {}),
        ...(input.form === 'ballot_paper' && roundRow ? { ballot: ballotContent(ctx.db, roundRow.id).content } : {}),
        ...(checkpoint ? { checkpoint } : {}),
      });
      const round = input.roundId !== undefined && !anyRound ? data.rounds.find((r) => r.id === input.roundId) : undefined;
      const suffix =
        checkpoint && roundRow
          ? `-第${roundRow.number}轮-第${checkpoint.uptoSeq}张`
          : input.form === 'ballot_paper' && roundRow
            ? `-第${roundRow.number}轮`
            : round
              ? `-第${round.number}轮`
              : '';
      const file = saveForm(ctx.dataDir, rendered, suffix);
      const warnings = [
        ...(rendered.missingGlyphs.length > 0 ? [{ code: 'GLYPH_MISSING', message: glyphMessage(rendered.missingGlyphs) }] : []),
        ...(availability.available ? [] : [{ code: 'FORM_EMPTY', message: availability.reason }]),
        ...(data.election.drill ? [{ code: 'DRILL', message: '这是演练选举，每页都印有“演练”字样。' }] : []),
      ];
      return {
        form: input.form,
        path: file,
        fileName: file.split(/[\\/]/).pop() ?? rendered.fileName,
        pages: rendered.pages,
        bytes: rendered.buffer.length,
        resultSha256: result.sha256,
        keyFingerprint: key.fingerprint,
        missingGlyphs: rendered.missingGlyphs,
        warnings,
      };
    } catch (e) {
      return refuse(e);
    }
  },

  'export.drives': () => {
    const drives = findDrives();
    return { drives, message: drivesMessage(drives) };
  },

  'export.write': (ctx, input) => {
    try {
      const r = exportElection(ctx.station, input.target, { now: () => new Date(ctx.at) });
      return {
        packagePath: r.packagePath,
        files: r.files,
        bytes: r.bytes,
        resultSha256: r.resultSha256,
        keyFingerprint: r.keyFingerprint,
        rounds: r.rounds,
        message: `已导出：${r.packagePath}（${r.files} 个文件，已读回核对无误）。现在可以安全地拔出 U 盘。`,
      };
    } catch (e) {
      return refuse(e);
    }
  },

  'export.verify': (_ctx, input) => {
    const { manifest: _m, result: _r, audit: _a, resultSha256: _h, ...v } = verifyPackage(input.path);
    return v;
  },

  'export.keyInfo': (ctx) => {
    const key = loadOrCreateStationKey(keyDirFor(ctx.dataDir));
    return { keyFingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem };
  },
};
