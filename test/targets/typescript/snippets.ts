// Feature snippets for the TypeScript emitter tests: every IR node kind, and the places where
// JavaScript's own behaviour differs from the kernel language. Each run gives the program-mode
// input as JSON text (so i64 values beyond 2^53 can be written exactly); the expected output is
// whatever the reference interpreter computes.

export interface SnippetRun {
  readonly kernel: string;
  readonly input: string;
}

export interface Snippet {
  readonly name: string;
  readonly source: string;
  readonly runs: readonly SnippetRun[];
}

const run = (kernel: string, args: string, params = '{}'): SnippetRun => ({ kernel, input: `{"args": ${args}, "params": ${params}}` });

export const SNIPPETS: readonly Snippet[] = [
  {
    name: 'operators',
    source: `
param offset: i64 = 2 in -10..10
param scale: f64 = 1.5 in 0.0..10.0

kernel arith(a: i64, b: i64, x: f64, y: f64) -> { sum: i64, diff: i64, prod: i64, quot: i64, rem: i64, neg: i64, fsum: f64, fquot: f64, frem: f64, shifted: i64, scaled: f64 } {
  { sum: a + b, diff: a - b, prod: a * b, quot: a / b, rem: a % b, neg: -a, fsum: x + y, fquot: x / y, frem: x % y, shifted: a + offset, scaled: x * scale }
}

kernel logic(a: i64, b: i64, x: f64, y: f64, s: str, t: str, p: bool, q: bool) -> { lt: bool, le: bool, gt: bool, ge: bool, eq: bool, ne: bool, slt: bool, sge: bool, seq: bool, blt: bool, beq: bool, both: bool, either: bool, not: bool, ptrue: bool, pfalse: bool } {
  { lt: a < b, le: x <= y, gt: a > b, ge: x >= y, eq: a == b, ne: x != y, slt: s < t, sge: s >= t, seq: s == t, blt: p < q, beq: p == q, both: a > 0 && x > 0.0, either: a > 0 || x > 0.0, not: !(a > b), ptrue: p == true, pfalse: q != false }
}

kernel literals(k: i64) -> { a: str, b: str, c: f64, d: f64, e: i64, f: f64, g: str } {
  { a: "it's", b: "say \\"hi\\"\\n\\ttab\\\\ \\u{1F600}", c: 1.5e21, d: -0.0 * f64(k), e: -9223372036854775807 - 1 + k, f: 0.000001, g: "" }
}

kernel math(x: f64, y: f64, n: i64) -> { abs: f64, sqrt: f64, exp: f64, ln: f64, pow: f64, pow2: f64, floor: f64, ceil: f64, round: f64, min: f64, max: f64, iabs: i64, imin: i64, imax: i64, to_f: f64, to_i: i64 } {
  { abs: abs(x), sqrt: sqrt(abs(x)), exp: exp(y), ln: ln(abs(x) + 1.0), pow: pow(x, y), pow2: pow(x, 2.0), floor: floor(x), ceil: ceil(x), round: round(x), min: min(x, y), max: max(x, y), iabs: abs(n), imin: min(n, 3), imax: max(n, 3), to_f: f64(n), to_i: i64(x) }
}
`,
    runs: [
      run('arith', '{"a": 17, "b": -5, "x": 7.5, "y": -2.0}'),
      run('arith', '{"a": -7, "b": 2, "x": -7.5, "y": 0.0}', '{"offset": -3, "scale": 0.5}'),
      run('logic', '{"a": 1, "b": 2, "x": 0.5, "y": 0.5, "s": "\uffff", "t": "😀", "p": false, "q": true}'),
      run('logic', '{"a": 3, "b": 2, "x": -1, "y": "NaN", "s": "b", "t": "a", "p": true, "q": true}'),
      run('literals', '{"k": 3}'),
      run('math', '{"x": -2.5, "y": 3, "n": -9}'),
      run('math', '{"x": 2.5, "y": 0.5, "n": 9007199254740993}'),
      run('math', '{"x": 0.49999999999999994, "y": "NaN", "n": 0}'),
      run('math', '{"x": 1, "y": "Infinity", "n": -9223372036854775808}'),
      run('math', '{"x": "-Infinity", "y": -0.0, "n": 9223372036854775807}'),
    ],
  },
  {
    name: 'wrapping',
    source: `
kernel wrap(a: i64, b: i64) -> { sum: i64, diff: i64, prod: i64, neg: i64, quot: i64, rem: i64, abs: i64, chain: i64 } {
  { sum: a + b, diff: a - b, prod: a * b, neg: -a, quot: a / b, rem: a % b, abs: abs(a), chain: a * b + a - b * b }
}

kernel totals(xs: [i64]) -> { sum: i64, prod: i64, scanned: [i64], folded: i64 } {
  { sum: xs.sum(), prod: xs.prod(), scanned: xs.scan(0, (acc, x) => acc * 31 + x), folded: xs.reduce(1, (acc, x) => acc * x - 1) }
}

kernel saturate(xs: [f64]) -> [i64] {
  xs.map(x => i64(x))
}
`,
    runs: [
      run('wrap', '{"a": 9223372036854775807, "b": 1}'),
      run('wrap', '{"a": -9223372036854775808, "b": -1}'),
      run('wrap', '{"a": 4611686018427387904, "b": 3}'),
      run('totals', '{"xs": [9223372036854775807, 9223372036854775807, 3, -9223372036854775808]}'),
      run('totals', '{"xs": []}'),
      run('saturate', '{"xs": [1e300, -1e300, "NaN", "Infinity", "-Infinity", -2.9, 2.9, 9223372036854775807, -9223372036854775808]}'),
    ],
  },
  {
    name: 'pipelines',
    source: `
kernel stages(xs: [f64], ys: [f64]) -> { zipped: [f64], indexed: [f64], running: [f64], folded: f64, counted: i64, n: i64, kept: [f64], any_big: bool, all_pos: bool, lo: f64, hi: f64, avg: f64, total: f64, product: f64 } {
  {
    zipped: xs.zip(ys, (x, y) => x * y),
    indexed: xs.filter(x => x > 0.0).map_indexed((i, x) => f64(i) * x),
    running: xs.scan(0.0, (acc, x) => acc + x),
    folded: xs.reduce(1.0, (acc, x) => acc * 0.5 + x),
    counted: xs.count(x => x > 1.0),
    n: xs.len(),
    kept: xs.filter(x => x != 2.0).map(x => x + 1.0).filter(x => x < 10.0),
    any_big: xs.map(x => x * 2.0).any(x => x > 7.0),
    all_pos: xs.filter(x => x != 0.0).all(x => x > -1.0),
    lo: xs.min(x => x * x),
    hi: xs.filter(x => x < 5.0).max(),
    avg: xs.mean(),
    total: xs.zip(ys, (x, y) => x - y).sum(),
    product: ys.prod(x => x + 1.0)
  }
}

kernel ranges(n: i64, lo: i64) -> { squares: [i64], evens: i64, window: [i64], offsets: [i64], empty: [i64] } {
  {
    squares: range(0, n).map(i => i * i),
    evens: range(lo, n).filter(i => i % 2 == 0).count(),
    window: range(lo, n + 2),
    offsets: range(lo, n).map_indexed((i, v) => v - i),
    empty: range(n, lo)
  }
}

kernel nested(xss: [[i64]], ks: [i64]) -> { sums: [i64], lens: [i64], best: [i64], flat: i64 } {
  {
    sums: xss.map(xs => xs.sum()),
    lens: xss.map(xs => xs.len()),
    best: xss.filter(xs => xs.len() > 0).map(xs => xs.max(x => x * 2)),
    flat: xss.map(xs => xs.filter(x => ks.any(k => k == x)).count()).sum()
  }
}
`,
    runs: [
      run('stages', '{"xs": [3.5, -0.5, 2.0, 4.0, 0.0, 6.5], "ys": [1.0, 2.0, 3.0]}'),
      run('stages', '{"xs": [0.25], "ys": [-1.0, 8.0]}'),
      run('ranges', '{"n": 6, "lo": -3}'),
      run('ranges', '{"n": -2, "lo": 0}'),
      run('nested', '{"xss": [[1, 2, 3], [], [-4, 9], [7]], "ks": [2, 9, 7]}'),
    ],
  },
  {
    name: 'collections',
    source: `
record Item { name: str, price: f64, qty: i64, ok: bool }

kernel orders(items: [Item], n: i64) -> { by_price: [str], by_qty_desc: [str], by_name: [str], by_ok: [str], first: [str], rest: [str], backwards: [str], nth: str, sorted_prices: [f64], sorted_qty: [i64] } {
  {
    by_price: items.sort_by(it => it.price).map(it => it.name),
    by_qty_desc: items.sort_by(it => it.qty, desc).map(it => it.name),
    by_name: items.sort_by(it => it.name).map(it => it.name),
    by_ok: items.sort_by(it => it.ok, desc).map(it => it.name),
    first: items.map(it => it.name).take(n),
    rest: items.map(it => it.name).skip(n),
    backwards: items.reverse().map(it => it.name),
    nth: items[n % items.len()].name,
    sorted_prices: items.map(it => it.price).sort(),
    sorted_qty: items.map(it => it.qty).sort_by(q => q, desc)
  }
}

kernel risky_keys(items: [Item], d: i64) -> [str] {
  items.sort_by(it => it.qty / d).map(it => it.name)
}

kernel strings(words: [str]) -> { sorted: [str], desc: [str], low: [str], after: i64 } {
  { sorted: words.sort(), desc: words.sort_by(w => w, desc), low: words.filter(w => w < "\\u{E000}"), after: words.count(w => w > "\\u{FFFF}") }
}

kernel identity(xs: [f64], items: [Item]) -> { xs: [f64], items: [Item], same: [Item] } {
  { xs: xs, items: items.filter(it => it.ok), same: items }
}

kernel passthrough(items: [Item]) -> [Item] {
  items
}
`,
    runs: [
      run(
        'orders',
        '{"items": [{"name": "b", "price": 2.5, "qty": 3, "ok": true}, {"name": "a", "price": "NaN", "qty": 1, "ok": false}, {"name": "😀", "price": -0.0, "qty": 3, "ok": true}, {"name": "\uffff", "price": 0.0, "qty": -2, "ok": false}, {"name": "é", "price": -1.5, "qty": 1, "ok": true}], "n": 2}',
      ),
      run('orders', '{"items": [{"name": "x", "price": 1, "qty": 1, "ok": true}, {"name": "y", "price": 0, "qty": 2, "ok": true}], "n": -3}'),
      run('orders', '{"items": [{"name": "x", "price": 1, "qty": 1, "ok": true}], "n": 7}'),
      run('risky_keys', '{"items": [{"name": "p", "price": 1, "qty": 9, "ok": true}, {"name": "q", "price": 1, "qty": 2, "ok": true}], "d": 4}'),
      run('risky_keys', '{"items": [{"name": "p", "price": 1, "qty": 9, "ok": true}], "d": 0}'),
      run('strings', '{"words": ["b", "😀", "\uffff", "a", "B", "é", "", "ab", "😀a", "\ue000"]}'),
      run('identity', '{"xs": [1.5, -0.0], "items": [{"name": "n", "price": 1, "qty": 1, "ok": false}]}'),
      run('passthrough', '{"items": [{"name": "n", "price": 1, "qty": 1, "ok": false}]}'),
    ],
  },
  {
    name: 'groups',
    source: `
record Sale { region: str, units: i64, price: f64, promo: bool }

kernel by_region(sales: [Sale]) -> [{ region: str, n: i64, units: i64, revenue: f64, cheapest: f64, priciest: f64, avg_price: f64, fewest: i64, most: i64, mean_units: f64 }] {
  sales
    .group_by(s => s.region)
    .agg(g => {
      region: g.key,
      n: g.count(),
      units: g.sum(s => s.units),
      revenue: g.sum(s => f64(s.units) * s.price),
      cheapest: g.min(s => s.price),
      priciest: g.max(s => s.price),
      avg_price: g.mean(s => s.price),
      fewest: g.min(s => s.units),
      most: g.max(s => s.units),
      mean_units: g.mean(s => s.units)
    })
}

kernel by_units(sales: [Sale]) -> [{ units: i64, share: f64 }] {
  sales.filter(s => s.units != 0).group_by(s => s.units % 3).agg(g => { units: g.key, share: round(g.sum(s => s.price) * 100.0) / f64(g.count()) })
}

kernel by_promo(sales: [Sale]) -> [{ promo: bool, regions: i64 }] {
  sales.group_by(s => s.promo).agg(g => { promo: g.key, regions: g.count() }).sort_by(r => r.regions, desc)
}

kernel counts(sales: [Sale]) -> [i64] {
  sales.map(s => s.region).group_by(r => r).agg(g => g.count())
}
`,
    runs: [
      run(
        'by_region',
        '{"sales": [{"region": "west", "units": 3, "price": 2.5, "promo": true}, {"region": "😀", "units": -9223372036854775808, "price": "NaN", "promo": false}, {"region": "east", "units": 1, "price": 4.0, "promo": false}, {"region": "\uffff", "units": 2, "price": -0.0, "promo": true}, {"region": "west", "units": 5, "price": 1.0, "promo": false}, {"region": "😀", "units": -1, "price": 7.0, "promo": true}]}',
      ),
      run('by_units', '{"sales": [{"region": "a", "units": -4, "price": 1.005, "promo": true}, {"region": "b", "units": 5, "price": 2.0, "promo": false}, {"region": "c", "units": 0, "price": 9.0, "promo": false}, {"region": "d", "units": 2, "price": 0.5, "promo": true}]}'),
      run('by_promo', '{"sales": [{"region": "a", "units": 1, "price": 1, "promo": true}, {"region": "b", "units": 1, "price": 1, "promo": false}, {"region": "c", "units": 1, "price": 1, "promo": true}]}'),
      run('counts', '{"sales": []}'),
    ],
  },
  {
    name: 'control',
    source: `
param threshold: f64 = 0.5 in 0.0..1.0
param verbose: bool = false

kernel lazy(xs: [f64], d: i64) -> { safe_max: f64, guarded: bool, short: bool, picked: i64, label: str } {
  {
    safe_max: if xs.len() > 0 { xs.max() } else { 0.0 },
    guarded: xs.len() == 0 || xs.min() > threshold,
    short: xs.len() > 0 && xs[0] > threshold,
    picked: if d != 0 { 100 / d } else { -1 },
    label: if verbose { "v" } else if xs.len() > 2 { "many" } else if xs.len() > 0 { "some" } else { "none" }
  }
}

kernel nested_lets(xs: [f64]) -> [f64] {
  xs.map(x => {
    let sq = x * x;
    let shifted = {
      let base = sq - threshold;
      if base > 0.0 { base } else { -base }
    };
    let best = if xs.len() > 1 { xs.filter(y => y != x).max() } else { x };
    shifted + best
  })
}

kernel branches(xs: [i64], k: i64) -> i64 {
  if k > 0 {
    let total = xs.sum();
    total * k
  } else if k < 0 {
    xs.filter(x => x < 0).count()
  } else {
    let m = xs.max();
    m
  }
}

# Comparisons TypeScript narrows: literal types that cannot be equal must still compile.
kernel narrowing(x: i64, s: str, p: bool, q: bool) -> { a: bool, b: i64, c: bool, d: str } {
  let grade = if x > 0 { "pos" } else { "neg" };
  {
    a: (x != 2 || x == 3) && (s == "a" && s != "b"),
    b: if x == 5 { if x == 7 { 1 } else { x + 1 } } else { 0 },
    c: p && !q && p == q,
    d: if grade == "zero" { "?" } else { grade }
  }
}

kernel flags(xs: [bool]) -> { all: bool, any: bool, folded: bool, running: [bool] } {
  {
    all: xs.all(b => b),
    any: xs.any(b => !b),
    folded: xs.reduce(true, (acc, b) => {
      let keep = acc;
      keep && b
    }),
    running: xs.scan(false, (acc, b) => {
      let flipped = !acc;
      flipped == b
    })
  }
}
`,
    runs: [
      run('lazy', '{"xs": [], "d": 0}'),
      run('lazy', '{"xs": [0.75, 0.25, 3.0], "d": -7}', '{"threshold": 0.1, "verbose": true}'),
      run('lazy', '{"xs": [0.9], "d": 3}'),
      run('nested_lets', '{"xs": [1.0, -2.0, 0.5]}', '{"threshold": 0.25}'),
      run('nested_lets', '{"xs": [3.0]}'),
      run('branches', '{"xs": [4, -2, 9223372036854775807], "k": 2}'),
      run('branches', '{"xs": [4, -2, -1], "k": -1}'),
      run('branches', '{"xs": [4, -2, 11], "k": 0}'),
      run('narrowing', '{"x": 5, "s": "a", "p": true, "q": false}'),
      run('narrowing', '{"x": 2, "s": "b", "p": false, "q": false}'),
      run('flags', '{"xs": [true, false, true]}'),
      run('flags', '{"xs": []}'),
    ],
  },
  {
    name: 'keywords',
    source: `
param static: i64 = 3 in 0..10
param await: f64 = 0.5 in 0.0..1.0

record class { new: i64, delete: f64, typeof: str, constructor: bool, __proto__: i64 }

kernel function(var: [class], arguments: i64, eval: f64) -> { yield: i64, Math: f64, undefined: str, this: [class], null: i64 } {
  let process = var.map(interface => interface.new + arguments + static);
  let console = var.sum(enum => enum.delete * eval * await);
  let toI64 = var.filter(in => in.constructor).map(of => of.typeof);
  {
    yield: process.sum(),
    Math: console + floor(eval),
    undefined: if toI64.len() > 0 { toI64[0] } else { "none" },
    this: var.sort_by(pow => pow.__proto__, desc),
    null: var.sum(minOf => minOf.__proto__)
  }
}

kernel delete(typeof: [i64]) -> i64 {
  typeof.reduce(0, (arguments, eval) => arguments + eval)
}
`,
    runs: [
      run(
        'function',
        '{"var": [{"new": 1, "delete": 2.5, "typeof": "t", "constructor": true, "__proto__": 4}, {"new": -3, "delete": 0.5, "typeof": "u", "constructor": false, "__proto__": 9}], "arguments": 10, "eval": 2.0}',
        '{"static": 1}',
      ),
      run('delete', '{"typeof": [1, 2, 3]}'),
    ],
  },
  {
    name: 'errors',
    source: `
kernel divide(xs: [i64], d: i64) -> [i64] {
  xs.map(x => x / d)
}

kernel remainder(a: i64, d: i64) -> i64 {
  a % d
}

kernel smallest(xs: [f64]) -> f64 {
  xs.filter(x => x > 100.0).min()
}

kernel average(xs: [i64]) -> f64 {
  xs.mean()
}

kernel at(xs: [str], i: i64) -> str {
  xs[i]
}
`,
    runs: [
      run('divide', '{"xs": [4, 5], "d": 0}'),
      run('remainder', '{"a": 4, "d": 0}'),
      run('smallest', '{"xs": [1.0, 2.0]}'),
      run('average', '{"xs": []}'),
      run('at', '{"xs": ["a"], "i": 1}'),
      run('at', '{"xs": ["a"], "i": -1}'),
      run('at', '{"xs": ["a", "b"], "i": 1}'),
    ],
  },
];
