/**
 * 大屏: the hall display — live 正字 tally per candidate, ballots counted, readable from the back of
 * the hall. Polls `count.live` about every 500 ms, and reads everything it shows (title, 演练, round,
 * phase) from that one command: under Electron its window on the projector can call nothing else
 * (electron/preload-hall.ts). Its own route (#/hall).
 */
import { useEffect, useState } from 'react';
import { onOtherWindowCommand } from '../api';
import { DrillBanner } from '../ui/drill-banner';
import { Zheng } from '../ui/zheng';
import { loadLive, type Live } from './live';

export function HallPage() {
  const [live, setLive] = useState<Live | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    let inFlight = false;
    let again = false;
    // Polls about every 500 ms; a ballot recorded in another window triggers an immediate refresh.
    const tick = async () => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      clearTimeout(timer);
      const r = await loadLive();
      inFlight = false;
      if (stop) return;
      if (r.ok) {
        setLive(r.value);
        setError(null);
      } else {
        setError(r.error);
        if (r.error.code === 'NO_ELECTION_OPEN') setLive(null);
      }
      if (again) {
        again = false;
        void tick();
      } else timer = setTimeout(() => void tick(), 500);
    };
    void tick();
    const off = onOtherWindowCommand((c) => {
      if (c.startsWith('count.') || c.startsWith('round.')) void tick();
    });
    return () => {
      stop = true;
      off();
      clearTimeout(timer);
    };
  }, []);
  const roundLabel = live ? `第 ${live.roundNumber} 轮${live.roundKind === 'runoff' ? '（再次投票）' : live.roundKind === 'supplementary' ? '（另行选举）' : ''}` : '';
  const counting = live !== null && (live.phase === 'counting' || live.phase === 'confirmed');
  return (
    <div className="hall" data-testid="hall">
      <DrillBanner election={live} />
      <h1>{live ? live.title : '村级选举计票站'}</h1>
      <p className="hall-sub">
        {live ? `${roundLabel} · 公开计票` : error && error.code !== 'NO_ELECTION_OPEN' ? error.message : '还没有打开选举，请在计票站上打开一次选举'}
      </p>
      {live && !counting ? <p className="hall-sub">计票尚未开始，投票结束后这里显示正字计票。</p> : null}
      {live && counting ? (
        <>
          <div className="hall-stats">
            <span>
              已计票 <b data-testid="hall-counted">{live.ballotsCounted}</b> 张
            </span>
            {live.collected !== null ? (
              <span>
                收回 <b>{live.collected}</b> 张
              </span>
            ) : null}
            <span>
              有效 <b>{live.valid}</b>
            </span>
            <span>
              无效 <b>{live.invalid}</b>
            </span>
            {live.doubtful > 0 ? (
              <span>
                待裁定 <b>{live.doubtful}</b>
              </span>
            ) : null}
          </div>
          <div className="hall-positions">
            {live.positions.map((p) => (
              <section className="hall-pos" key={p.key}>
                <h2>
                  {p.name}（应选 {p.seats} 名）
                  {p.invalid > 0 ? <small className="hall-invalid">本职位作废 {p.invalid} 张</small> : null}
                </h2>
                {p.candidates.map((c) => (
                  <div className="hall-row" key={c.id} data-testid={`hall-cand-${c.name}`}>
                    <div className="hall-name">
                      {c.number}. {c.name}
                    </div>
                    <div>
                      <Zheng n={c.votes} />
                    </div>
                    <div className="hall-num" data-testid="hall-votes">
                      {c.votes}
                    </div>
                  </div>
                ))}
                {p.writeIns.map((w) => (
                  <div className="hall-row" key={`w-${w.name}`}>
                    <div className="hall-name">
                      {w.name}
                      <small className="hall-writein">另选</small>
                    </div>
                    <div>
                      <Zheng n={w.votes} />
                    </div>
                    <div className="hall-num">{w.votes}</div>
                  </div>
                ))}
              </section>
            ))}
          </div>
        </>
      ) : null}
      {window.name === 'station-hall' && window.opener ? (
        // Opened by 大屏 as its own window (browser host): closing it leaves the counting screen as it was.
        <a
          className="hall-back"
          href="#/count"
          onClick={(e) => {
            e.preventDefault();
            window.close();
          }}
          data-testid="hall-close"
        >
          关闭大屏窗口
        </a>
      ) : (
        <a className="hall-back" href="#/count">
          返回计票
        </a>
      )}
    </div>
  );
}
