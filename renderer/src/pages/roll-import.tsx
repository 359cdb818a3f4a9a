/**
 * Importing a roll file (选民名单 / 党员名册): the page reads the chosen file and sends its contents
 * (never a path) for a preview that names the sheet it read and marks each problem row; when the
 * workbook has several rolls it asks which sheet, and when it does not know the column names it
 * asks which column is which (remembered for this election once imported). Then confirm.
 */
import { useState } from 'react';
import { api, type In, type Out } from '../api';
import { PARTY_STATUS_LABELS } from '../../../shared/model.js';
import { Busy, Button, Field, Notice, useAction } from '../ui/kit';
import { PlainError, PlainText, PlainWarnings } from '../ui/plain';

type Preview = Out<'roll.importPreview'>;
type Choice = Omit<In<'roll.importPreview'>, 'dataBase64' | 'fileName'>;
type Columns = NonNullable<Choice['columns']>;

/** The largest file the station reads (electron/station/import/limits.ts). */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

const toBase64 = (buf: ArrayBuffer): string => {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

const STATUS_LABEL = { ok: '可以导入', warning: '可以导入（请留意）', error: '不能导入', registered: '已登记' } as const;

/** For each ID number the file has twice or more: the row the clerk picked, or null for "none of them". */
type Picks = Record<string, number | null>;

/**
 * R3 in the file: the same ID number on several rows. The clerk says which row is the person (or
 * that none is, to check and register by hand); nothing is imported until every number is decided,
 * so the genuine person is never left out without anyone choosing it.
 */
function DuplicatePicker({ preview, picks, onPick }: { preview: Preview; picks: Picks; onPick: (idNumber: string, row: number | null) => void }) {
  const groups = preview.summary.duplicateGroups;
  const byRow = new Map(preview.rows.map((r) => [r.sourceRow, r]));
  const label = (row: number) => {
    const r = byRow.get(row);
    if (!r) return `第 ${row} 行`;
    return [r.name || '（无姓名）', r.group, r.categoryText].filter((x) => x).join('，');
  };
  return (
    <div data-testid="dup-picker">
      <Notice kind="warn">
        文件中有 {groups.length} 个身份证号码出现了不止一次。同一人只能登记一次：请对照户口簿或村里的记录，为每个号码选出正确的一行。选好之前不会导入任何人。
      </Notice>
      {groups.map((g) => (
        <fieldset key={g.idNumber} className="dup-group" data-testid="dup-group" data-id={g.idNumber}>
          <legend>
            身份证号码 <b className="mono">{g.idNumber}</b>（第 {g.rows.join('、')} 行）
          </legend>
          {g.rows.map((row) => {
            const can = g.pickable.includes(row);
            const own = byRow.get(row)?.problems.filter((p) => p.severity === 'error' && p.code !== 'R3_DUPLICATE_IN_FILE') ?? [];
            return (
              <label key={row} className={can ? '' : 'muted'}>
                <input type="radio" name={`dup-${g.idNumber}`} disabled={!can} checked={picks[g.idNumber] === row} onChange={() => onPick(g.idNumber, row)} data-testid={`dup-pick-${row}`} />
                <span>
                  第 {row} 行：<b>{label(row)}</b>
                  {can ? '' : `（这一行本身有错误，不能选：${own.map((p) => p.message).join('；')}）`}
                </span>
              </label>
            );
          })}
          <label>
            <input type="radio" name={`dup-${g.idNumber}`} checked={picks[g.idNumber] === null} onChange={() => onPick(g.idNumber, null)} data-testid={`dup-none-${g.idNumber}`} />
            <span>都不导入（核实后在“登记一名选民”中逐个登记）</span>
          </label>
        </fieldset>
      ))}
    </div>
  );
}

function columnLabel(c: Preview['columns'][number]): string {
  const head = c.header ? `“${c.header}”` : '（无表头）';
  const eg = c.samples.length > 0 ? `，例：${c.samples.slice(0, 2).join('、')}` : '';
  return `${c.letter} 列 ${head}${eg}`;
}

/** Which column is which: one select per field, the header row, and for a Party list "all full members". */
function MappingForm({ preview, party, busy, onRead, onCancel }: { preview: Preview; party: boolean; busy: boolean; onRead: (c: Choice) => void; onCancel: (() => void) | null }) {
  const [columns, setColumns] = useState<Columns>(() => Object.fromEntries(preview.fields.map((f) => [f.field, f.column])) as Columns);
  const [headerRow, setHeaderRow] = useState<number>(preview.headerRow || 1);
  const [allFull, setAllFull] = useState(preview.allFull);
  const missing = preview.fields.filter((f) => (f.required || (party && f.field === 'category' && !allFull)) && (columns[f.field] ?? null) === null);
  const taken = new Map<number, string>();
  for (const f of preview.fields) {
    const c = columns[f.field];
    if (c !== null && c !== undefined) taken.set(c, taken.has(c) ? `${taken.get(c)}、${f.label}` : f.label);
  }
  const doubled = [...taken.entries()].filter(([, who]) => who.includes('、'));
  return (
    <div className="mapping" data-testid="mapping-form">
      <p data-testid="mapping-source">
        <b>文件</b>“{preview.fileName}”{preview.sheet !== null ? `，工作表“${preview.sheet}”` : ''}
        {preview.headerRow > 0 ? `，第 ${preview.headerRow} 行的列名：` : '，各列：'}
        {preview.columns.map((c) => `${c.letter}“${c.header || '（空）'}”`).join('、')}
      </p>
      <Notice kind="info">
        {preview.mappingSource === 'suggested' ? '没有认出这份名单的全部列名。' : ''}请为每一项选择文件中对应的列（不用改动 Excel 文件）。
        带 * 的必须选；文件中没有的项选“（文件中没有这一项）”。确认导入后会记住这样的对应，本次选举再导入同样表头的文件时不用再选。
      </Notice>
      <div className="row">
        <Field label="表头在第几行" hint="表头下面一行起是名单">
          <input
            className="input"
            type="number"
            min={1}
            value={headerRow}
            onChange={(e) => setHeaderRow(Math.max(1, Number(e.target.value) || 1))}
            data-testid="mapping-header-row"
            style={{ width: '7rem' }}
          />
        </Field>
      </div>
      <div className="cols">
        {preview.fields.map((f) => (
          <Field key={f.field} label={`${f.label}${f.required ? ' *' : ''}`}>
            <select
              value={columns[f.field] ?? ''}
              onChange={(e) => setColumns({ ...columns, [f.field]: e.target.value === '' ? null : Number(e.target.value) })}
              data-testid={`map-${f.field}`}
              aria-label={`${f.label}在哪一列`}
            >
              <option value="">（文件中没有这一项）</option>
              {preview.columns.map((c) => (
                <option key={c.index} value={c.index}>
                  {columnLabel(c)}
                </option>
              ))}
            </select>
          </Field>
        ))}
      </div>
      {party ? (
        <label className="check" style={{ marginTop: '0.6rem' }}>
          <input type="checkbox" checked={allFull} onChange={(e) => setAllFull(e.target.checked)} data-testid="map-all-full" />
          名册没有“党员类别”列：名册上的人全部是正式党员（预备党员等不在这份名册上）
        </label>
      ) : null}
      {!party && (columns.category ?? null) === null ? <p className="muted">没有“类别”列时，全部登记为“户籍在本村且居住”（规则 R2）。</p> : null}
      {missing.length > 0 ? <p className="problem">还需要选择：{missing.map((f) => f.label).join('、')}。</p> : null}
      {doubled.length > 0 ? <p className="problem">{doubled.map(([c, who]) => `同一列（${preview.columns.find((x) => x.index === c)?.letter ?? ''} 列）选给了：${who}`).join('；')}。请改正。</p> : null}
      <div className="row">
        <Button
          kind="primary"
          busy={busy}
          disabled={missing.length > 0 || doubled.length > 0}
          testId="mapping-apply"
          onClick={() => onRead({ headerRow, columns, ...(party ? { allFull } : {}) })}
        >
          按这样读取
        </Button>
        {onCancel ? (
          <Button kind="quiet" onClick={onCancel}>
            不改了
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function SheetChoice({ preview, busy, onRead }: { preview: Preview; busy: boolean; onRead: (sheet: string) => void }) {
  const candidates = preview.sheets.filter((s) => s.roll && !s.hidden);
  const [sheet, setSheet] = useState(candidates[0]?.name ?? '');
  return (
    <div data-testid="sheet-choice">
      <Notice kind="warn">文件“{preview.fileName}”里有 {candidates.length} 张工作表都像选民名单，请选择这次要导入的一张：</Notice>
      <div role="radiogroup" aria-label="选择工作表">
        {candidates.map((s) => (
          <label key={s.name} className="check" style={{ display: 'flex', margin: '0.3rem 0' }}>
            <input type="radio" name="sheet" checked={sheet === s.name} onChange={() => setSheet(s.name)} />
            工作表“{s.name}”（{s.rows} 行）
          </label>
        ))}
      </div>
      <Button kind="primary" busy={busy} testId="sheet-apply" onClick={() => onRead(sheet)}>
        读取这张工作表
      </Button>
    </div>
  );
}

export function RollImport({ party, onDone }: { party: boolean; onDone: () => void }) {
  const [file, setFile] = useState<{ fileName: string; dataBase64: string } | null>(null);
  const [choice, setChoice] = useState<Choice>({});
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState(false);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [done, setDone] = useState<Out<'roll.importConfirm'> | null>(null);
  const [picks, setPicks] = useState<Picks>({});
  const act = useAction();
  const s = preview?.summary;
  const groups = s?.duplicateGroups ?? [];
  const unpicked = groups.filter((g) => !(g.idNumber in picks));
  const pickedRows = groups.filter((g) => typeof picks[g.idNumber] === 'number').length;
  const importable = s ? s.importable + pickedRows : 0;
  const what = party ? '党员名册' : '选民名单';

  const read = async (f: { fileName: string; dataBase64: string }, c: Choice) => {
    const r = await act.run(() => api.call('roll.importPreview', { ...f, ...c }));
    if (r) {
      setChoice(c);
      setPreview(r);
      setPicks({});
      setMapping(r.state === 'map_columns');
      setOnlyProblems(r.summary.withErrors + r.summary.withWarnings > 0 && r.rows.length > 30);
    }
  };

  const ready = preview?.state === 'ready' && s;
  const hiddenSheets = preview?.sheets.filter((x) => x.hidden) ?? [];
  return (
    <div>
      <p>
        支持 Excel（.xlsx）和 CSV（UTF-8、GBK 或 Unicode 文本）文件。导入前先预览：有问题的行标红并写明原因，确认后才写入名单。
      </p>
      <label className="btn btn-primary file-pick">
        选择名单文件（.xlsx / .csv）…
        <input
          type="file"
          accept=".xlsx,.xlsm,.csv,.txt,.xls,.et"
          className="file-input"
          data-testid="roll-file"
          aria-label={party ? '选择党员名册文件' : '选择选民名单文件'}
          onChange={async (e) => {
            const input = e.target;
            const f = input.files?.[0];
            input.value = '';
            if (!f) return;
            setDone(null);
            setPreview(null);
            setFile(null);
            if (f.size > MAX_FILE_BYTES) {
              act.setError({ code: 'IMPORT_TOO_LARGE', message: `文件“${f.name}”有 ${(f.size / 1024 / 1024).toFixed(1)} MB，超过 50 MB，不像是一个村的${what}。请检查是否选错了文件，或把名单拆开分批导入。` });
              return;
            }
            const picked = { fileName: f.name, dataBase64: toBase64(await f.arrayBuffer()) };
            setFile(picked);
            await read(picked, {});
          }}
        />
      </label>
      <Busy busy={act.busy} label={preview?.state === 'ready' ? '正在导入…' : '正在读取文件…'} />
      <PlainError error={act.error} title="不能导入" />
      {preview && file && preview.state === 'choose_sheet' ? <SheetChoice preview={preview} busy={act.busy} onRead={(sheet) => void read(file, { sheet })} /> : null}
      {preview && file && mapping ? (
        <MappingForm
          key={preview.previewId}
          preview={preview}
          party={party}
          busy={act.busy}
          onRead={(c) => void read(file, { ...(choice.sheet ? { sheet: choice.sheet } : preview.sheet ? { sheet: preview.sheet } : {}), ...c })}
          onCancel={preview.state === 'ready' ? () => setMapping(false) : null}
        />
      ) : null}
      {preview && ready && s ? (
        <div>
          <div className="import-source" data-testid="preview-source">
            <b>文件</b>“{preview.fileName}”
            {preview.sheet !== null ? (
              <>
                ，读取的是工作表<b>“{preview.sheet}”</b>
              </>
            ) : null}
            {preview.headerRow > 0 ? `，表头在第 ${preview.headerRow} 行` : ''}
            {preview.encoding && preview.format === 'csv' ? `（${preview.encoding === 'gbk' ? 'GBK' : preview.encoding.toUpperCase()} 编码）` : ''}
            {preview.mappingSource === 'given' ? '，各列按您选择的对应读取（确认导入后记住，本次选举再导入同样表头的文件时自动使用）' : ''}
            {preview.mappingSource === 'saved' ? '，各列按本次选举中已确认过的对应读取' : ''}。{' '}
            {!mapping ? (
              <Button kind="quiet" testId="mapping-open" onClick={() => setMapping(true)}>
                修改列的对应…
              </Button>
            ) : null}
          </div>
          {hiddenSheets.length > 0 ? (
            <p className="muted" data-testid="hidden-sheets">
              没有读取的隐藏工作表：{hiddenSheets.map((h) => `“${h.name}”（${h.rows} 行）`).join('、')}
            </p>
          ) : null}
          {preview.notes
            .filter((n) => n.code !== 'HIDDEN_SHEETS_SKIPPED')
            .map((n) => (
              <Notice key={n.code} kind={n.severity === 'warning' ? 'warn' : 'info'}>
                <span data-testid={`note-${n.code}`}>{n.message}</span>
              </Notice>
            ))}
          <Notice kind={s.withErrors > 0 ? 'warn' : 'ok'}>
            <span data-testid="preview-summary">
              共 {s.total} 行：{importable} 行可以导入
              {s.withWarnings > 0 ? `（其中 ${s.withWarnings} 行请留意提示）` : ''}
              {s.registered > 0 ? `，${s.registered} 人已在名单上（已登记，不再导入）` : ''}
              {groups.length > 0 ? `，${groups.length} 个身份证号码重复出现，请在下面选出正确的一行` : ''}
              {s.withErrors > 0 ? `，${s.withErrors} 行有错误不能导入——请改正文件后重新导入，或只导入没有错误的行` : '，没有错误'}。
            </span>
          </Notice>
          {groups.length > 0 ? <DuplicatePicker preview={preview} picks={picks} onPick={(id, row) => setPicks({ ...picks, [id]: row })} /> : null}
          <label className="check">
            <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} /> 只看有问题的行
          </label>
          <div className="scroll-box">
            <table className="table" data-testid="preview-table">
              <thead>
                <tr>
                  <th className="num">行号</th>
                  <th>姓名</th>
                  <th>身份证号</th>
                  <th>性别</th>
                  <th>{party ? '党小组' : '组别'}</th>
                  <th>{party ? '党员状态' : '类别'}</th>
                  <th>检查结果</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows
                  .filter((r) => !onlyProblems || r.problems.length > 0)
                  .map((r) => (
                    <tr key={r.sourceRow} className={r.duplicate ? 'warn' : r.status === 'error' ? 'bad' : r.status === 'warning' ? 'warn' : ''} data-testid={`preview-row-${r.sourceRow}`}>
                      <td className="num">{r.sourceRow}</td>
                      <td>{r.name}</td>
                      <td>{r.idNumber}</td>
                      <td>{r.gender === 'F' ? '女' : r.gender === 'M' ? '男' : r.gender}</td>
                      <td>{r.group}</td>
                      <td>{r.partyStatus ? PARTY_STATUS_LABELS[r.partyStatus] : r.category !== null && r.categoryText === '' ? '户籍在本村且居住（文件无类别列）' : r.categoryText}</td>
                      <td className={r.status === 'error' && !r.duplicate ? 'problem' : ''}>
                        {r.status === 'registered' ? <span className="tag tag-reg">已登记</span> : null}
                        {r.duplicate ? (
                          <span className="tag tag-warn">
                            {typeof picks[r.duplicate.idNumber] === 'number' ? (picks[r.duplicate.idNumber] === r.sourceRow ? '已选定，导入' : '不导入') : picks[r.duplicate.idNumber] === null ? '不导入' : '请选择'}
                          </span>
                        ) : null}
                        {r.problems.length === 0
                          ? STATUS_LABEL[r.status]
                          : r.problems.map((p, i) => (
                              <div key={p.code + i}>
                                <PlainText message={p.rule && !p.message.startsWith(p.rule) ? `${p.rule} ${p.message}` : p.message} />
                              </div>
                            ))}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          {unpicked.length > 0 ? (
            <p className="problem" data-testid="dup-unpicked">
              还有 {unpicked.length} 个重复的身份证号码没有选定（{unpicked.map((g) => `第 ${g.rows.join('、')} 行`).join('；')}），选定后才能导入。
            </p>
          ) : null}
          <div className="row">
            <Button
              kind="primary"
              busy={act.busy}
              disabled={importable === 0 || unpicked.length > 0}
              testId="import-confirm"
              onClick={async () => {
                const r = await act.run(() =>
                  api.call('roll.importConfirm', {
                    previewId: preview.previewId,
                    ...(s.withErrors > 0 ? { onlyGoodRows: true } : {}),
                    ...(groups.length > 0 ? { picks: groups.map((g) => ({ idNumber: g.idNumber, row: picks[g.idNumber] ?? null })) } : {}),
                  }),
                );
                if (r) {
                  setDone(r);
                  setPreview(null);
                  setFile(null);
                  onDone();
                }
              }}
            >
              {s.withErrors > 0 ? `只导入没有错误的 ${importable} 人` : `确认导入 ${importable} 人`}
            </Button>
            <Button
              kind="quiet"
              onClick={() => {
                setPreview(null);
                setFile(null);
              }}
            >
              取消
            </Button>
          </div>
        </div>
      ) : null}
      {done ? (
        <>
          <Notice kind="ok">
            <span data-testid="import-done">
              已导入 {done.imported} 人{done.skipped > 0 ? `，跳过有错误的 ${done.skipped} 行` : ''}
              {done.alreadyRegistered > 0 ? `，${done.alreadyRegistered} 人原已登记` : ''}
              {done.duplicatesLeftOut > 0 ? `，重复号码中没有选定的 ${done.duplicatesLeftOut} 行未导入` : ''}。
            </span>
          </Notice>
          <PlainWarnings warnings={done.warnings} />
        </>
      ) : null}
    </div>
  );
}
