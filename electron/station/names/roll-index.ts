/**
 * In-memory search over the voter roll for the check-in desk: a clerk types part of a name, its
 * pinyin or initials, or the last digits of the ID number, and the right person must be on top.
 * Sorted key arrays with binary search keep a query well under a millisecond for a whole
 * village; add/remove keep the index current as registrations change.
 */
import { normalisePinyinQuery, pinyinKeys } from './pinyin-keys.js';

export interface RollIndexVoter {
  id: number | string;
  name: string;
  idNumber: string;
  group?: string | null;
}

/** Why a voter matched, best first. */
export type RollMatchKind = 'name_exact' | 'name_prefix' | 'name_contains' | 'initials' | 'pinyin' | 'id_tail';

export interface RollSearchHit<V extends RollIndexVoter> {
  voter: V;
  match: RollMatchKind;
}

export interface RollIndex<V extends RollIndexVoter> {
  /** Best matches first, at most `limit` (default 20). */
  search(query: string, limit?: number): RollSearchHit<V>[];
  /** Adds a voter, or replaces the one with the same id. */
  add(voter: V): void;
  /** Removes a voter by id; false when there was none. */
  remove(id: V['id']): boolean;
  readonly size: number;
}

interface Entry<V> {
  voter: V;
  seq: number;
  name: string;
  full: string;
  initials: string;
  /** ID number reversed, so "ends with" becomes a prefix search. */
  idReversed: string;
}

/** Keys in order, ties by insertion sequence so results are deterministic. */
class SortedKeys<V> {
  private keys: string[] = [];
  private entries: Entry<V>[] = [];

