/** The counting page's shapes, as the contract answers them. */
import type { Out } from '../../api';

export type Recorded = Out<'count.recordBallot'>;
export type Classification = Recorded['classification'];
export type Summary = Out<'count.summary'>;
export type RecentBallot = Out<'count.recent'>['ballots'][number];
export type Doubt = Out<'count.doubtful'>['doubts'][number];
export type Batch = NonNullable<Recorded['checkpoint']>;
