/** 计票: a ballot's classification as the operator sees it before Enter (valid, blank, void and why). */
import { positionWord } from '../../../../shared/position-words.js';
import { type LivePosition } from '../live';
import { RuleText } from '../../ui/rule-text';

import type { Classification } from './types';

export const HEAD = (c: Classification): { cls: string; head: string } => {
  const partVoid = c.positions.some((p) => p.status === 'void');
  if (c.status === 'void') return { cls: 'invalid', head: '无效票（整张不计）' };
  if (c.status === 'blank') return { cls: 'valid', head: '空白票（有效票，全部按弃权计）' };
  return partVoid ? { cls: 'partial', head: '有效票，但部分职位作废' } : { cls: 'valid', head: '有效票' };
};

export function ClassificationView({
  c,
  fresh,
  positions,
  doubt,
}: {
  c: Classification | null;
  fresh: boolean;
  positions: LivePosition[];
  doubt: boolean;
}) {
  if (!c)
    return (
      <div className="classify classify-empty" data-testid="classification-empty">
        输入后这里显示这张票是否有效
      </div>
    );
  const { cls, head } = HEAD(c);
  const lines = [
    ...c.reasons,
    ...c.notes,
    ...c.positions.flatMap((p) => (p.status === 'void' && p.reason ? [p.reason] : [])),
  ];
  const uniq = [...new Map(lines.map((l) => [l.message, l])).values()];
  const posName = (k: string) => positionWord(k, positions.find((p) => p.key === k)?.name);
  return (
    <div
      className={`classify classify-${cls}${fresh ? '' : ' stale'}`}
      data-testid="classification"
      data-fresh={fresh ? '1' : '0'}
      aria-live="polite"
    >
      <div>
        {head}
        {doubt ? <span className="tag tag-warn classify-tag">记录后交监票人裁定</span> : null}
      </div>
      {c.status !== 'void' ? (
        <div className="classify-parts">
          {c.positions.map((p) => (
            <span key={p.position} className={p.status === 'void' ? 'part-void' : ''}>
              {posName(p.position)}：
              {p.status === 'void' ? '作废' : p.selections.length > 0 ? p.selections.join('、') : '弃权'}
            </span>
          ))}
        </div>
      ) : null}
      {uniq.map((l) => (
        <div key={l.message} className="classify-line">
          <RuleText text={l.rule && !l.message.includes(l.rule) ? `${l.message}（${l.rule}）` : l.message} />
        </div>
      ))}
    </div>
  );
}
