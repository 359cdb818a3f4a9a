/** The live count (`count.live`) as the hall display and the entry pad read it. */
import { callLoose } from '../loose';

export interface LiveCandidate {
  id: number;
  name: string;
  number: number;
  votes: number;
}
export interface LivePosition {
  key: string;
  name: string;
  seats: number;
  candidates: LiveCandidate[];
  writeIns: { name: string; votes: number }[];
}
export interface Live {
  roundId: number;
  ballotsCounted: number;
  collected: number | null;
  valid: number;
  invalid: number;
  blank: number;
  doubtful: number;
  lastSeq: number;
  positions: LivePosition[];
}

export const loadLive = () => callLoose<Live>('count.live', {});
