/**
 * 乡镇汇总 (issue 13): the township clerk's page, with or without an election open.
 *  1. 密钥登记簿: each village's signed paper result report is scanned (a USB barcode scanner types
 *     the QR text into the field and presses Enter) or its printed fingerprint typed; the key is
 *     registered for that village and the paper recorded (纸质核对).
 *  2. The packages on the drives are found and checked: each one 已核对 (counted), 待核对 (key not
 *     yet registered), 拒收 (with the reason; a foreign key in red with both fingerprints), 已被取代,
 *     or a conflict the clerk settles by choosing one election.
 *  3. Totals per township, villagers' committees and Party branches apart, with charts; the table
 *     as xlsx and csv.
 */
import { Fragment, useEffect, useRef, useState } from 'react';
import { api, type Out } from '../api';
import { Busy, Button, ErrorBox, Field, Notice, Section, Stat, fmtTime, useAction, useLoad } from '../ui/kit';
import { downloadBase64, downloadText } from '../ui/files';
import { PickFolderButton } from '../ui/pick-folder';
import { BarChart } from '../ui/bars';

type Report = Out<'township.import'>;
type Pkg = Report['packages'][number];
type Row = Report['villages'][number];
type Total = Report['totals'][number];
type Kind = 'villagers_committee' | 'residents_committee' | 'party_branch';

const RESULT_TYPES = ['按职数全额选出主任（书记）、委员', '已选出主任，未全额选出委员', '未选出主任，已全额选出委员', '未选出主任，未全额选出委员', '选举不成功'];
const MARKS = ['①', '②', '③', '④', '⑤'];
/** The table's short form of a result type; the chart beside it gives each number's full wording. */
const TYPE_SHORT = ['全额选出', '委员未全额', '主任未选出', '主任委员均未全额', '选举不成功'];

const STATUS: Record<Pkg['status'], { label: string; tone: 'ok' | 'warn' | 'bad' | 'muted' }> = {
  counted: { label: '已核对', tone: 'ok' },
  pending: { label: '待核对', tone: 'warn' },
  refused: { label: '拒收', tone: 'bad' },
  superseded: { label: '已被取代', tone: 'muted' },
  conflict: { label: '冲突待处理', tone: 'bad' },
  set_aside: { label: '冲突已处理，不计入', tone: 'muted' },
};

const REFUSAL: Record<NonNullable<Pkg['code']>, string> = {
  NOT_A_PACKAGE: '不是导出包',
  OLD_FORMAT: '旧版本导出包',
  TAMPERED: '被改动',
  UNSAFE: '读取不安全',
  RESULT_INVALID: '结果格式不对',
  DRILL: '演练数据',
  REAL_IN_DRILL: '正式数据',
  KEY_MISMATCH: '密钥不符',
  PAPER_MISMATCH: '与纸质报告单不一致',
};

const PAPER: Record<Pkg['paper'], string> = { matched: '纸质已核对', mismatch: '纸质不一致', none: '纸质未核对' };

const pct = (p: number): string => `${Math.floor(p / 10)}.${p % 10}%`;
const share = (n: number, of: number): string => (of > 0 ? `${Math.floor((100 * n) / of)}%` : '—');
const yes = (v: boolean | null): string => (v === null ? '—' : v ? '是' : '否');

function useClerk(): [string, (v: string) => void] {
  const [clerk, setClerk] = useState(() => {
    try {
      return localStorage.getItem('township.clerk') ?? '';
    } catch {
      return '';
    }
  });
  return [
    clerk,
    (v) => {
      setClerk(v);
      try {
        localStorage.setItem('township.clerk', v);
      } catch {
        // private mode: the name is kept for this page only
      }
    },
  ];
}

