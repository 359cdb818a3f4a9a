/**
 * 打印与导出: the forms (each always saved as a PDF in the election's forms folder, then previewed
 * and printed from the PDF, so printing never holds up counting), and the signed export package
 * written to a USB drive or any folder (chair's PIN; "已导出" only after the station read it back).
 */
import { useEffect, useState } from 'react';
import { api, type Out } from '../api';
import type { Election } from '../api';
import { Busy, Button, ErrorBox, Field, Notice, Section, fmtTime, useAction, useLoad } from '../ui/kit';
import { canFetchForms, fetchFormUrl, fmtBytes, openFormInReader } from '../ui/files';
import { PickFolderButton } from '../ui/pick-folder';
import { PARTY_ORG_LABELS, PartyOrgTypeSchema, type PartyOrgType } from '../../../shared/papers.js';
import { BallotPrint } from './ballot-print';

type Rendered = Out<'forms.render'>;
type Drive = Out<'export.drives'>['drives'][number];
type Exported = Out<'export.write'>;

/** Chrome and Edge show a PDF in a frame; a browser without a PDF viewer gets a link instead. */
const viewer = typeof navigator === 'undefined' || (navigator as Navigator & { pdfViewerEnabled?: boolean }).pdfViewerEnabled !== false;

function Preview({ rendered, onClose }: { rendered: Rendered; onClose: () => void }) {
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!canFetchForms()) return;
    let made: string | null = null;
    let live = true;
    void fetchFormUrl(rendered.fileName).then((r) => {
      if (!live) {
        if (r.ok) URL.revokeObjectURL(r.url);
        return;
      }
      if (r.ok) {
        made = r.url;
        setUrl(r.url);
      } else setProblem(r.message);
    });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [rendered.path, rendered.bytes]);
  return (
    <Section
      title={`预览：${rendered.fileName}`}
      actions={
        <>
          {url ? (
            <a className="btn btn-primary" href={url} target="_blank" rel="noopener" data-testid="open-pdf">
              在新窗口打开并打印
            </a>
          ) : null}
          <Button kind="quiet" onClick={onClose}>
            关闭预览
          </Button>
        </>
      }
    >
      <div data-testid="form-preview">
        <Notice kind="ok">
          已保存为 PDF：<span className="path">{rendered.path}</span>（共 {rendered.pages} 页，{fmtBytes(rendered.bytes)}）。打印时在 PDF 窗口里按 Ctrl+P；打印不影响计票。
        </Notice>
        {rendered.warnings.map((w) => (
          <Notice key={w.code} kind="warn">
            {w.message}
          </Notice>
        ))}
        <p className="muted">
          本站签名密钥指纹 <b className="mono">{rendered.keyFingerprint}</b>（印在每页页脚，乡镇核对导出包时对照）。
        </p>
        <ErrorBox error={problem} />
        {url && viewer ? <iframe className="pdf-frame" src={url} title={`${rendered.fileName} 预览`} data-testid="pdf-frame" /> : null}
        {url && !viewer ? (
          <Notice kind="warn">
            <span data-testid="no-pdf-viewer">
              这个浏览器不能在页面里显示 PDF。请点“在新窗口打开并打印”，或{' '}
              <a href={url} download={rendered.fileName}>
                下载这份 PDF
              </a>{' '}
              后用 PDF 阅读器打开打印。
            </span>
          </Notice>
        ) : null}
        {!canFetchForms() ? (
          <Button kind="primary" testId="open-reader" onClick={() => void openFormInReader(rendered.fileName).then(setProblem)}>
            用 PDF 阅读器打开并打印
          </Button>
        ) : null}
      </div>
    </Section>
  );
}

