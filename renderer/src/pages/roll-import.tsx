/**
 * Importing a roll file (选民名单 / 党员名册): the page reads the chosen file and sends its contents
 * (never a path) for a preview that names the sheet it read and marks each problem row; when the
 * workbook has several rolls it asks which sheet, and when it does not know the column names it
 * asks which column is which (remembered for this election once imported). Then confirm.
 */
import { useState } from 'react';
import { api, type In, type Out } from '../api';
import { PARTY_STATUS_LABELS } from '../../../shared/model.js';
import { Busy, Button, ErrorBox, Field, Notice, useAction } from '../ui/kit';

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
  const act = useAction();
  const s = preview?.summary;
  const importable = s ? s.importable : 0;
  const what = party ? '党员名册' : '选民名单';

  const read = async (f: { fileName: string; dataBase64: string }, c: Choice) => {
    const r = await act.run(() => api.call('roll.importPreview', { ...f, ...c }));
    if (r) {
      setChoice(c);
      setPreview(r);
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
      <ErrorBox error={act.error} title="不能导入" />
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
              {s.withErrors > 0 ? `，${s.withErrors} 行有错误不能导入——请改正文件后重新导入，或只导入没有错误的行` : '，没有错误'}。
            </span>
          </Notice>
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
                    <tr key={r.sourceRow} className={r.status === 'error' ? 'bad' : r.status === 'warning' ? 'warn' : ''}>
                      <td className="num">{r.sourceRow}</td>
                      <td>{r.name}</td>
                      <td>{r.idNumber}</td>
                      <td>{r.gender === 'F' ? '女' : r.gender === 'M' ? '男' : r.gender}</td>
                      <td>{r.group}</td>
                      <td>{r.partyStatus ? PARTY_STATUS_LABELS[r.partyStatus] : r.category !== null && r.categoryText === '' ? '户籍在本村且居住（文件无类别列）' : r.categoryText}</td>
                      <td className={r.status === 'error' ? 'problem' : ''}>
                        {r.problems.length === 0 ? STATUS_LABEL[r.status] : r.problems.map((p) => `${p.rule ? `${p.rule} ` : ''}${p.message}`).join('；')}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          <div className="row">
            <Button
              kind="primary"
              busy={act.busy}
              disabled={importable === 0}
              testId="import-confirm"
              onClick={async () => {
                const r = await act.run(() => api.call('roll.importConfirm', { previewId: preview.previewId, ...(s.withErrors > 0 ? { onlyGoodRows: true } : {}) }));
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
        <Notice kind="ok">
          已导入 {done.imported} 人{done.skipped > 0 ? `，跳过有错误的 ${done.skipped} 行` : ''}。
          {done.warnings.map((w) => (
            <div key={w.code + w.message}>{w.message}</div>
          ))}
        </Notice>
      ) : null}
    </div>
  );
}