/** 1. The key register: scan a paper, or type its fingerprint; the registered keys with who and when. */
function KeyRegister({ paths, onChanged, clerk, setClerk }: { paths: string[]; onChanged: () => void; clerk: string; setClerk: (v: string) => void }) {
  const reg = useLoad(() => api.call('township.register', {}), []);
  const act = useAction();
  const [text, setText] = useState('');
  const [manual, setManual] = useState({ township: '', village: '', kind: 'villagers_committee' as Kind });
  const [another, setAnother] = useState(false);
  const [done, setDone] = useState<Out<'township.addKey'> | null>(null);
  const [revoking, setRevoking] = useState<{ fp: string; reason: string } | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  useEffect(() => scanRef.current?.focus(), []);
  const typedFingerprint = /^[\s0-9a-fA-F０-９ａ-ｆＡ-Ｆ-]+$/.test(text.trim()) && text.trim().length > 0;

  const add = async () => {
    setDone(null);
    const r = await act.run(() =>
      api.call('township.addKey', {
        text,
        by: clerk,
        paths,
        ...(manual.township.trim() && manual.village.trim() ? { township: manual.township.trim(), village: manual.village.trim(), kind: manual.kind } : {}),
        ...(another ? { another: true } : {}),
      }),
    );
    if (r) {
      setDone(r);
      setText('');
      setAnother(false);
      reg.reload();
      onChanged();
    }
    scanRef.current?.focus();
  };

  return (
    <Section title="密钥登记簿：扫描各村盖章签字的选举结果报告单">
      <p className="muted">
        把扫码枪对准报告单右下角的二维码扫一下，程序就登记这个村的计票站密钥，并记下这张纸质报告单（纸质核对）。没有扫码枪时，可以输入报告单页脚印的“计票站密钥指纹”（32 位，空格和大小写不限），并填写乡镇、村和类别。导出包的密钥登记过才计入汇总。
      </p>
      <div className="row">
        <Field label="核对人（您的姓名）">
          <input className="input" value={clerk} onChange={(e) => setClerk(e.target.value)} data-testid="clerk-name" placeholder="例如 王明" />
        </Field>
        <Field label="扫描二维码或输入密钥指纹">
          <input
            ref={scanRef}
            className="input input-wide mono"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && text.trim() && clerk.trim()) void add();
            }}
            placeholder="VES1-…（扫码枪会自动填入并回车）"
            data-testid="key-scan"
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <Button kind="primary" busy={act.busy} disabled={!text.trim() || !clerk.trim()} onClick={() => void add()} testId="key-add">
          登记
        </Button>
      </div>
      {!clerk.trim() ? <p className="field-hint">请先填写核对人姓名：登记簿记下谁在什么时候核对了哪张报告单。</p> : null}
      {typedFingerprint || act.error?.code === 'VILLAGE_REQUIRED' ? (
        <div className="row" data-testid="manual-place">
          <Field label="乡镇">
            <input className="input" value={manual.township} onChange={(e) => setManual({ ...manual, township: e.target.value })} data-testid="manual-township" />
          </Field>
          <Field label="村">
            <input className="input" value={manual.village} onChange={(e) => setManual({ ...manual, village: e.target.value })} data-testid="manual-village" />
          </Field>
          <Field label="选举类别">
            <select value={manual.kind} onChange={(e) => setManual({ ...manual, kind: e.target.value as Kind })} data-testid="manual-kind">
              <option value="villagers_committee">村民委员会</option>
              <option value="party_branch">党组织委员会</option>
              <option value="residents_committee">居民委员会</option>
            </select>
          </Field>
        </div>
      ) : null}
      {act.error?.code === 'KEY_DIFFERS' || another ? (
        <label className="check big">
          <input type="checkbox" checked={another} onChange={(e) => setAnother(e.target.checked)} data-testid="key-another" /> 核实过：该村确实另用了一台计票站，再登记这个密钥
        </label>
      ) : null}
      <ErrorBox error={act.error} />
      {done ? (
        <div data-testid="key-message">
          <Notice kind="ok">{done.message}</Notice>
          {done.warnings.map((w) => (
            <Notice key={w.code} kind="warn">
              {w.message}
            </Notice>
          ))}
        </div>
      ) : null}
      <ErrorBox error={reg.error} />
      {reg.data && reg.data.keys.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="register-table">
            <thead>
              <tr>
                <th>乡镇</th>
                <th>村</th>
                <th>类别</th>
                <th>计票站密钥指纹</th>
                <th>登记方式</th>
                <th>核对人</th>
                <th>时间</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {reg.data.keys.map((k) => (
                <tr key={`${k.township}${k.village}${k.kind}${k.fingerprint}`}>
                  <td className="nowrap">{k.township}</td>
                  <td className="name nowrap">{k.village}</td>
                  <td className="nowrap">{k.kindLabel}</td>
                  <td className="mono nowrap">{k.fingerprint}</td>
                  <td className="nowrap">{k.how}</td>
                  <td className="nowrap">{k.by}</td>
                  <td className="nowrap">{fmtTime(k.at)}</td>
                  <td className="nowrap">
                    {revoking?.fp === k.fingerprint ? (
                      <span className="row tight">
                        <input className="input" placeholder="撤销原因" value={revoking.reason} onChange={(e) => setRevoking({ ...revoking, reason: e.target.value })} />
                        <Button
                          kind="danger"
                          disabled={!revoking.reason.trim() || !clerk.trim()}
                          onClick={async () => {
                            const r = await act.run(() => api.call('township.revokeKey', { township: k.township, village: k.village, kind: k.kind, fingerprint: k.fingerprint, reason: revoking.reason, by: clerk }));
                            if (r) {
                              setRevoking(null);
                              reg.reload();
                              onChanged();
                            }
                          }}
                        >
                          确认撤销
                        </Button>
                        <Button kind="quiet" onClick={() => setRevoking(null)}>
                          取消
                        </Button>
                      </span>
                    ) : (
                      <Button kind="quiet" onClick={() => setRevoking({ fp: k.fingerprint, reason: '' })}>
                        撤销
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="field-hint">
            已登记 {reg.data.keys.length} 个密钥，已核对纸质报告单 {reg.data.papers.length} 张。登记簿保存在 <span className="path">{reg.data.file}</span>（可复制给 cli township --keys 使用）。
          </p>
        </div>
      ) : reg.data ? (
        <p className="muted">登记簿里还没有密钥。</p>
      ) : null}
    </Section>
  );
}

function StateTag({ p }: { p: Pkg }) {
  const s = STATUS[p.status];
  const label = p.status === 'refused' && p.code ? `拒收：${REFUSAL[p.code]}` : s.label;
  return <span className={`tag tag-${s.tone === 'muted' ? 'muted' : s.tone}`}>{label}</span>;
}

/** Every package with its state and the reason, the ones that need the clerk first. */
function PackageStates({ t, clerk, onChanged }: { t: Report; clerk: string; onChanged: () => void }) {
  const act = useAction();
  const [why, setWhy] = useState('');
  return (
    <Section title={`逐个核对：${t.packages.length} 个导出包`}>
      <ul className="pkg-states" data-testid="package-states">
        {t.packages.map((p) => (
          <li key={p.path} className={`pkg pkg-${STATUS[p.status].tone}`} data-status={p.status} data-code={p.code ?? ''}>
            <div className="pkg-head">
              <StateTag p={p} />
              <b>
                {p.township}
                {p.village}
              </b>{' '}
              {p.kindLabel}
              {p.keyState === 'verified' || p.keyState === 'pending' ? <span className={`tag ${p.paper === 'matched' ? 'tag-ok' : p.paper === 'mismatch' ? 'tag-bad' : 'tag-muted'}`}>{PAPER[p.paper]}</span> : null}
            </div>
            <div className="pkg-reason">{p.reason}</div>
            {p.code === 'KEY_MISMATCH' ? (
              <div className="fp-compare" data-testid="fp-compare">
                <div>
                  导出包的密钥：<span className="mono bad">{p.keyFingerprint}</span>
                </div>
                <div>
                  登记的密钥：<span className="mono">{p.registeredFingerprints.join('、')}</span>
                </div>
              </div>
            ) : p.keyFingerprint ? (
              <div className="field-hint">
                密钥指纹 <span className="mono">{p.keyFingerprint}</span>
                {p.resultSha256 ? (
                  <>
                    {' '}
                    · 结果哈希 <span className="mono">{p.resultSha256.slice(0, 16)}…</span>
                  </>
                ) : null}
              </div>
            ) : null}
            {p.status === 'conflict' && p.electionId ? (
              <div className="row">
                <input className="input wide" placeholder="选定这一次的理由（如：另一次是误建的练习）" value={why} onChange={(e) => setWhy(e.target.value)} data-testid="conflict-reason" />
                <Button
                  disabled={!why.trim() || !clerk.trim()}
                  busy={act.busy}
                  onClick={async () => {
                    const r = await act.run(() =>
                      api.call('township.choose', { township: p.township, village: p.village, kind: p.kind as Kind, electionId: p.electionId ?? '', reason: why, by: clerk }),
                    );
                    if (r) {
                      setWhy('');
                      onChanged();
                    }
                  }}
                >
                  以这一次为准
                </Button>
              </div>
            ) : null}
            <div className="path">{p.path}</div>
          </li>
        ))}
      </ul>
      <ErrorBox error={act.error} />
    </Section>
  );
}

function VillageTable({ rows, total, drill }: { rows: Row[]; total: Total; drill: boolean }) {
  const party = total.kind === 'party_branch';
  return (
    <div className="table-wrap">
      <table className="table township-table" data-testid={`township-table-${total.kind}`}>
        <thead>
          <tr>
            <th>村</th>
            <th className="num">职数</th>
            <th className="num">当选</th>
            <th className="num">空缺</th>
            <th className="num">{party ? '实到/应到' : '参加/登记'}</th>
            <th className="num">{party ? '到会率' : '参选率'}</th>
            <th>是否有效</th>
            <th className="num">女性</th>
            <th className="num">≤35岁</th>
            <th className="num">大专+</th>
            <th className="num">党员</th>
            <th>一肩挑</th>
            <th>一次成功</th>
            <th>结果类型</th>
            <th>纸质</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <Fragment key={r.path}>
              <tr className="village-row">
                <td className="name">{r.village}</td>
                <td className="num">{r.seats}</td>
                <td className="num">{r.electedCount}</td>
                <td className={`num ${r.vacancies > 0 ? 'bad' : ''}`}>{r.vacancies}</td>
                <td className="num nowrap">
                  {r.participants}/{r.registered}
                </td>
                <td className="num">{pct(r.turnoutPermille)}</td>
                <td className={r.valid ? '' : 'bad'}>{r.validity}</td>
                <td className="num">{r.women}</td>
                <td className="num">{r.age35OrUnder}</td>
                <td className="num">{r.college}</td>
                <td className="num">{r.partyMembers}</td>
                <td>{yes(r.oneShoulder)}</td>
                <td>{yes(r.firstRoundSuccess)}</td>
                <td className="type nowrap" title={RESULT_TYPES[r.resultType]}>
                  {MARKS[r.resultType]} {TYPE_SHORT[r.resultType]}
                </td>
                <td className="nowrap">{r.paperChecked ? '已核对' : '未核对'}</td>
              </tr>
              <tr className="elected-row">
                <td />
                <td colSpan={14} className="elected">
                  当选：{r.electedText || '无'}
                </td>
              </tr>
            </Fragment>
          ))}
          <tr className="total" data-testid={`total-${total.kind}`}>
            <td className="name">
              {drill ? '演练' : ''}合计
              <div className="sub">{total.villages} 个村</div>
            </td>
            <td className="num">{total.seats}</td>
            <td className="num">{total.electedCount}</td>
            <td className="num">{total.vacancies}</td>
            <td className="num nowrap">
              {total.participants}/{total.registered}
            </td>
            <td className="num">{pct(total.turnoutPermille)}</td>
            <td className="nowrap">
              有效 {total.validCount} / {total.villages}
            </td>
            <td className="num">{total.women}</td>
            <td className="num">{total.age35OrUnder}</td>
            <td className="num">{total.college}</td>
            <td className="num">{total.partyMembers}</td>
            <td className="nowrap">{total.oneShoulder} 个</td>
            <td>
              {total.firstRoundSuccess} 个<div className="sub">{pct(total.firstRoundPermille)}</div>
            </td>
            <td />
            <td />
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** Villages per result type: the five types township reporting systems use, each with its count. */
function ResultTypes({ total }: { total: Total }) {
  const max = Math.max(1, total.villages);
  return (
    <figure className="chart" data-testid={`chart-types-${total.kind}`}>
      <figcaption>选举结果类型（村数）</figcaption>
      <table className="type-bars">
        <tbody>
          {RESULT_TYPES.map((label, i) => {
            const n = total.resultTypes[i] ?? 0;
            return (
              <tr key={label}>
                <td className="type-label">
                  {MARKS[i]} {label}
                </td>
                <td className="type-bar">
                  <span className="track">
                    <span className={`bar ${i === 4 ? 'bar-bad' : ''}`} style={{ width: `${Math.round((100 * n) / max)}%` }} />
                  </span>
                </td>
                <td className="num nowrap">{n} 个</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </figure>
  );
}

function TownshipTotals({ t, township }: { t: Report; township: string }) {
  const totals = t.totals.filter((x) => x.township === township);
  const rows = t.villages.filter((v) => v.township === township);
  return (
    <Section title={`${township}${t.drill ? '（演练汇总）' : ''}：${rows.length} 个村的选举`}>
      {t.drill ? <Notice kind="warn">这是演练汇总，只汇总演练包，数字不是正式结果。</Notice> : null}
      {totals.map((total) => {
        const kindRows = rows.filter((r) => r.kind === total.kind);
        return (
          <div key={total.kind} className="kind-block">
            <h3>
              {total.kindLabel}（{total.villages} 个村，不与其他类别相加）
            </h3>
            <div className="stats" data-testid={`stats-${total.kind}`}>
              <Stat label={total.kind === 'party_branch' ? '应到会' : '登记选民'} value={total.registered} />
              <Stat label={total.kind === 'party_branch' ? '实到会' : '参加投票'} value={total.participants} />
              <Stat label={total.kind === 'party_branch' ? '到会率' : '参选率'} value={pct(total.turnoutPermille)} />
              <Stat label="职数 / 当选" value={`${total.seats} / ${total.electedCount}`} tone={total.vacancies > 0 ? 'warn' : 'ok'} />
              <Stat label="一次选举成功率" value={pct(total.firstRoundPermille)} />
              <Stat label="主任书记一肩挑" value={`${total.oneShoulder} 个村`} />
            </div>
            <VillageTable rows={kindRows} total={total} drill={t.drill} />
            <div className="cols">
              <BarChart
                title={`各村${total.kind === 'party_branch' ? '到会率' : '参选率'}（竖线为过半数）`}
                max={1000}
                mark={500}
                bars={kindRows.map((v) => ({ label: v.village, value: v.turnoutPermille, text: `${pct(v.turnoutPermille)}（${v.participants}/${v.registered}）`, tone: v.valid ? 'ok' : 'bad' }))}
                testId={`chart-turnout-${total.kind}`}
              />
              <BarChart
                title={`当选 ${total.electedCount} 人的结构`}
                max={Math.max(1, total.electedCount)}
                bars={[
                  { label: '女性', value: total.women },
                  { label: '35岁及以下', value: total.age35OrUnder },
                  { label: '大专及以上', value: total.college },
                  { label: '中共党员', value: total.partyMembers },
                ].map((i) => ({ ...i, text: `${i.value} 人（${share(i.value, total.electedCount)}）` }))}
                testId={`chart-structure-${total.kind}`}
              />
              <ResultTypes total={total} />
            </div>
          </div>
        );
      })}
    </Section>
  );
}

function Result({ r, clerk, onChanged }: { r: { t: Report; drill: boolean; paths: string[] }; clerk: string; onChanged: () => void }) {
  const act = useAction();
  const { t, drill, paths } = r;
  const counted = t.packages.filter((p) => p.status === 'counted').length;
  const pending = t.packages.filter((p) => p.status === 'pending').length;
  const refused = t.packages.filter((p) => p.status === 'refused' || p.status === 'conflict').length;
  return (
    <>
      <Section
        title={`${drill ? '演练汇总' : '汇总'}：计入 ${counted} 个，待核对 ${pending} 个，拒收或冲突 ${refused} 个`}
        actions={
          <>
            <Button
              kind="primary"
              busy={act.busy}
              testId="export-xlsx"
              disabled={t.villages.length === 0}
              onClick={async () => {
                const x = await act.run(() => api.call('township.xlsx', { paths, ...(drill ? { drill: true } : {}) }));
                if (x) downloadBase64(x.dataBase64, x.fileName, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
              }}
            >
              导出 Excel 表
            </Button>
            <Button testId="export-csv" disabled={t.villages.length === 0} onClick={() => downloadText(t.csv, `${t.townships.length === 1 ? t.townships[0] : '乡镇'}${drill ? '演练' : ''}汇总.csv`)}>
              导出 CSV
            </Button>
          </>
        }
      >
        {pending > 0 ? <Notice kind="warn">有 {pending} 个导出包待核对：请扫描这些村的纸质选举结果报告单上的二维码，核对后自动计入汇总。</Notice> : null}
        {t.townships.length > 1 ? <Notice kind="warn">收到 {t.townships.length} 个乡镇的导出包：{t.townships.join('、')}。各乡镇分别汇总，不相加。</Notice> : null}
        <ErrorBox error={act.error} />
      </Section>
      <PackageStates t={t} clerk={clerk} onChanged={onChanged} />
      {t.townships.map((township) => (
        <TownshipTotals key={township} t={t} township={township} />
      ))}
    </>
  );
}

export function TownshipPage() {
  const [folder, setFolder] = useState('');
  const [text, setText] = useState('');
  const [drill, setDrill] = useState(false);
  const [found, setFound] = useState<string | null>(null);
  const [report, setReport] = useState<{ t: Report; drill: boolean; paths: string[] } | null>(null);
  const [clerk, setClerk] = useClerk();
  const act = useAction();
  const paths = [...new Set(text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean))];
  const check = async (ps: string[], d: boolean) => {
    const r = await act.run(() => api.call('township.import', { paths: ps, ...(d ? { drill: true } : {}) }));
    if (r) setReport({ t: r, drill: d, paths: ps });
  };
  // after a key is registered or a conflict settled, the same packages are checked again
  const recheck = () => {
    if (report) void check(report.paths, report.drill);
  };
  return (
    <div>
      <KeyRegister paths={report?.paths ?? paths} onChanged={recheck} clerk={clerk} setClerk={setClerk} />
      <Section title="导入各村的导出包">
        <p className="muted">把各村交来的 U 盘插上，填写 U 盘或文件夹的位置，点“查找导出包”；也可以把导出包文件夹的位置逐行粘贴在下面。每个包都会核对签名、密钥登记和纸质报告单。</p>
        <div className="row">
          <Field label="U 盘或文件夹位置">
            <input className="input wide" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="例如 E:\ 或 /media/usb" data-testid="find-folder" />
          </Field>
          <PickFolderButton onPicked={setFolder} />
          <Button
            busy={act.busy}
            disabled={!folder.trim()}
            testId="find-packages"
            onClick={async () => {
              const r = await act.run(() => api.call('township.find', { folder: folder.trim() }));
              if (r) {
                setFound(r.message);
                setText([...new Set([...paths, ...r.packages])].join('\n'));
              }
            }}
          >
            查找导出包
          </Button>
        </div>
        {found ? <Notice>{found}</Notice> : null}
        <Field label={`要汇总的导出包（每行一个，共 ${paths.length} 个）`}>
          <textarea className="input paths" rows={Math.min(10, Math.max(3, paths.length + 1))} value={text} onChange={(e) => setText(e.target.value)} data-testid="package-paths" />
        </Field>
        <div className="row" role="radiogroup" aria-label="正式汇总还是演练汇总">
          <label className="check big">
            <input type="radio" name="tdrill" checked={!drill} onChange={() => setDrill(false)} data-testid="mode-real" /> 正式汇总（拒收演练包）
          </label>
          <label className="check big">
            <input type="radio" name="tdrill" checked={drill} onChange={() => setDrill(true)} data-testid="mode-drill" /> 演练汇总（只收演练包，用于培训）
          </label>
        </div>
        <div className="row">
          <Button kind="primary" busy={act.busy} disabled={paths.length === 0} testId="township-import" onClick={() => void check(paths, drill)}>
            核对并汇总
          </Button>
          <Busy busy={act.busy} label="正在逐个核对导出包…" />
        </div>
        <ErrorBox error={act.error} />
      </Section>
      {report ? <Result r={report} clerk={clerk} onChanged={recheck} /> : null}
    </div>
  );
}
