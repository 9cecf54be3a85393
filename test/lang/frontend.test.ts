import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { analyze } from '../../src/lang/frontend.js';
import { showType } from '../../src/lang/types.js';
import { analyzeOk, show } from './helpers.js';
import { BRIEF_EXAMPLE } from '../support/brief.js';


describe('front end', () => {
  test("the brief's example kernels analyse without diagnostics", () => {
    const p = analyzeOk(BRIEF_EXAMPLE);
    assert.deepEqual(p.records.map((r) => r.name), ['Trade', 'VolumeBySymbolRow']);
    assert.deepEqual(
      p.kernels.map((k) => `${k.name}(${k.args.map((a) => showType(a.type))}) -> ${showType(k.ret)} [${k.params.map((q) => q.name)}]`),
      ['score([f64]) -> f64 [threshold,gain]', 'volume_by_symbol([Trade]) -> [VolumeBySymbolRow] []', 'normalize([f64]) -> [f64] []'],
    );
    assert.deepEqual(
      p.kernels.map((k) => show(k.body)),
      [
        'xs.filter((x: f64) => (x > threshold)).map((x_2: f64) => (x_2 * gain)).sum()',
        'trades.filter((t: Trade) => (t.qty > 0)).group((t_2: Trade) => t_2.symbol; [key, sum((t_3: Trade) => (t_3.price * f64(t_3.qty))), count] => ' +
          'VolumeBySymbolRow { symbol: $0, volume: $1, n: $2 }).sort((r: VolumeBySymbolRow) => r.volume, desc)',
        'let m: f64 = xs.max(); xs.map((x: f64) => (x / m))',
      ],
    );
    assert.deepEqual(
      p.params.map((q) => [q.name, q.default, q.min, q.max, q.step]),
      [['threshold', 0.5, 0, 1, null], ['gain', 2, 0, 10, 0.1]],
    );
  });

  test('spans are kept on IR nodes', () => {
    const p = analyzeOk(BRIEF_EXAMPLE);
    const body = p.kernels[2]?.body;
    assert.equal(body?.k, 'let');
    const maxAt = BRIEF_EXAMPLE.indexOf('xs.max()');
    assert.deepEqual(body.k === 'let' && body.value.span, {
      start: { line: 20, column: 11, offset: maxAt },
      end: { line: 20, column: 19, offset: maxAt + 8 },
    });
    assert.deepEqual(p.kernels[0]?.span.start, { line: 5, column: 1, offset: BRIEF_EXAMPLE.indexOf('kernel score') });
  });

  test('diagnostics are sorted by position and formatted as file:line:column', () => {
    const r = analyze('kernel b() -> i64 { y }\nkernel a() -> i64 { 1 + }');
    assert.deepEqual(
      r.diagnostics.map((d) => formatDiagnostic(d, 'x.live')),
      [
        'x.live:1:21: error CL3001: Unknown variable: No variable named `y` is in scope.',
        'x.live:2:25: error CL2002: Expected an expression: Expected an expression, found `}`.',
      ],
    );
  });

  test('timings are reported per stage', () => {
    const r = analyze(BRIEF_EXAMPLE);
    for (const t of Object.values(r.timings)) assert.ok(t >= 0 && t < 1000);
  });

  test('every diagnostic code used anywhere in src is documented', () => {
    const doc = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
    const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));
    const sources = (readdirSync(srcDir, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(srcDir, f), 'utf8'));
    const used = new Set(sources.flatMap((s) => [...s.matchAll(/'(CL\d{4})'/g)].map((m) => m[1])));
    assert.ok(used.size >= 40);
    for (const code of used) assert.match(doc, new RegExp(`\\| \`${code}\` \\|`), `${code} is documented`);
    const documented = new Set([...doc.matchAll(/\| `(CL\d{4})` \|/g)].map((m) => m[1]));
    assert.deepEqual([...documented].sort(), [...used].sort(), 'no stale codes in the docs');
  });
});
