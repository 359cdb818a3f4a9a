/** The 演练 banner: on every screen of a drill election, never on a real one. */
import type { Election } from '../api';

export function DrillBanner({ election }: { election: Pick<Election, 'drill'> | null }) {
  if (!election?.drill) return null;
  return (
    <div className="drill-banner" role="note" data-testid="drill-banner">
      演练 · 本次为演练选举，所有数据和打印件都标有“演练”，不作为正式结果
    </div>
  );
}
