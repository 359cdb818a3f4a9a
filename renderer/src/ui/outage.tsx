/**
 * B5: one blocking banner instead of the page's data while the station does not answer (计票站程序没有
 * 响应), or once it answers as a new run that no longer accepts this page (需要重新打开). The page stays
 * mounted underneath, hidden, so what was typed survives a short outage; its reads wait and are sent
 * again when the station is back (api.ts), so no page ever shows a failed read as "empty" or "not found".
 */
import { useEffect, useState } from 'react';
import { currentOutage, onOutage, type Outage } from '../api';

export function useOutage(): Outage {
  const [o, setO] = useState<Outage>(currentOutage);
  useEffect(() => onOutage(setO), []);
  return o;
}

export function OutageBanner({ outage, onReload = () => window.location.reload() }: { outage: Outage; onReload?: () => void }) {
  if (!outage) return null;
  const restarted = outage.kind === 'restarted';
  return (
    <div className="outage" role="alertdialog" aria-modal="true" aria-labelledby="outage-title" data-testid="outage" data-kind={outage.kind}>
      <div className="outage-box">
        <h2 id="outage-title">{restarted ? '计票站程序已重新启动，需要重新打开本页' : '计票站程序没有响应'}</h2>
        {restarted ? (
          <>
            <p>已经记录的数据都保存在计票站里，不会丢失。为了安全，重新启动后的程序只接受重新打开的页面；重新打开后仍是这次选举、这一页。</p>
            <p>还没有按“记录”“确定”的输入需要重新输入。</p>
            <button type="button" className="btn btn-primary btn-big" autoFocus onClick={onReload} data-testid="outage-reload">
              重新打开本页
            </button>
          </>
        ) : (
          <>
            <p>现在不能发票、计票或查询，页面上的内容也可能已经过时，所以先挡住了。</p>
            <p>请检查启动计票站的那个窗口是否还开着、电脑是否休眠；如已关闭，请重新启动计票站程序。</p>
            <p className="outage-wait">
              <span className="spinner" aria-hidden="true" /> 正在等待计票站恢复，恢复后本页自动继续……
            </p>
          </>
        )}
      </div>
    </div>
  );
}

const REOPEN_KEY = 'station-reopen';

/** Before the reload: which election and page to come back to (this window only). */
export function reloadInto(electionFolder: string | null): void {
  try {
    if (electionFolder) sessionStorage.setItem(REOPEN_KEY, electionFolder);
  } catch {
    // no session storage: the start page lists the election to open
  }
  window.location.reload();
}

/** After the reload: the election this window had open before the station restarted, once. */
export function takeReopen(): string | null {
  try {
    const id = sessionStorage.getItem(REOPEN_KEY);
    sessionStorage.removeItem(REOPEN_KEY);
    return id;
  } catch {
    return null;
  }
}