function FormsList({ election }: { election: Election }) {
  const list = useLoad(() => api.call('forms.list', {}), [election.id, election.phase, election.currentRound.id]);
  const [rendered, setRendered] = useState<Rendered | null>(null);
  const [which, setWhich] = useState<string | null>(null);
  const act = useAction();
  const render = async (form: Rendered['form']) => {
    setWhich(form);
    const r = await act.run(() => api.call('forms.render', { form }));
    if (r) {
      setRendered(r);
      list.reload();
    }
  };
  const forms = list.data?.forms ?? [];
  const saved = list.data?.saved ?? [];
  return (
    <>
      <Section title="表格（先生成 PDF，再预览、打印）">
        {list.loading && !list.data ? <Busy busy label="正在读取…" /> : null}
        <table className="table forms-table" data-testid="forms">
          <thead>
            <tr>
              <th>表格</th>
              <th>状态</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {forms.map((f) => (
              <tr key={f.form}>
                <td className="name">{f.title}</td>
                <td className={f.available ? '' : 'muted'}>{f.available ? '可以打印' : f.reason}</td>
                <td>
                  <Button kind={f.available ? 'primary' : 'normal'} busy={act.busy && which === f.form} onClick={() => void render(f.form)} testId={`render-${f.form}`}>
                    生成并预览
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Busy busy={act.busy} label="正在生成 PDF…" />
        <ErrorBox error={act.error ?? list.error} />
      </Section>
      {rendered ? <Preview rendered={rendered} onClose={() => setRendered(null)} /> : null}
      <Section title="已保存的 PDF">
        {saved.length === 0 ? (
          <p className="muted">还没有生成过表格。生成的每一份都会自动保存在本次选举的 forms 文件夹里。</p>
        ) : (
          <table className="table" data-testid="saved-forms">
            <thead>
              <tr>
                <th>文件名</th>
                <th className="num">大小</th>
                <th>生成时间</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {saved.map((f) => (
                <tr key={f.fileName}>
                  <td>{f.fileName}</td>
                  <td className="num">{fmtBytes(f.bytes)}</td>
                  <td>{fmtTime(f.modifiedAt)}</td>
                  <td>
                    {canFetchForms() ? (
                      <Button
                        kind="quiet"
                        onClick={async () => {
                          const r = await fetchFormUrl(f.fileName);
                          if (r.ok) window.open(r.url, '_blank', 'noopener');
                          else act.setError({ code: 'PDF', message: r.message });
                        }}
                      >
                        打开
                      </Button>
                    ) : (
                      <Button
                        kind="quiet"
                        onClick={async () => {
                          const problem = await openFormInReader(f.fileName);
                          if (problem) act.setError({ code: 'PDF', message: problem });
                        }}
                      >
                        打开
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}

function driveLine(d: Drive): string {
  const free = d.freeBytes !== null ? `，剩余 ${fmtBytes(d.freeBytes)}` : '';
  return `${d.label}（${d.path}${free}）`;
}

/**
 * Where to export: a place the station lists (a USB drive, or a folder under its data root), or in
 * the Electron window a folder chosen in the system dialog. Never a typed path: the browser host
 * writes only to a listed place.
 */
function Export({ election }: { election: Election }) {
  const places = useLoad(() => api.call('workspace.places', {}), []);
  const [target, setTarget] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const [done, setDone] = useState<Exported | null>(null);
  const act = useAction();
  const drives = places.data?.drives ?? [];
  const folders = places.data?.folders ?? [];
  const chosen = target;
  const confirmed = election.phase === 'confirmed' || election.currentRound.number > 1;
  const choice = (path: string, text: string, testId: string) => (
    <label key={path} className="check big">
      <input type="radio" name="target" checked={target === path} onChange={() => setTarget(path)} data-testid={testId} /> {text}
    </label>
  );
  return (
    <Section title="导出到 U 盘（交乡镇汇总）" actions={<Button onClick={places.reload} testId="drives-refresh">刷新（重新查找 U 盘）</Button>}>
      <p className="muted">导出包含已确认的结果、全部表格和审计日志，并用本站密钥签名；写完后逐个文件读回核对。需要选举委员会主任密码。</p>
      {!confirmed ? <Notice kind="warn">本轮结果还没有确认。请先在“结果”页确认结果，然后再导出。</Notice> : null}
      {places.data ? <Notice kind={drives.length > 0 ? 'info' : 'warn'}>{places.data.message}</Notice> : <Busy busy={places.loading} label="正在查找 U 盘…" />}
      <div className="choices" role="radiogroup" aria-label="导出到哪里" data-testid="export-places">
        {drives.map((d) => choice(d.path, `U 盘：${driveLine(d)}`, 'export-place'))}
        {folders.map((f) => choice(f.path, `${f.label}（${f.path}）`, 'export-place'))}
        {picked ? choice(picked, `选定的文件夹：${picked}`, 'export-place') : null}
      </div>
      <PickFolderButton
        onPicked={(p) => {
          setPicked(p);
          setTarget(p);
        }}
      />
      <div className="row">
        <Button
          kind="primary"
          busy={act.busy}
          disabled={!chosen}
          testId="export-write"
          onClick={async () => {
            setDone(null);
            const r = await act.run(() => api.call('export.write', { target: chosen }));
            if (r) setDone(r);
          }}
        >
          导出
        </Button>
        <Busy busy={act.busy} label="正在写入并读回核对，请不要拔出 U 盘…" />
      </div>
      <ErrorBox error={act.error ?? places.error} title="没有导出" />
      {done ? (
        <Notice kind="ok">
          <span data-testid="export-done">
            已导出。{done.files} 个文件，{fmtBytes(done.bytes)}，{done.rounds} 轮结果，已读回核对无误。现在可以安全地拔出 U 盘。
          </span>
          <br />
          <span className="path" data-testid="export-path">
            {done.packagePath}
          </span>
        </Notice>
      ) : null}
    </Section>
  );
}

/** 届次, 选字第×号 and (Party) the organisation type: what the papers print. */
function PaperSettings({ election }: { election: Election }) {
  const cur = useLoad(() => api.call('papers.settings', {}), [election.id]);
  const [term, setTerm] = useState('');
  const [no, setNo] = useState('');
  const [type, setType] = useState<PartyOrgType>('branch');
  const act = useAction();
  useEffect(() => {
    if (!cur.data) return;
    setTerm(cur.data.term === null ? '' : String(cur.data.term));
    setNo(cur.data.announcementNumber === null ? '' : String(cur.data.announcementNumber));
    setType(cur.data.partyOrgType);
  }, [cur.data]);
  const party = election.kind === 'party_branch';
  const num = (v: string): number | null => (v.trim() === '' ? null : Number(v));
  return (
    <Section title="表格上印的设置">
      <div className="row">
        <Field label="届次（第几届）" hint={cur.data?.termLabel ?? '未设置：表格上不印届次'}>
          <input className="input" type="number" min={1} max={99} value={term} onChange={(e) => setTerm(e.target.value)} style={{ width: '7rem' }} data-testid="settings-term" />
        </Field>
        <Field label="公告文号（选字第几号）" hint={cur.data?.announcementLabel ?? '未设置：公告上留空手写'}>
          <input className="input" type="number" min={1} max={9999} value={no} onChange={(e) => setNo(e.target.value)} style={{ width: '7rem' }} data-testid="settings-number" />
        </Field>
        {party ? (
          <Field label="党组织类型" hint={cur.data?.partyOrgName}>
            <select value={type} onChange={(e) => setType(e.target.value as PartyOrgType)} data-testid="settings-org">
              {PartyOrgTypeSchema.options.map((t) => (
                <option key={t} value={t}>
                  {PARTY_ORG_LABELS[t]}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <Button
          kind="primary"
          busy={act.busy}
          testId="settings-save"
          onClick={async () => {
            const r = await act.run(() => api.call('papers.setSettings', { term: num(term), announcementNumber: num(no), ...(party ? { partyOrgType: type } : {}) }));
            if (r) cur.reload();
          }}
        >
          保存
        </Button>
      </div>
      <ErrorBox error={act.error ?? cur.error} title="没有保存" />
    </Section>
  );
}

export function FormsPage({ election }: { election: Election }) {
  return (
    <div>
      <PaperSettings election={election} />
      <Section title="选票">
        <BallotPrint election={election} />
      </Section>
      <FormsList election={election} />
      <Export election={election} />
    </div>
  );
}
