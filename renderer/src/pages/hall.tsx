/** 大屏: the hall display — live 正字 tally per candidate, readable from the back of the hall. */
import { useEffect, useState } from 'react';
import { api } from '../api';
import type { Election } from '../app';
import { DrillBanner } from '../app';

export function HallPage({ election }: { election: Election | null }) {
  const [now, setNow] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setNow((n) => n + 1), 500);
    return () => clearInterval(t);
  }, []);
  void api;
  void now;
  return (
    <div className="hall" data-testid="hall">
      <DrillBanner election={election} />
      <h1>{election ? election.title : '村级选举计票站'}</h1>
      <p className="hall-sub">{election ? '计票尚未开始' : '还没有打开选举'}</p>
      <a className="hall-back" href="#/start">返回</a>
    </div>
  );
}
