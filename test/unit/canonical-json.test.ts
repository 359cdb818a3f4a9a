/**
 * One canonical JSON. The hash-critical texts are built by hand for speed (the audit event of both
 * formulas, the effects list, the masked input, the two export lines); each must be exactly
 * canonicalJson of the object it stands for, for any values — quotes, backslashes, emoji, lone
 * surrogates, control characters, deep inputs. fast-check tries them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/canonical-json.js';
import { effectsJson, eventJson, sealedEventJson, sealOf, type Effect } from '../../electron/station/audit.js';
import { maskedInputJson, maskInput } from '../../electron/station/audit-mask.js';
import { legacyLine, sealedLine } from '../../electron/station/export/audit-export.js';

const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom('"', '\\', '\u2028', '\ud800', '330102197001011234', '张三'));
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(text, tie('value'), { maxKeys: 4 }),
})).value;
const effects: fc.Arbitrary<Effect[]> = fc.array(fc.tuple(text, fc.integer({ min: 0, max: 2 ** 40 }), fc.stringMatching(/^[0-9a-f]{64}$/)), { maxLength: 5 }) as fc.Arbitrary<Effect[]>;
const event = fc.record({ seq: fc.integer({ min: 1, max: 2 ** 40 }), at: text, actor: text, command: text });
const key = Buffer.from('k'.repeat(64));
const hash = fc.stringMatching(/^[0-9a-f]{64}$/);

/** The definition, as it was first written: what the fast canonicalJson must equal, byte for byte. */
function reference(value: unknown): string {
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map((v) => reference(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
}

describe('canonicalJson is its definition', () => {
  it('equals the reference for any JSON value, with undefined members, bigints, astral and lone-surrogate keys', () => {
    const loose: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt(), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(fc.oneof(text, fc.constantFrom('\uffff', '\ud83d\ude00', 'a', 'B', '10', '9')), tie('value'), { maxKeys: 5 }),
    })).value;
    fc.assert(fc.property(loose, (x) => (x === undefined ? true : canonicalJson(x) === reference(x))), { numRuns: 2000 });
  });

  it('refuses what JSON cannot say, as the reference does', () => {
    for (const bad of [Number.NaN, Infinity, [1, -Infinity], { a: Number.NaN }, () => 1, Symbol('x'), undefined]) {
      expect(() => canonicalJson(bad)).toThrow(TypeError);
      expect(() => reference(bad)).toThrow(TypeError);
    }
  });
});

describe('every hash-critical serializer is canonicalJson', () => {
  it('effectsJson(effects) = canonicalJson(effects)', () => {
    fc.assert(fc.property(effects, (e) => effectsJson(e) === canonicalJson(e)));
  });

  it('formula 1: eventJson = canonicalJson({seq, at, actor, command, input, effects})', () => {
    fc.assert(
      fc.property(event, json, effects, (e, input, fx) => {
        const built = eventJson({ ...e, input }, effectsJson(fx), canonicalJson(input));
        expect(built).toBe(canonicalJson({ ...e, input, effects: fx }));
      }),
    );
  });

  it('masking: maskedInputJson(canonicalJson(x)) = canonicalJson(maskInput(x))', () => {
    // a key named __proto__ once fell out of the masked copy (an assignment sets the prototype): CI found it
    expect(canonicalJson(maskInput({ ['__proto__']: null, a: 1 }))).toBe(maskedInputJson(canonicalJson({ ['__proto__']: null, a: 1 })));
    fc.assert(fc.property(json, (x) => maskedInputJson(canonicalJson(x)) === canonicalJson(maskInput(x))));
  });

  it('formula 2: sealedEventJson = canonicalJson({actor, at, command, input: masked, rows, seal, seq})', () => {
    fc.assert(
      fc.property(event, json, effects, (e, input, fx) => {
        const inputJson = canonicalJson(input);
        const fxJson = effectsJson(fx);
        const built = sealedEventJson(e, inputJson, fxJson, fx.length, key);
        expect(built).toBe(canonicalJson({ ...e, input: maskInput(input), rows: fx.length, seal: sealOf(key, inputJson, fxJson) }));
      }),
    );
  });

  it('the export lines are canonicalJson of {event, hash, prev_hash} and {hash, legacy, prev_hash}', () => {
    fc.assert(
      fc.property(event, json, effects, hash, hash, (e, input, fx, h, p) => {
        const row = { ...e, input: canonicalJson(input), effects: effectsJson(fx), hash: h, prev_hash: p };
        const sealed = sealedLine(row, key);
        expect(sealed).toBe(canonicalJson({ event: JSON.parse(sealedEventJson(e, row.input, row.effects, fx.length, key)) as unknown, hash: h, prev_hash: p }));
        expect(legacyLine(row)).toBe(canonicalJson({ hash: h, legacy: { ...e, input: maskInput(input) }, prev_hash: p }));
      }),
    );
  });
});
