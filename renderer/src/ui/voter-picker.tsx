/** Search-as-you-type over the roll (name, pinyin initials, ID tail) and pick one voter. */
import { useEffect, useState } from 'react';
import { api } from '../api';
import { Field } from './kit';

export interface PickedVoter {
  id: number;
  name: string;
}
interface Hit {
  id: number;
  name: string;
  idTail?: string;
  idNumber?: string;
  gender?: string;
  groupName?: string;
}

type LooseCall = (c: string, i: unknown) => Promise<{ ok: true; value: { voters?: Hit[]; results?: Hit[] } } | { ok: false; error: { message: string } }>;

export async function searchRoll(query: string, limit = 8): Promise<Hit[]> {
  const r = await (api.call as unknown as LooseCall)('roll.search', { query, limit });
  if (!r.ok) return [];
  return r.value.voters ?? r.value.results ?? [];
}

export const idTail = (h: Hit): string => h.idTail ?? (h.idNumber ? h.idNumber.slice(-4) : '');

export function VoterPicker({ label, onPick, picked, testId }: { label: string; onPick: (v: PickedVoter | null) => void; picked: PickedVoter | null; testId?: string }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [active, setActive] = useState(0);
  useEffect(() => {
    if (picked || q.trim() === '') {
      setHits([]);
      return;
    }
    let live = true;
    void searchRoll(q.trim()).then((h) => {
      if (live) {
        setHits(h);
        setActive(0);
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
          <b data-testid={testId ? `${testId}-picked` : undefined}>{picked.name}</b>
          <button type="button" className="btn btn-quiet" onClick={() => { onPick(null); setQ(''); }}>
            重选
          </button>
        </span>
      </Field>
    );
  return (
    <Field label={label} hint="输入姓名、拼音首字母或身份证号后四位">
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
                onPick({ id: h.id, name: h.name });
              }
            }
          }}
          aria-autocomplete="list"
        />
        {hits.length > 0 ? (
          <ul className="suggest" role="listbox">
            {hits.map((h, i) => (
              <li key={h.id} role="option" aria-selected={i === active} className={i === active ? 'on' : ''} onMouseDown={(e) => { e.preventDefault(); onPick({ id: h.id, name: h.name }); }}>
                {h.name} <span className="muted">{idTail(h) ? `…${idTail(h)}` : ''} {h.groupName ?? ''}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </Field>
  );
}
