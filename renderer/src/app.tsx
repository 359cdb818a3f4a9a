/** The station's screens: a hash route per workflow step, the 演练 banner, the PIN dialog. */
import { useCallback, useEffect, useState } from 'react';
import { api, setPinPrompter, type Election, type Opened, type PinAsk } from './api';
import { DrillBanner } from './ui/drill-banner';
import { PHASE_LABELS } from '../../shared/model.js';
import { StartPage } from './pages/start';
import { SetupPage } from './pages/setup';
import { HallPage } from './pages/hall';
import { hallOnly } from './pages/live';
import { RollPage } from './pages/roll';
import { ObjectionsPage } from './pages/objections';
import { PartyPage } from './pages/party';
import { ProxyPage } from './pages/proxy';
import { IssuePage } from './pages/issue';
import { CountPage } from './pages/count';
import { ResultsPage } from './pages/results';
import { FormsPage } from './pages/forms';
import { TownshipPage } from './pages/township';
import { SecretaryPage } from './pages/secretary';
import { LogPage } from './pages/audit-log';
import { PinDialog } from './ui/pin-dialog';
import { StaffLock } from './ui/staff-lock';
import { OutageBanner, reloadInto, takeReopen, useOutage } from './ui/outage';
import { openHall } from './ui/hall-window';


interface Route {
  path: string;
  label: string;
  kinds?: Election['kind'][];
}

export const ROUTES: Route[] = [
  { path: 'start', label: '开始' },
  { path: 'setup', label: '设置' },
  { path: 'roll', label: '选民登记', kinds: ['villagers_committee', 'residents_committee'] },
  { path: 'roll', label: '党员名册', kinds: ['party_branch'] },
  { path: 'objections', label: '名单异议' },
  { path: 'party', label: '党员大会', kinds: ['party_branch'] },
  { path: 'proxy', label: '委托投票', kinds: ['villagers_committee', 'residents_committee'] },
  { path: 'issue', label: '发放选票' },
  { path: 'count', label: '计票' },
  { path: 'results', label: '结果' },
  { path: 'secretary', label: '书记选举', kinds: ['party_branch'] },
  { path: 'forms', label: '打印与导出' },
  { path: 'log', label: '记录与备份' },
  { path: 'township', label: '乡镇汇总' },
];

/** Pages that work without an open election. */
const ALWAYS = new Set(['start', 'township']);

function pageFor(route: string, election: Election) {
  switch (route) {
    case 'setup':
      return <SetupPage election={election} />;
    case 'roll':
      return <RollPage election={election} />;
    case 'objections':
      return <ObjectionsPage election={election} />;
    case 'party':
      return election.kind === 'party_branch' ? <PartyPage election={election} /> : null;
    case 'proxy':
      return election.kind !== 'party_branch' ? <ProxyPage election={election} /> : null;
    case 'issue':
      return (
        <StaffLock electionId={election.id} what="发放选票">
          <IssuePage election={election} />
        </StaffLock>
      );
    case 'count':
      return (
        <StaffLock electionId={election.id} what="计票">
          <CountPage election={election} />
        </StaffLock>
      );
    case 'results':
      return <ResultsPage election={election} />;
    case 'forms':
      return <FormsPage election={election} />;
    case 'secretary':
      return election.kind === 'party_branch' ? <SecretaryPage election={election} /> : null;
    case 'log':
      return <LogPage election={election} />;
    default:
      return null;
  }
}

const readRoute = (): string => window.location.hash.replace(/^#\/?/, '').split('?')[0] || 'start';

export function useRoute(): [string, (r: string) => void] {
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const on = () => setRoute(readRoute());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return [route, (r: string) => void (window.location.hash = `#/${r}`)];
}

export function App() {
  const [route, go] = useRoute();
  const [opened, setOpened] = useState<Opened | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [pinAsk, setPinAsk] = useState<{ ask: PinAsk; resolve: (pin: string | null) => void } | null>(null);
  const outage = useOutage();

  const refresh = useCallback(async () => {
    const r = await api.call('workspace.current', {});
    let current = r.ok ? r.value.current : null;
    // Reopened after the station restarted (B5): the same election as before, on the same page.
    const again = takeReopen();
    if (r.ok && current === null && again) {
      const o = await api.call('workspace.open', { id: again });
      if (o.ok) current = o.value;
    }
    if (r.ok) setOpened(current);
    setLoaded(true);
  }, []);

  useEffect(() => {
    // The hall window under Electron can read the live count and nothing else: it needs no election.
    if (hallOnly()) return;
    void refresh();
    setPinPrompter((ask) => new Promise((resolve) => setPinAsk({ ask, resolve })));
    // Phase, round and title can change with many commands: refresh the header after each one.
    return api.onCommand((c) => {
      if (c !== 'workspace.current' && c !== 'count.live' && !c.endsWith('.search')) void refresh();
    });
  }, [refresh]);

  if (route === 'hall' || hallOnly())
    return (
      <>
        <OutageBanner outage={outage} />
        <HallPage />
      </>
    );

  const election = opened?.election ?? null;
  const routes = ROUTES.filter((r) => ALWAYS.has(r.path) || (election && (!r.kinds || r.kinds.includes(election.kind))));
  const page = !loaded
    ? null
    : route === 'township'
      ? <TownshipPage />
      : ((opened && route !== 'start' ? pageFor(route, opened.election) : null) ?? <StartPage opened={opened} onOpened={setOpened} go={go} />);

  return (
    <div className="app">
      <DrillBanner election={election} />
      <header className="top">
        <div className="brand">
          <h1>村级选举计票站</h1>
          {election ? (
            <div className="election-line" data-testid="election-line">
              {election.title} · {election.electionDate} · 第 {election.currentRound.number} 轮
              {election.currentRound.kind === 'runoff' ? '（再次投票）' : election.currentRound.kind === 'supplementary' ? '（另行选举）' : ''} ·{' '}
              <span className="phase">{PHASE_LABELS[election.phase]}</span>
              {election.readOnly ? <span className="readonly">只读</span> : null}
            </div>
          ) : null}
        </div>
        <nav className="nav" aria-label="工作步骤">
          {routes.map((r) => (
            <a key={r.path + r.label} href={`#/${r.path}`} className={route === r.path || (route !== 'hall' && route !== 'township' && !opened && r.path === 'start') ? 'active' : ''} aria-current={route === r.path ? 'page' : undefined}>
              {r.label}
            </a>
          ))}
          {election ? (
            <a href="#/hall" target="_self" className="nav-hall" onClick={openHall} title="在单独的窗口中打开大屏（拖到投影仪上）">
              大屏
            </a>
          ) : null}
        </nav>
      </header>
      {/* B5: while the station does not answer, the page's data is hidden behind one banner (kept mounted: a short outage loses nothing typed) */}
      <main className="main" hidden={outage !== null} aria-hidden={outage !== null}>
        {page}
      </main>
      <OutageBanner outage={outage} onReload={() => reloadInto(opened?.id ?? null)} />
      {pinAsk && !outage ? (
        <PinDialog
          ask={pinAsk.ask}
          onDone={(pin) => {
            pinAsk.resolve(pin);
            setPinAsk(null);
          }}
        />
      ) : null}
    </div>
  );
}
