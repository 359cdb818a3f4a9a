/**
 * The counting pad's entry grammar: what the operator types for one position, as the caller calls it
 * out — candidate numbers ("1 3"), write-in names ("王五"), and in a Party assembly numbers voted
 * against ("-2", "×2") — turned into the marks count.recordBallot takes. Pure, so it is unit-tested;
 * the station's rules engine, not this grammar, decides what the marks mean (over-votes, V-rules).
 */
import type { In } from '../../api';
import type { LivePosition } from '../live';

type Marks = In<'count.recordBallot'>['marks'];
/** Write-ins picked from the roll's suggestions: position -> name -> voter id. */
export type Picked = Record<string, Record<string, number>>;

/** "1 3 王五 -2" -> candidate numbers, write-in names and (party assemblies) numbers voted against. */
export function parseEntry(text: string): { numbers: number[]; names: string[]; against: number[] } {
  const numbers: number[] = [];
  const names: string[] = [];
  const against: number[] = [];
  for (const tok of text.split(/[\s,，、]+/).filter(Boolean)) {
    if (/^\d+$/.test(tok)) numbers.push(Number(tok));
    else if (/^[-－×xX]\d+$/.test(tok)) against.push(Number(tok.slice(1)));
    else names.push(tok);
  }
  return { numbers, names, against };
}

export function buildMarks(
  positions: LivePosition[],
  entries: Record<string, string>,
  picked: Picked = {},
): { marks: Marks; unknown: string[] } {
  const marks: Marks = {};
  const unknown: string[] = [];
  for (const p of positions) {
    const { numbers, names, against } = parseEntry(entries[p.key] ?? '');
    if (numbers.length + names.length + against.length === 0) continue;
    const ids = (ns: number[]) =>
      ns.flatMap((n) => {
        const c = p.candidates.find((x) => x.number === n);
        if (!c) unknown.push(`${p.name}没有 ${n} 号候选人`);
        return c ? [c.id] : [];
      });
    const forIds = ids(numbers);
    const againstIds = ids(against);
    marks[p.key] = {
      for: forIds,
      ...(againstIds.length > 0 ? { against: againstIds } : {}),
      ...(names.length > 0
        ? {
            writeIns: names.map((name) => ({
              name,
              ...(picked[p.key]?.[name] !== undefined ? { voterId: picked[p.key]?.[name] as number } : {}),
            })),
          }
        : {}),
    };
  }
  return { marks, unknown };
}