  private lowerBound(key: string, seq: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid] as string;
      if (k < key || (k === key && (this.entries[mid] as Entry<V>).seq < seq)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Appends without keeping order; call sortAll() after a batch (building from a whole roll). */
  append(key: string, e: Entry<V>): void {
    if (key === '') return;
    this.keys.push(key);
    this.entries.push(e);
  }

  sortAll(): void {
    const order = this.keys.map((_, i) => i);
    order.sort((a, b) => {
      const ka = this.keys[a] as string;
      const kb = this.keys[b] as string;
      return ka < kb ? -1 : ka > kb ? 1 : (this.entries[a] as Entry<V>).seq - (this.entries[b] as Entry<V>).seq;
    });
    const entries = this.entries;
    this.keys = order.map((i) => this.keys[i] as string);
    this.entries = order.map((i) => entries[i] as Entry<V>);
  }

  insert(key: string, e: Entry<V>): void {
    if (key === '') return;
    const at = this.lowerBound(key, e.seq);
    this.keys.splice(at, 0, key);
    this.entries.splice(at, 0, e);
  }

  delete(key: string, e: Entry<V>): void {
    if (key === '') return;
    const at = this.lowerBound(key, e.seq);
    if (this.entries[at] === e) {
      this.keys.splice(at, 1);
      this.entries.splice(at, 1);
    }
  }

  /** Calls `visit` for each entry whose key starts with `prefix`, in key order, until it returns false. */
  eachWithPrefix(prefix: string, visit: (e: Entry<V>) => boolean): void {
    for (let i = this.lowerBound(prefix, -1); i < this.keys.length; i++) {
      if (!(this.keys[i] as string).startsWith(prefix)) return;
      if (!visit(this.entries[i] as Entry<V>)) return;
    }
  }
}

function cleanName(name: string): string {
  return name.replace(/[\s\u3000]+/g, '');
}

const HAN = /\p{Script=Han}/u;
/** 4 or more trailing characters of an ID number; X may only be last. */
const ID_TAIL = /^(?:\d{4,18}|\d{3,17}X)$/;

export function createRollIndex<V extends RollIndexVoter>(voters: readonly V[] = []): RollIndex<V> {
  let seq = 0;
  const byId = new Map<V['id'], Entry<V>>();
  const byName = new Map<string, Entry<V>[]>();
  const byChar = new Map<string, Set<Entry<V>>>();
  const names = new SortedKeys<V>();
  const fulls = new SortedKeys<V>();
  const initials = new SortedKeys<V>();
  const idTails = new SortedKeys<V>();

  let batch = false;

  function add(voter: V): void {
    remove(voter.id);
    const name = cleanName(voter.name);
    const keys = pinyinKeys(name);
    const e: Entry<V> = {
      voter,
      seq: seq++,
      name,
      full: keys.full,
      initials: keys.initials,
      idReversed: Array.from(voter.idNumber.trim().toUpperCase()).reverse().join(''),
    };
    byId.set(voter.id, e);
    const same = byName.get(name);
    if (same) same.push(e);
    else byName.set(name, [e]);
    for (const ch of new Set(Array.from(name))) {
      let set = byChar.get(ch);
      if (!set) byChar.set(ch, (set = new Set()));
      set.add(e);
    }
    for (const [keys, key] of [
      [names, name],
      [fulls, e.full],
      [initials, e.initials],
      [idTails, e.idReversed],
    ] as const) {
      if (batch) keys.append(key, e);
      else keys.insert(key, e);
    }
  }

  function remove(id: V['id']): boolean {
    const e = byId.get(id);
    if (!e) return false;
    byId.delete(id);
    const same = byName.get(e.name);
    if (same) {
      const rest = same.filter((x) => x !== e);
      if (rest.length > 0) byName.set(e.name, rest);
      else byName.delete(e.name);
    }
    for (const ch of new Set(Array.from(e.name))) {
      const set = byChar.get(ch);
      set?.delete(e);
      if (set?.size === 0) byChar.delete(ch);
    }
    names.delete(e.name, e);
    fulls.delete(e.full, e);
    initials.delete(e.initials, e);
    idTails.delete(e.idReversed, e);
    return true;
  }

  function search(query: string, limit = 20): RollSearchHit<V>[] {
    const hits: RollSearchHit<V>[] = [];
    if (limit <= 0) return hits;
    const seen = new Set<Entry<V>>();
    const take = (e: Entry<V>, match: RollMatchKind): boolean => {
      if (!seen.has(e)) {
        seen.add(e);
        hits.push({ voter: e.voter, match });
      }
      return hits.length < limit;
    };

    const q = cleanName(query.normalize('NFKC'));
    if (q === '') return hits;

    const idq = q.toUpperCase();
    if (ID_TAIL.test(idq)) {
      idTails.eachWithPrefix(Array.from(idq).reverse().join(''), (e) => take(e, 'id_tail'));
      return hits;
    }

    if (HAN.test(q)) {
      for (const e of byName.get(q) ?? []) if (!take(e, 'name_exact')) return hits;
      let more = true;
      names.eachWithPrefix(q, (e) => (more = take(e, 'name_prefix')));
      if (!more) return hits;
      // Substring: scan the posting list of the query's rarest character only.
      let rarest: Set<Entry<V>> | undefined;
      for (const ch of new Set(Array.from(q))) {
        const set = byChar.get(ch);
        if (!set) return hits;
        if (!rarest || set.size < rarest.size) rarest = set;
      }
      const contains: Entry<V>[] = [];
      for (const e of rarest ?? []) if (!seen.has(e) && e.name.includes(q)) contains.push(e);
      contains.sort((a, b) => (a.full < b.full ? -1 : a.full > b.full ? 1 : a.seq - b.seq));
      for (const e of contains) if (!take(e, 'name_contains')) return hits;
      return hits;
    }

    const pq = normalisePinyinQuery(q);
    if (!/^[a-z0-9]+$/.test(pq)) return hits;
    let more = true;
    initials.eachWithPrefix(pq, (e) => (more = take(e, 'initials')));
    if (!more) return hits;
    fulls.eachWithPrefix(pq, (e) => take(e, 'pinyin'));
    return hits;
  }

  // A whole roll: append everything, then sort once instead of one splice per voter. A repeated
  // id within the batch falls back to ordered inserts, since remove() needs sorted arrays.
  const distinct = new Set(voters.map((v) => v.id)).size === voters.length;
  batch = distinct;
  for (const v of voters) add(v);
  if (batch) for (const k of [names, fulls, initials, idTails]) k.sortAll();
  batch = false;

  return {
    search,
    add,
    remove,
    get size() {
      return byId.size;
    },
  };
}
