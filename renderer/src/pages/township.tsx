/**
 * 乡镇汇总: many villages' export packages, each verified; tampered, duplicate and drill packages
 * refused with the reason; per village and in total: registered, participants, turnout, validity,
 * rounds, and the structure of those elected, with simple bar charts; the table as xlsx and csv.
 */
import { useState } from 'react';
import { api, type Out } from '../api';
import { Busy, Button, ErrorBox, Field, Notice, Section, Stat, useAction } from '../ui/kit';
import { downloadBase64, downloadText } from '../ui/files';
import { PickFolderButton } from '../ui/pick-folder';
import { BarChart } from '../ui/bars';

type Table = Out<'township.import'>;
type Row = Table['total'];

const REFUSAL_LABELS: Record<Table['refused'][number]['code'], string> = {
  TAMPERED: '被改动',
  DUPLICATE: '重复',
  DRILL: '演练数据',
  NOT_A_PACKAGE: '不是导出包',
};

const pct = (p: number): string => `${Math.floor(p / 10)}.${p % 10}%`;
const share = (n: number, of: number): string => (of > 0 ? `${Math.floor((100 * n) / of)}%` : '—');

function Structure({ r }: { r: Row }) {
  const items = [
    { label: '女性', value: r.women },
    { label: '35岁及以下', value: r.age35OrUnder },
    { label: '大专及以上', value: r.college },
    { label: '中共党员', value: r.partyMembers },
  ];
  return (
    <BarChart
      title={`当选 ${r.elected} 人的结构`}
      max={Math.max(1, r.elected)}
      bars={items.map((i) => ({ label: i.label, value: i.value, text: `${i.value} 人（${share(i.value, r.elected)}）` }))}
      testId="chart-structure"
    />
  );
}

