/** Search-as-you-type over the roll (name, pinyin initials, ID tail) and pick one voter. */
import { useEffect, useState } from 'react';
import { api, type Out } from '../api';
import { Field } from './kit';

export interface PickedVoter {
  id: number;
  name: string;
}
export type Hit = Out<'roll.search'>['voters'][number];

/** Active voters first; removed voters are never offered for picking. */
export async function searchRoll(query: string, limit = 8): Promise<Hit[]> {
  const r = await api.call('roll.search', { query, limit });
  if (!r.ok) return [];
  return r.value.voters.filter((v) => !v.removed);
}

export const idTail = (h: { idNumber: string }): string => h.idNumber.slice(-4);

export function VoterPicker({
  label,
  onPick,
  picked,
  testId,
}: {
  label: string;
  onPick: (v: PickedVoter | null) => void;
  picked: PickedVoter | null;
  testId?: string;
}) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [active, setActive] = useState(0);
  const [searched, setSearched] = useState(false);
  const pick = (h: Hit) => {
    setQ('');
    setHits([]);
    onPick({ id: h.id, name: h.name });
  };
  useEffect(() => {
    if (picked || q.trim() === '') {
      setHits([]);
      setSearched(false);
      return;
    }
    let live = true;
    void searchRoll(q.trim()).then((h) => {
      if (live) {
        setHits(h);
        setActive(0);
        setSearched(true);
      }
    });
    return () => {
      live = false;
    };
  }, [q, picked]);
  if (picked)
    return (
      <Field label={label}>
        <span className="row" style={{ margin: 0 }}>
          <b className="picked" data-testid={testId ? `${testId}-picked` : undefined}>
            {picked.name}
          </b>
          <button
            type="button"
            className="btn btn-quiet"
            onClick={() => {
              onPick(null);
              setQ('');
            }}
          >
            重选
          </button>
        </span>
      </Field>
    );
  return (
    <Field label={label} hint="输入姓名、拼音首字母或身份证号后四位，↑↓ 选择，Enter 确定">
      <div style={{ position: 'relative' }}>
        <input
          className="input"
          value={q}
          data-testid={testId}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive(Math.min(active + 1, hits.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive(Math.max(active - 1, 0));
            } else if (e.key === 'Enter') {
              const h = hits[active];
              if (h) {
                e.preventDefault();
                pick(h);
              }
            } else if (e.key === 'Escape') setQ('');
          }}
          aria-autocomplete="list"
          autoComplete="off"
        />
        {hits.length > 0 ? (
          <ul className="suggest" role="listbox">
            {hits.map((h, i) => (
              <li
                key={h.id}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'on' : ''}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(h);
                }}
              >
                {h.name}{' '}
                <span className="muted">
                  …{idTail(h)} {h.group}
                </span>
              </li>
            ))}
          </ul>
        ) : searched ? (
          <ul className="suggest" role="status">
            <li className="muted">名单中没有找到“{q.trim()}”</li>
          </ul>
        ) : null}
      </div>
    </Field>
  );
}
