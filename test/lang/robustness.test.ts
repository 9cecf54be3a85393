import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { analyze } from '../../src/lang/frontend.js';
import { invariantViolations } from '../ir/invariants.js';

const VOCABULARY = [
  'param', 'record', 'kernel', 'let', 'if', 'else', 'true', 'false', 'in', 'step', 'desc',
  'x', 'xs', 'g', 'i64', 'f64', 'bool', 'str', 'map', 'filter', 'sum', 'group_by', 'agg', 'key', 'count',
  '0', '1', '2.5', '1e3', '"s"', '"\\u{41}"', '(', ')', '{', '}', '[', ']', ',', ':', ';', '.', '..', '->', '=>',
  '+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||', '!', '=', '\n', '#c\n', '@',
];

const VALID = `param t: f64 = 0.5 in 0.0..1.0
record T { s: str, p: f64, q: i64 }
kernel k(ts: [T], xs: [f64]) -> [{ s: str, v: f64 }] {
  let m = xs.filter(x => x > t).sum();
  ts.group_by(r => r.s).agg(g => { s: g.key, v: g.sum(r => r.p * f64(r.q)) + m }).sort_by(r => r.v, desc)
}
`;

/** Properties every result must have, whatever the input. */
function assertWellFormed(source: string): void {
  const r = analyze(source);
  assert.equal(r.program === null, r.diagnostics.length > 0, 'a program exactly when there are no diagnostics');
  if (r.program) assert.deepEqual(invariantViolations(r.program), []);
  const lines = source.split(/\r\n|\r|\n/).length;
  for (const d of r.diagnostics) {
    assert.match(d.code, /^CL[1-4]\d{3}$/);
    if (!d.span) continue;
    assert.ok(d.span.start.line >= 1 && d.span.start.line <= lines, `line of ${d.code}`);
    assert.ok(d.span.start.column >= 1);
    assert.ok(d.span.start.offset <= d.span.end.offset && d.span.end.offset <= source.length);
  }
}

describe('robustness', () => {
  test('the example programs lower to IR that keeps the IR invariants', () => {
    const dir = new URL('../../examples/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.live'));
    assert.ok(files.length > 0);
    for (const f of files) {
      const r = analyze(readFileSync(new URL(f, dir), 'utf8'));
      assert.deepEqual(r.diagnostics, [], f);
      assert.deepEqual(invariantViolations(r.program!), [], f);
    }
  });

  test('token soup never crashes the front end', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 80 }), (words) => {
        assertWellFormed(words.join(' '));
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  test('edits of a valid program never crash the front end', () => {
    assert.deepEqual(analyze(VALID).diagnostics, []);
    fc.assert(
      fc.property(
        fc.nat(VALID.length),
        fc.nat(12),
        fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 3 }),
        (at, removed, inserted) => {
          assertWellFormed(VALID.slice(0, at) + inserted.join(' ') + VALID.slice(at + removed));
        },
      ),
      { numRuns: 400, seed: 7 },
    );
  });

  test('arbitrary strings never crash the front end', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), assertWellFormed), { numRuns: 300, seed: 3 });
  });
});
