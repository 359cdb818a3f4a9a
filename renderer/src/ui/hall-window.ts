import type { MouseEvent } from 'react';

/**
 * 大屏 in the browser host: the hall display in its own named window (a second click focuses it), to
 * drag onto the projector. Under Electron the main process opens the hall window on the second screen
 * and refuses window.open, so the link keeps navigating this window. Used by the top bar's tab and by
 * 计票's “打开大屏”: neither ever turns the counting screen into the hall while a window can open.
 */
export function openHall(e: MouseEvent<HTMLAnchorElement>): void {
  if (window.station) return;
  const w = window.open('#/hall', 'station-hall');
  if (!w) return; // a blocked pop-up: the link opens the hall here instead
  e.preventDefault();
  w.focus();
}
