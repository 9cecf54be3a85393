import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { printDoc, type Doc } from '../../../src/targets/doc.js';
import { alignColumns, block, printExpr, structDecl } from '../../../src/targets/go/printer.js';
import {
  binary,
  call,
  callSel,
  ident,
  ifStmt,
  index,
  lit,
  selector,
  sliceExpr,
  unary,
  type GoBinaryOp,
  type GoExpr,
} from '../../../src/targets/go/syntax.js';
import { checkGofmt } from '../../../src/toolchain/index.js';
import { requireToolchain } from '../../../src/toolchain/require-toolchain.js';

const print = (d: Doc): string => printDoc(d, { width: 100, indent: '\t', tabWidth: 4 });
const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(ident) as [GoExpr, GoExpr, GoExpr, GoExpr];

test('binary spacing follows go/printer: precedence mix and nesting depth decide the blanks', () => {
  const cases: [GoExpr, string][] = [
    [binary('+', binary('*', a, b), c), 'a*b + c'],
    [binary('+', binary('+', a, b), c), 'a + b + c'],
    [binary('*', binary('+', a, b), c), '(a + b) * c'],
    [binary('==', a, binary('*', b, c)), 'a == b*c'],
    [binary('<', binary('+', a, b), c), 'a+b < c'],
    [binary('&&', binary('<', a, b), binary('>', c, d)), 'a < b && c > d'],
    [binary('-', a, unary('-', b)), 'a - -b'],
    [binary('*', a, unary('-', b)), 'a * -b'],
    [call('f', binary('+', a, b)), 'f(a + b)'],
    [call('f', binary('+', a, b), c), 'f(a+b, c)'],
    [index(a, binary('+', b, lit('1'))), 'a[b+1]'],
    [binary('+', a, call('f', binary('+', b, c))), 'a + f(b+c)'],
    [sliceExpr(a, binary('+', b, lit('1')), c), 'a[b+1 : c]'],
    [sliceExpr(a, null, binary('-', b, lit('1'))), 'a[:b-1]'],
    [unary('-', unary('-', a)), '-(-a)'],
    [selector(binary('+', a, b), 'X'), '(a + b).X'],
  ];
  for (const [e, want] of cases) assert.equal(print(printExpr(e)), want);
});

test('a composite literal that does not fit breaks one field per line with aligned values', () => {
  const long = (n: number): GoExpr => ident('v'.repeat(n));
  const e: GoExpr = {
    k: 'composite',
    type: 'Row',
    elems: [
      { key: 'A', value: long(30) },
      { key: 'Longer', value: long(30) },
      { key: 'Mid', value: long(30) },
    ],
  };
  assert.equal(print(printExpr(e)), ['Row{', `\tA:      ${'v'.repeat(30)},`, `\tLonger: ${'v'.repeat(30)},`, `\tMid:    ${'v'.repeat(30)},`, '}'].join('\n'));
  const short: GoExpr = { k: 'composite', type: 'Row', elems: [{ key: 'A', value: a }] };
  assert.equal(print(printExpr(short)), 'Row{A: a}');
});

test('a composite literal inside an if condition gets parentheses (it would read as the block)', () => {
  const lit: GoExpr = { k: 'composite', type: 'Row', elems: [{ key: 'A', value: a }] };
  const out = print(block([ifStmt(binary('>', selector(lit, 'A'), b), [])]));
  assert.match(out, /if \(Row\{A: a\}\.A > b\) \{/);
});

test('struct fields align names, types and tags like tabwriter', () => {
  const out = print(
    structDecl('Trade', [
      { name: 'Symbol', type: 'string', tag: '`json:"symbol"`' },
      { name: 'Qty', type: 'int64', tag: '`json:"qty"`' },
    ]),
  );
  assert.equal(out, ['type Trade struct {', '\tSymbol string `json:"symbol"`', '\tQty    int64  `json:"qty"`', '}'].join('\n'));
  // A row without the last cell ends the column block for the cells after it.
  assert.deepEqual(alignColumns([['A', 'int', 'x'], ['Bb', 'string'], ['C', 'bool', 'y']]), ['A  int x', 'Bb string', 'C  bool y']);
});

const OPS: readonly GoBinaryOp[] = ['||', '&&', '==', '<', '+', '-', '*', '/', '%'];

/** Random expressions over a few names: operators, unary minus/not, calls, indexing, slicing. */
function expressionArb(): fc.Arbitrary<GoExpr> {
  const { expr } = fc.letrec<{ expr: GoExpr }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(a, b, c, lit('1'), lit('2.5')),
      fc.tuple(fc.constantFrom(...OPS), tie('expr'), tie('expr')).map(([op, x, y]) => binary(op, x, y)),
      fc.tuple(fc.constantFrom('-' as const, '!' as const), tie('expr')).map(([op, x]) => unary(op, x)),
      fc.array(tie('expr'), { minLength: 1, maxLength: 3 }).map((args) => callSel('math', 'Max', ...args)),
      fc.tuple(tie('expr'), tie('expr')).map(([x, i]) => index(x, i)),
      fc.tuple(tie('expr'), tie('expr')).map(([x, i]) => sliceExpr(a, x, i)),
    ),
  }));
  return expr;
}

test('printed expressions are gofmt fixed points', async (t) => {
  if (!(await requireToolchain(t, 'go'))) return;
  const exprs = fc.sample(expressionArb(), { seed: 7, numRuns: 400 });
  const body = exprs.map((e) => `\t_ = ${print(printExpr(e))}`).join('\n');
  const code = `package p\n\nfunc f() {\n${body}\n}\n`;
  const report = await checkGofmt([{ id: 'exprs', code }]);
  assert.equal(report.get('exprs'), null);
});