function Result({ t, drill, paths }: { t: Table; drill: boolean; paths: string[] }) {
  const act = useAction();
  const rows = [...t.villages, ...t.byKind];
  return (
    <>
      {t.refused.length > 0 ? (
        <Section title={`拒收 ${t.refused.length} 个导出包（不计入汇总）`}>
          <ul className="refusals" data-testid="refused">
            {t.refused.map((r) => (
              <li key={r.path}>
                <span className="tag tag-bad">{r.code === 'DRILL' && drill ? '正式数据' : REFUSAL_LABELS[r.code]}</span> {r.reason}
                <div className="path">{r.path}</div>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <Section
        title={`${drill ? '演练汇总' : '汇总'}：${t.villages.length} 个村`}
        actions={
          <>
            <Button
              kind="primary"
              busy={act.busy}
              testId="export-xlsx"
              onClick={async () => {
                const r = await act.run(() => api.call('township.xlsx', { paths, ...(drill ? { drill: true } : {}) }));
                if (r) downloadBase64(r.dataBase64, r.fileName, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
              }}
            >
              导出 Excel 表
            </Button>
            <Button testId="export-csv" onClick={() => downloadText(t.csv, `${t.total.township || '乡镇'}${drill ? '演练' : ''}汇总.csv`)}>
              导出 CSV
            </Button>
          </>
        }
      >
        {drill ? <Notice kind="warn">这是演练汇总，只汇总演练包，数字不是正式结果。</Notice> : null}
        <div className="stats" data-testid="township-total">
          <Stat label="村数" value={t.villages.length} />
          <Stat label="登记选民（应到会）" value={t.total.registered} />
          <Stat label="参加投票（实到会）" value={t.total.participants} />
          <Stat label="参选率" value={pct(t.total.turnoutPermille)} />
          <Stat label="选举有效" value={`${t.villages.filter((v) => v.valid).length} / ${t.villages.length}`} tone={t.total.valid ? 'ok' : 'warn'} />
          <Stat label="当选人数" value={t.total.elected} />
          <Stat label="主任书记一肩挑" value={`${t.total.chairAlsoSecretary} 个村`} />
        </div>
        <div className="table-wrap">
          <table className="table township-table" data-testid="township-table">
            <thead>
              <tr>
                <th>村</th>
                <th>类别</th>
                <th className="num">登记选民</th>
                <th className="num">参加投票</th>
                <th className="num">参选率</th>
                <th>是否有效</th>
                <th className="num">投票轮次</th>
                <th className="num">当选</th>
                <th className="num">女性</th>
                <th className="num">35岁及以下</th>
                <th className="num">大专及以上</th>
                <th className="num">党员</th>
                <th>一肩挑</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.electionId || `k${i}`} className={i >= t.villages.length ? 'subtotal' : ''}>
                  <td className="name">{r.village}</td>
                  <td>{r.kind}</td>
                  <td className="num">{r.registered}</td>
                  <td className="num">{r.participants}</td>
                  <td className="num">{pct(r.turnoutPermille)}</td>
                  <td className={r.valid ? '' : 'bad'}>{r.validity}</td>
                  <td className="num">{r.rounds}</td>
                  <td className="num">{r.elected}</td>
                  <td className="num">{r.women}</td>
                  <td className="num">{r.age35OrUnder}</td>
                  <td className="num">{r.college}</td>
                  <td className="num">{r.partyMembers}</td>
                  <td>{i >= t.villages.length ? `${r.chairAlsoSecretary} 个` : r.chairAlsoSecretary ? '是' : '否'}</td>
                </tr>
              ))}
              <tr className="total" data-testid="township-total-row">
                <td className="name">{t.total.village}</td>
                <td />
                <td className="num">{t.total.registered}</td>
                <td className="num">{t.total.participants}</td>
                <td className="num">{pct(t.total.turnoutPermille)}</td>
                <td>{t.total.validity}</td>
                <td className="num">{t.total.rounds}</td>
                <td className="num">{t.total.elected}</td>
                <td className="num">{t.total.women}</td>
                <td className="num">{t.total.age35OrUnder}</td>
                <td className="num">{t.total.college}</td>
                <td className="num">{t.total.partyMembers}</td>
                <td>{t.total.chairAlsoSecretary} 个</td>
              </tr>
            </tbody>
          </table>
        </div>
        <ErrorBox error={act.error} />
      </Section>
      {t.villages.length > 0 ? (
        <Section title="图表">
          <div className="cols">
            <BarChart
              title="各村参选率（竖线为过半数）"
              max={1000}
              mark={500}
              bars={t.villages.map((v) => ({ label: v.village, value: v.turnoutPermille, text: `${pct(v.turnoutPermille)}（${v.participants}/${v.registered}）`, tone: v.valid ? 'ok' : 'bad' }))}
              testId="chart-turnout"
            />
            <Structure r={t.total} />
          </div>
        </Section>
      ) : null}
    </>
  );
}

export function TownshipPage() {
  const [folder, setFolder] = useState('');
  const [text, setText] = useState('');
  const [drill, setDrill] = useState(false);
  const [found, setFound] = useState<string | null>(null);
  const [table, setTable] = useState<{ t: Table; drill: boolean; paths: string[] } | null>(null);
  const act = useAction();
  const paths = [...new Set(text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean))];
  return (
    <div>
      <Section title="乡镇汇总：导入各村的导出包">
        <p className="muted">把各村交来的 U 盘插上，填写 U 盘或文件夹的位置，点“查找导出包”；也可以把导出包文件夹的位置逐行粘贴在下面。每个包都会核对签名，被改动、重复和演练的包会被拒收并写明原因。</p>
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
          <Button
            kind="primary"
            busy={act.busy}
            disabled={paths.length === 0}
            testId="township-import"
            onClick={async () => {
              const r = await act.run(() => api.call('township.import', { paths, ...(drill ? { drill: true } : {}) }));
              if (r) setTable({ t: r, drill, paths });
            }}
          >
            核对并汇总
          </Button>
          <Busy busy={act.busy} label="正在逐个核对导出包…" />
        </div>
        <ErrorBox error={act.error} />
      </Section>
      {table ? <Result t={table.t} drill={table.drill} paths={table.paths} /> : null}
    </div>
  );
}
