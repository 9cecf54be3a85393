// The syntax checker is the only thing standing between a broken Julia render and the user on
// machines without Julia, so it must reject real mistakes, not just accept good code.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkJuliaSyntax, formatSyntaxErrors } from '../../../src/toolchain/julia.js';

const WELL_FORMED = `struct Trade
    symbol::String
    qty::Int64
end

const Row = @NamedTuple{symbol::String, n::Int64}

lesser(a, b) = b < a ? b : a

function total(trades::Vector{Trade}; scale::Float64 = 1.0)::Float64
    tasks = map(Iterators.partition(eachindex(trades), 4)) do chunk
        Threads.@spawn begin
            acc = 0.0
            for j in chunk
                t = trades[j]
                t.qty > 0 || continue
                acc += scale * Float64(t.qty)
            end
            acc
        end
    end
    label = if isempty(tasks)
        "none: \\$0"
    else
        "some"
    end
    return foldl(+, (fetch(t) for t in tasks); init = 0.0)
end
`;

test('well-formed Julia has no syntax errors', () => {
  assert.deepEqual(checkJuliaSyntax(WELL_FORMED), []);
});

const BROKEN: readonly (readonly [string, string])[] = [
  ['a stray end', 'f(x) = x\nend\n'],
  ['a stray end after a block', 'for x in xs\n    x\nend\nend\n'],
  ['an unclosed function', 'function f(x)\n    x\n'],
  ['an unclosed if', 'if x\n    1\nelse\n    2\n'],
  ['an unclosed struct', 'struct A\n    x::Int\n'],
  ['an assignment without a value', 'x = \n'],
  ['a chained assignment without a value', 'a = b = \n'],
  ['a binary operator without a right operand', 'x = 1 +\n\n'],
  ['an unclosed parenthesis', 'x = (1 +\n'],
  ['an unclosed bracket', 'y = [1, 2\n'],
  ['an unterminated string', 'a = "abc\n'],
  ['a bare $ in a string (interpolation of nothing)', 'a = "costs $"\n'],
  ['two expressions side by side', 'a = 1 2\n'],
  ['a call with a missing comma', 'f(a b)\n'],
  ['a ternary without an else value', 'x ? 1 : \n'],
  ['a keyword as a variable', 'end = 3\n'],
  ['a keyword as a function name', 'function end(x) x end\n'],
  ['a comprehension with an empty condition', 'x = [1 for x in xs if]\n'],
  ['a named tuple field without a value', '(a = 1, b = )\n'],
];

for (const [what, code] of BROKEN) {
  test(`the checker rejects ${what}`, () => {
    const errors = checkJuliaSyntax(code);
    assert.ok(errors.length > 0, `accepted:\n${code}`);
    for (const e of errors) {
      assert.ok(e.line >= 1 && e.column >= 1 && e.message.length > 0, formatSyntaxErrors([e]));
    }
  });
}

test('errors point at the offending line and column', () => {
  const [first] = checkJuliaSyntax('x = 1\ny = 2\nend\n');
  assert.ok(first);
  assert.equal(first.line, 3);
  assert.equal(first.column, 1);
  assert.match(formatSyntaxErrors([first]), /^3:1: unexpected `end`/);
});

test('an error at the end of the input says something is left open', () => {
  const errors = checkJuliaSyntax('function f(x)\n    x\n');
  assert.ok(errors.some((e) => /end of input/.test(e.message)), formatSyntaxErrors(errors));
});

test('columns count code points, not UTF-16 units', () => {
  const [first] = checkJuliaSyntax('s = "😀😀" 2\n');
  assert.ok(first);
  assert.equal(first.line, 1);
  assert.equal(first.column, 10);
});
