/** The live count (`count.live`) as the hall display and the entry pad read it. */
import { api, type Out } from '../api';

export type Live = Out<'count.live'>;
export type LivePosition = Live['positions'][number];
export type LiveCandidate = LivePosition['candidates'][number];

export const loadLive = () => api.call('count.live', {});
