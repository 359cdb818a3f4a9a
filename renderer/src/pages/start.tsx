/** 开始: create or open an election, the demo, recent elections, restore from a backup, the health report. */
import { useEffect, useState } from 'react';
import { api, type Out } from '../api';
import type { Opened } from '../api';
import { PHASE_LABELS, backupReasonLabel } from '../../../shared/model.js';
import { Busy, Button, ErrorBox, Field, Notice, Section, fmtTime, useAction, useLoad } from '../ui/kit';

const KINDS = [
  { value: 'villagers_committee', label: '村民委员会选举' },
  { value: 'party_branch', label: '党支部委员会选举（党员大会）' },
  { value: 'residents_committee', label: '居民委员会选举' },
] as const;
export const KIND_LABELS: Record<string, string> = Object.fromEntries(KINDS.map((k) => [k.value, k.label]));

const PROFILES = [
  { value: 'national', label: '全国通用（村民委员会组织法）' },
  { value: 'zhejiang', label: '浙江省' },
  { value: 'shanghai', label: '上海市' },
  { value: 'beijing', label: '北京市' },
] as const;

type Kind = (typeof KINDS)[number]['value'];
type Recent = Out<'workspace.list'>['elections'][number];

function Health({ opened }: { opened: Opened }) {
  const h = opened.health;
  return (
    <div data-testid="health">
      {h.readOnly ? (
        <Notice kind="warn">{h.summary}</Notice>
      ) : (
        <Notice kind="ok">{h.summary}</Notice>
      )}
      {h.audit.problems.length > 0 ? (
        <ul>
          {h.audit.problems.slice(0, 5).map((p, i) => (
            <li key={i} className="problem">
              {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function CreateForm({ onOpened }: { onOpened: (o: Opened) => void }) {
  const today = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  const [kind, setKind] = useState<Kind>('villagers_committee');
  const [village, setVillage] = useState('');
  const [township, setTownship] = useState('');
  const [county, setCounty] = useState('');
  const [date, setDate] = useState(`${today.getFullYear()}-${p(today.getMonth() + 1)}-${p(today.getDate())}`);
  const [profile, setProfile] = useState<string>('national');
  const [drill, setDrill] = useState(true);
  const act = useAction();
  const submit = async () => {
    const r = await act.run(() =>
      api.call('workspace.create', { kind, village, township, ...(county.trim() ? { county } : {}), electionDate: date, profile, drill }),
    );
    if (r) {
      setVillage('');
      onOpened(r);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="row">
        <Field label="选举类型">
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="create-kind">
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="适用规则">
          <select value={profile} onChange={(e) => setProfile(e.target.value)} data-testid="create-profile">
            {PROFILES.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="选举日期">
          <input className="input" type="date" value={date} onChange={(e) => setDate(e.target.value)} required data-testid="create-date" />
        </Field>
      </div>
      <div className="row">
        <Field label="村（社区）名称">
          <input className="input" value={village} onChange={(e) => setVillage(e.target.value)} required data-testid="create-village" />
        </Field>
        <Field label="乡镇（街道）">
          <input className="input" value={township} onChange={(e) => setTownship(e.target.value)} required data-testid="create-township" />
        </Field>
        <Field label="县（市、区）（可不填）">
          <input className="input" value={county} onChange={(e) => setCounty(e.target.value)} />
        </Field>
      </div>
      <div className="row" role="radiogroup" aria-label="演练还是正式选举">
        <label className="check">
          <input type="radio" name="drill" checked={drill} onChange={() => setDrill(true)} data-testid="create-drill" /> 演练（练习用，所有页面和打印件标“演练”）
        </label>
        <label className="check">
          <input type="radio" name="drill" checked={!drill} onChange={() => setDrill(false)} data-testid="create-real" /> 正式选举
        </label>
      </div>
      <div className="row">
        <Button type="submit" kind="primary" busy={act.busy} testId="create-submit">
          新建选举
        </Button>
        <Busy busy={act.busy} label="正在新建选举…" />
      </div>
      <ErrorBox error={act.error} />
    </form>
  );
}

/** Backups are made at each phase change (phase-<phase>) and every 50 ballots (ballots-<n>). */
export const backupLabel = backupReasonLabel;

/** The page to continue on, by phase. */
const NEXT: Record<keyof typeof PHASE_LABELS, { route: string; label: string }> = {
  setup: { route: 'setup', label: '继续：设置' },
  roll_published: { route: 'issue', label: '继续：发放选票' },
  voting: { route: 'issue', label: '继续：发放选票' },
  counting: { route: 'count', label: '继续：计票' },
  confirmed: { route: 'forms', label: '继续：打印与导出' },
};

/** The backup the station advises after a failed check (the health report, or a refused open). */
export interface Suggested {
  id: string;
  name: string;
}

function Restore({ recent, onOpened, suggest }: { recent: Recent[]; onOpened: (o: Opened) => void; suggest: Suggested | null }) {
  const [id, setId] = useState(suggest?.id ?? recent[0]?.id ?? '');
  const backups = useLoad(() => (id ? api.call('workspace.backups', { id }) : Promise.resolve({ ok: true as const, value: { backups: [] } })), [id]);
  const [chosen, setChosen] = useState('');
  // When the station names a sound backup, that election and backup are chosen already.
  useEffect(() => {
    if (!suggest) return;
    setId(suggest.id);
    setChosen(suggest.name);
  }, [suggest?.id, suggest?.name]);
  const act = useAction();
  const [kept, setKept] = useState<string | null>(null);
  if (recent.length === 0) return <p className="muted">本机还没有保存任何选举，没有可以恢复的备份。</p>;
  return (
    <div>
      <div className="row">
        <Field label="哪一次选举">
          <select value={id} onChange={(e) => { setId(e.target.value); setChosen(''); }} data-testid="restore-election">
            {recent.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}（{r.electionDate}）
              </option>
            ))}
          </select>
        </Field>
        <Field label="恢复到哪个备份">
          <select value={chosen} onChange={(e) => setChosen(e.target.value)} data-testid="restore-backup">
            <option value="">— 请选择 —</option>
            {(backups.data?.backups ?? []).map((b) => (
              <option key={b.name} value={b.name}>
                {fmtTime(b.at)} · {backupLabel(b.reason)} · {Math.ceil(b.bytes / 1024)} KB
              </option>
            ))}
          </select>
        </Field>
        <Button
          kind="danger"
          busy={act.busy}
          disabled={!chosen}
          testId="restore-submit"
          onClick={async () => {
            const r = await act.run(() => api.call('workspace.restore', { id, backup: chosen }));
            if (r) {
              setKept(r.keptAs);
              onOpened(r);
            }
          }}
        >
          恢复
        </Button>
      </div>
      {backups.data && backups.data.backups.length === 0 ? <p className="muted">这次选举还没有备份（每推进一个阶段、每计 50 张票自动备份一次）。</p> : null}
      <p className="muted">恢复时，现在的数据文件不会删除，会改名保存在同一目录中。</p>
      <Busy busy={act.busy} label="正在恢复并检查数据…" />
      <ErrorBox error={act.error} />
      {kept ? <Notice kind="ok">已恢复。原来的数据文件保存为 {kept}。</Notice> : null}
    </div>
  );
}

/** A real election without the chair's PIN: anyone could approve proxies, void ballots, confirm, export. */
function ChairPinNudge({ id, go }: { id: string; go: (r: string) => void }) {
  const status = useLoad(() => api.call('auth.status', {}), [id]);
  if (!status.data || status.data.chairPinSet) return null;
  return (
    <Notice kind="warn">
      <span data-testid="chair-pin-nudge">
        这是正式选举，还没有设置选举委员会主任密码。设置前，任何人都可以批准委托、作废选票、确认结果和导出数据。{' '}
      </span>
      <Button onClick={() => go('setup?pins')} testId="goto-pins">
        去设置密码
      </Button>
    </Notice>
  );
}

export function StartPage({ opened, onOpened, go }: { opened: Opened | null; onOpened: (o: Opened | null) => void; go: (r: string) => void }) {
  const list = useLoad(() => api.call('workspace.list', {}), [opened?.id]);
  const act = useAction();
  const demo = useAction();
  const party = opened?.election.kind === 'party_branch';
  const phase = opened?.election.phase ?? 'setup';
  const next = party && (phase === 'roll_published' || phase === 'voting') ? { route: 'party', label: '继续：大会签到' } : NEXT[phase];
  const recent = list.data?.elections ?? [];
  const [failedOpen, setFailedOpen] = useState<string | null>(null);
  const open = async (id: string) => {
    setFailedOpen(id);
    const r = await act.run(() => api.call('workspace.open', { id }));
    if (r) onOpened(r);
  };
  const advisedOnError = (act.error?.details as { restoreFrom?: { name?: unknown } } | undefined)?.restoreFrom?.name;
  const advised = opened?.health.readOnly ? opened.health.restoreFrom?.name : undefined;
  const suggest: Suggested | null =
    typeof advisedOnError === 'string' && failedOpen ? { id: failedOpen, name: advisedOnError } : opened && advised ? { id: opened.id, name: advised } : null;
  return (
    <div>
      {opened ? (
        <Section
          title="当前选举"
          actions={
            <>
              <Button kind="primary" onClick={() => go(next.route)} testId="goto-next">
                {next.label}
              </Button>
              {opened.election.phase !== 'setup' ? (
                <Button onClick={() => go('setup')} testId="goto-setup">
                  设置
                </Button>
              ) : null}
              <Button
                kind="quiet"
                onClick={async () => {
                  await act.run(() => api.call('workspace.close', {}));
                  onOpened(null);
                }}
              >
                关闭这次选举
              </Button>
            </>
          }
        >
          <p style={{ fontSize: '1.3rem', fontWeight: 700 }} data-testid="current-title">
            {opened.election.title}
          </p>
          <p>
            {KIND_LABELS[opened.election.kind]} · {opened.election.township} {opened.election.village} · 选举日 {opened.election.electionDate} · 当前阶段：
            <b>{PHASE_LABELS[opened.election.phase]}</b> · {opened.election.drill ? '演练' : '正式选举'}
          </p>
          <Health opened={opened} />
          {!opened.election.drill && !opened.election.readOnly ? <ChairPinNudge id={opened.id} go={go} /> : null}
        </Section>
      ) : (
        <Notice>欢迎使用村级选举计票站。请新建一次选举，或从下面的列表中打开以前的选举；第一次使用可以先打开“演示选举”练习。</Notice>
      )}
      <div className="cols">
        <Section title="新建选举">
          <CreateForm onOpened={onOpened} />
        </Section>
        <div>
          <Section title="演示选举">
            <p>一次已经准备好的演练选举：300 名选民、3 份委托投票、一个流动票箱，选票已全部录入，等待确认结果。可以随意操作，熟悉确认结果、打印表格、导出和大屏。每次打开都会新建一份。</p>
            <Button
              busy={demo.busy}
              testId="open-demo"
              onClick={async () => {
                const r = await demo.run(() => api.call('workspace.demo', {}));
                if (r) onOpened(r);
              }}
            >
              打开演示选举
            </Button>
            <Busy busy={demo.busy} label="正在生成演示选举（300 名选民，逐张录入选票），大约需要几秒钟…" />
            <ErrorBox error={demo.error} />
          </Section>
          <Section title="最近的选举">
            {list.loading && !list.data ? <Busy busy label="正在读取…" /> : null}
            {recent.length === 0 && list.data ? <p className="muted">本机还没有保存任何选举。</p> : null}
            <ul className="recent" data-testid="recent">
              {recent.map((r) => (
                <li key={r.id}>
                  <Button onClick={() => void open(r.id)} kind={r.current ? 'primary' : 'normal'}>
                    {r.drill && !r.title.includes('演练') ? '【演练】' : ''}
                    {r.title} · {r.electionDate} · {PHASE_LABELS[r.phase]}
                    {r.current ? '（当前）' : ''}
                  </Button>
                </li>
              ))}
            </ul>
          </Section>
        </div>
      </div>
      <Busy busy={act.busy} />
      <ErrorBox error={act.error} />
      <Section title="从备份恢复">
        <Restore recent={recent} onOpened={onOpened} suggest={suggest} />
      </Section>
    </div>
  );
}
