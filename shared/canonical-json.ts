/**
 * Canonical JSON: object keys sorted (by UTF-16 code units, as `<` compares strings), no whitespace,
 * arrays in order, `undefined` members left out (in arrays: null). Used for audit hashes and for
 * `result.json` in the export, so the same facts always give the same bytes.
 *
 * Written as plain loops (no entries/filter/map/join arrays per object): it runs on every command's
 * input and every row the command writes. test/unit/canonical-json.test.ts checks it against the
 * straightforward definition for any value.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let s = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) s += ',';
          const v: unknown = value[i];
          s += canonicalJson(v === undefined ? null : v);
        }
        return `${s}]`;
      }
      const o = value as Record<string, unknown>;
      // default sort: UTF-16 code unit order, the order `<` gives
      const keys = Object.keys(o).sort();
      let s = '{';
      let first = true;
      for (const k of keys) {
        const v = o[k];
        if (v === undefined) continue;
        if (!first) s += ',';
        first = false;
        s += `${JSON.stringify(k)}:${canonicalJson(v)}`;
      }
      return `${s}}`;
    }
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
  }
}
