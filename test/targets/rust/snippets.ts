// Feature snippets for the Rust target: every IR node kind, lets inside closures, if-expressions
// as values (scalars, strings, arrays), records in and out, grouping with every aggregate and
// each key type, code-point string order with astral characters, wrapping i64 arithmetic at
// i64::MIN/MAX, f64 corner cases, identifiers that are Rust keywords or names the output uses,
// lazy-vs-eager corner cases (an error past a `take`), and runtime errors. Each kernel has
// inputs; the interpreter decides what the output must be.

export interface Snippet {
  readonly name: string;
  readonly source: string;
  /** Per kernel: program-mode inputs `{args, params}`. */
  readonly inputs: Readonly<Record<string, readonly { args: unknown; params?: unknown }[]>>;
}

export const SNIPPETS: readonly Snippet[] = [
  {
    name: 'integers',
    source: `
kernel wrapping(xs: [i64]) -> [i64] {
  let big = 9223372036854775807;
  let small = -9223372036854775807 - 1;
  xs.map(x => (x + big) * 3 - small)
}
kernel division(a: i64, b: i64) -> { q: i64, r: i64, mq: i64, mr: i64, abs_min: i64, neg_min: i64, lit: i64 } {
  let min = -9223372036854775807 - 1;
  { q: a / b, r: a % b, mq: min / (b - b - 1), mr: min % (b - b - 1), abs_min: abs(min), neg_min: -min, lit: a / 7 + a % -1 }
}
kernel sums(xs: [i64]) -> { sum: i64, prod: i64, lo: i64, hi: i64, mean: f64, n: i64, clamped: i64 } {
  { sum: xs.sum(), prod: xs.prod(x => x * 3), lo: xs.min(), hi: xs.max(x => -x), mean: xs.mean(), n: xs.count(x => x % 2 == 0), clamped: min(max(xs.len(), 2), 4) }
}`,
    inputs: {
      wrapping: [{ args: { xs: [0, 1, -1, 5, 1000000000] } }],
      division: [{ args: { a: -7, b: 2 } }, { args: { a: 7, b: -2 } }, { args: { a: 7, b: 0 } }],
      sums: [{ args: { xs: [4611686018427387904, 3, -8, 12, 7] } }, { args: { xs: [] } }],
    },
  },
  {
    name: 'floats',
    source: `
kernel float_ops(xs: [f64]) -> [{ m: f64, r: f64, fl: f64, ce: f64, sq: f64, pw: f64, ex: f64, lg: f64, lo: f64, hi: f64, inf: f64, nan: f64, sat: i64, zero: i64 }] {
  xs.map(x => {
    let z = x - x;
    let not_a_number = z / z;
    {
      m: x % 3.0, r: round(x), fl: floor(x), ce: ceil(x), sq: sqrt(abs(x)), pw: pow(x, 2.0),
      ex: exp(x / 100.0), lg: ln(abs(x) + 1.0), lo: min(not_a_number, x), hi: max(-0.0 * x, 0.0 * x),
      inf: x / z, nan: not_a_number, sat: i64(x * 1e300), zero: i64(not_a_number)
    }
  })
}
kernel float_reductions(xs: [f64]) -> { sum: f64, prod: f64, lo: f64, hi: f64, first: f64, negated: bool } {
  let ys = xs.map(x => x / (x - x + 1.0));
  { sum: xs.filter(x => x > 1e9).sum(), prod: xs.prod(), lo: ys.min(), hi: ys.max(), first: ys.reduce(0.0, (a, y) => min(a, y)), negated: !(xs.len() > 0 && xs[0] < 1.0) }
}`,
    inputs: {
      float_ops: [{ args: { xs: [2.5, -2.5, 0.5, -0.0, 7.25, 1e-7] } }],
      float_reductions: [
        { args: { xs: [3.0, -1.5, 'NaN', 0.0, -0.0, 'Infinity'] } },
        { args: { xs: ['NaN', 1.0, -2.0] } },
        { args: { xs: [] } },
      ],
    },
  },
  {
    name: 'strings',
    source: `
record Word { text: str, weight: i64 }
kernel ordered(words: [str]) -> [str] {
  words.sort()
}
kernel by_text(words: [Word]) -> [Word] {
  words.sort_by(w => w.text, desc)
}
kernel compare(a: str, b: str) -> { lt: bool, le: bool, eq: bool, ne: bool, empty: bool, same: str } {
  { lt: a < b, le: a <= "é", eq: a == b, ne: a != "x", empty: a == "", same: if a < b { a } else { b } }
}
kernel escapes(n: i64) -> [str] {
  range(0, n).map(i => if i % 2 == 0 { "quote \\" back \\\\ tab \\t" } else { "line\\nbreak 😀" })
}`,
    inputs: {
      ordered: [{ args: { words: ['b', 'B', 'é', '😀', 'ｚ', 'a', '', 'aa', '\uffff'] } }],
      by_text: [{ args: { words: [{ text: 'x', weight: 1 }, { text: '😀', weight: 2 }, { text: 'x', weight: 3 }, { text: 'ｚ', weight: 4 }] } }],
      compare: [{ args: { a: 'abc', b: 'abd' } }, { args: { a: '', b: '' } }, { args: { a: '😀', b: '\uffff' } }],
      escapes: [{ args: { n: 3 } }],
    },
  },
  {
    name: 'records',
    source: `
record Point { x: f64, y: f64 }
record Path { name: str, points: [Point] }
kernel lengths(paths: [Path]) -> [{ name: str, length: f64, first: Point }] {
  paths
    .filter(p => p.points.len() > 0)
    .map(p => {
      let steps = p.points.skip(1).zip(p.points, (b, a) => sqrt(pow(b.x - a.x, 2.0) + pow(b.y - a.y, 2.0)));
      { name: p.name, length: steps.sum(), first: p.points[0] }
    })
}
kernel shift(p: Point, dx: f64) -> Point {
  { x: p.x + dx, y: p.y }
}`,
    inputs: {
      lengths: [{ args: { paths: [{ name: 'a', points: [{ x: 0, y: 0 }, { x: 3, y: 4 }, { x: 3, y: 5 }] }, { name: 'empty', points: [] }] } }],
      shift: [{ args: { p: { x: 1.5, y: -2 }, dx: 0.25 } }],
    },
  },
  {
    name: 'pipelines',
    source: `
param k: i64 = 2 in 0..10
param scale: f64 = 1.5 in 0.0..10.0
kernel stages(xs: [i64]) -> { idx: [i64], running: [i64], folded: i64, taken: [i64], skipped: [i64], neg: [i64], past: [i64], rev: [i64], any: bool, all: bool, n: i64, len: i64, window: [i64] } {
  {
    idx: xs.map_indexed((i, x) => i * x),
    running: xs.scan(0, (acc, x) => acc + x),
    folded: xs.reduce(1, (acc, x) => acc * 31 + x),
    taken: xs.take(k),
    skipped: xs.skip(k),
    neg: xs.take(-1),
    past: xs.skip(100),
    rev: xs.reverse().take(3),
    any: xs.any(x => x > 10),
    all: xs.all(x => x > 0),
    n: xs.count(x => x % 2 == 1),
    len: xs.filter(x => x > 1).len(),
    window: range(k, k + 3).map(i => i * i)
  }
}
kernel stable(xs: [f64]) -> [{ key: f64, pos: i64 }] {
  xs.map_indexed((i, x) => { key: x, pos: i }).sort_by(r => r.key, desc)
}
kernel scaled(xs: [f64], ys: [f64]) -> [f64] {
  xs.zip(ys, (x, y) => x * y * scale).filter(v => v != 0.0).sort()
}
kernel eager(xs: [i64]) -> [i64] {
  xs.map(x => 100 / x).take(1)
}
kernel lazy_and(xs: [i64], i: i64) -> bool {
  i >= 0 && i < xs.len() && xs.map(x => x * 2)[i] > 4
}`,
    inputs: {
      stages: [{ args: { xs: [3, 1, 4, 1, 5, 9, 2, 6] }, params: { k: 3 } }, { args: { xs: [] } }],
      stable: [{ args: { xs: [1.0, -0.0, 'NaN', 0.0, 2.5, 'NaN', 1.0] } }],
      scaled: [{ args: { xs: [1.0, 2.0, 0.0, -4.0], ys: [3.0, 0.5, 9.0] } }],
      eager: [{ args: { xs: [5, 0] } }, { args: { xs: [5, 20] } }],
      lazy_and: [{ args: { xs: [1, 2, 3], i: 2 } }, { args: { xs: [1, 2, 3], i: 3 } }, { args: { xs: [1], i: -1 } }],
    },
  },
  {
    name: 'grouping',
    source: `
record Sale { region: str, units: i64, price: f64, online: bool }
kernel by_region(sales: [Sale]) -> [{ region: str, n: i64, units: i64, low: f64, high: f64, avg: f64, twice: i64 }] {
  sales
    .group_by(s => s.region)
    .agg(g => { region: g.key, n: g.count(), units: g.sum(s => s.units), low: g.min(s => s.price), high: g.max(s => s.price), avg: g.mean(s => f64(s.units)), twice: g.count() + g.count() })
}
kernel by_bucket(sales: [Sale]) -> [{ bucket: i64, total: f64 }] {
  sales.group_by(s => s.units / 10).agg(g => { bucket: g.key, total: g.sum(s => s.price * f64(s.units)) })
}
kernel by_channel(sales: [Sale]) -> [bool] {
  sales.group_by(s => s.online).agg(g => g.key)
}`,
    inputs: {
      by_region: [
        {
          args: {
            sales: [
              { region: 'north', units: 5, price: 2.5, online: true },
              { region: 'south', units: 12, price: 1.25, online: false },
              { region: 'north', units: 7, price: 'NaN', online: false },
              { region: 'Ñ', units: -3, price: 4.0, online: true },
              { region: '😀', units: 1, price: 0.5, online: true },
            ],
          },
        },
      ],
      by_bucket: [{ args: { sales: [{ region: 'a', units: -15, price: 1.0, online: true }, { region: 'b', units: 25, price: 2.0, online: false }, { region: 'c', units: 21, price: 3.0, online: true }] } }],
      by_channel: [{ args: { sales: [{ region: 'a', units: 1, price: 1.0, online: true }, { region: 'b', units: 2, price: 2.0, online: false }] } }],
    },
  },
  {
    name: 'reserved_words',
    source: `
record Vec { type: str, fn: i64, match: bool }
param loop: i64 = 3 in 0..10
kernel main(self: [Vec], move: i64) -> [{ ref: i64, where: str, yield: bool }] {
  let min_f64 = move + loop;
  let sorted = self.sort_by(v => v.fn);
  let groups = sorted.map(v => { ref: v.fn * min_f64, where: v.type, yield: v.match });
  groups.filter(r => r.yield || r.ref > 0)
}
kernel crate(super: str, async: [i64]) -> { await: str, dyn: i64, Json: i64 } {
  let run = async.sum();
  { await: super, dyn: run, Json: async.len() }
}`,
    inputs: {
      main: [{ args: { self: [{ type: 'b', fn: 2, match: true }, { type: 'a', fn: -1, match: false }, { type: 'c', fn: 1, match: false }], move: 4 }, params: { loop: 1 } }],
      crate: [{ args: { super: 'x', async: [1, 2, 3] } }],
    },
  },
  {
    name: 'branches',
    source: `
kernel grade(scores: [f64], cutoff: f64) -> [str] {
  scores.map(s => {
    let curved = if s > 90.0 { s } else { s + 5.0 };
    let letter = if curved >= cutoff { "pass" } else if curved >= cutoff - 10.0 { "close" } else { "fail" };
    letter
  })
}
kernel pick(xs: [i64], ys: [i64], first: bool) -> [i64] {
  let chosen = if first { xs } else { ys.filter(y => y > 0) };
  chosen.map(c => c * 2)
}
kernel errors(xs: [f64], i: i64) -> f64 {
  xs[i] + xs.filter(x => x > 100.0).mean()
}`,
    inputs: {
      grade: [{ args: { scores: [95.0, 72.0, 61.0, 40.0], cutoff: 75.0 } }],
      pick: [{ args: { xs: [1, 2], ys: [-1, 3], first: false } }, { args: { xs: [1, 2], ys: [], first: true } }],
      errors: [{ args: { xs: [1.0, 200.0], i: 1 } }, { args: { xs: [1.0], i: 0 } }, { args: { xs: [1.0], i: 5 } }],
    },
  },
];
