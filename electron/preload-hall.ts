/**
 * The hall window's sandboxed preload (bundled to CommonJS): exposes exactly
 * `window.stationHall.live(input?)` — count.live over its own channel — and nothing else. The
 * projector shows the public tally; it has no way to issue, record, void or export anything.
 */
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('stationHall', {
  live: (input?: { roundId?: number }): Promise<unknown> =>
    ipcRenderer.invoke('station:live', input && typeof input.roundId === 'number' ? { roundId: input.roundId } : {}),
});
