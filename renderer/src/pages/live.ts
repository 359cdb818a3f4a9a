/** The live count (`count.live`) as the hall display and the entry pad read it. */
import { api, type Out, type Result } from '../api';

export type Live = Out<'count.live'>;
export type LivePosition = Live['positions'][number];
export type LiveCandidate = LivePosition['candidates'][number];

interface HallBridge {
  live(input?: { roundId?: number }): Promise<Result<Live>>;
}

declare global {
  interface Window {
    /** The hall window's preload under Electron (electron/preload-hall.ts): count.live and nothing else. */
    stationHall?: HallBridge;
  }
}

/** The hall window under Electron: it has the live count and nothing else (no window.station). */
export const hallOnly = (): boolean => typeof window.stationHall?.live === 'function' && window.station === undefined;

export const loadLive = (): Promise<Result<Live>> => (window.stationHall && hallOnly() ? window.stationHall.live({}) : api.call('count.live', {}));
