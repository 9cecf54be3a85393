// Feature snippets for the Go target: every IR node kind, the statement lowering of an
// expression language (lets inside lambdas, if-expressions as values, `&&` with a pipeline on the
// right), records in and out, grouping with every aggregate, code-point string order, wrapping
// i64 arithmetic, identifiers that are Go keywords or package names, and runtime errors. Each
// kernel has inputs; the interpreter decides what the output must be.

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
kernel division(a: i64, b: i64) -> { q: i64, r: i64, mq: i64, mr: i64, abs_min: i64, neg_min: i64, d: i64 } {
  let min = -9223372036854775807 - 1;
  { q: a / b, r: a % b, mq: min / (b - b - 1), mr: min % (b - b - 1), abs_min: abs(min), neg_min: -min, d: abs(a - b) }
}
kernel sums(xs: [i64]) -> { sum: i64, prod: i64, lo: i64, hi: i64, mean: f64, n: i64 } {
  { sum: xs.sum(), prod: xs.prod(x => x * 3), lo: xs.min(), hi: xs.max(x => -x), mean: xs.mean(), n: xs.count(x => x % 2 == 0) }
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
kernel float_ops(xs: [f64]) -> [{ m: f64, n: f64, r: f64, fl: f64, ce: f64, sq: f64, pw: f64, ex: f64, lg: f64, lo1: f64, lo2: f64, hi1: f64, hi2: f64, inf: f64, ninf: f64, big: f64, zero: i64 }] {
  xs.map(x => {
    let z = x - x;
    let not_a_number = z / z;
    {
      m: x % 3.0, n: -x % 3.0, r: round(x), fl: floor(x), ce: ceil(x), sq: sqrt(abs(x)), pw: pow(x, 2.0),
      ex: exp(x / 100.0), lg: ln(abs(x) + 1.0), lo1: min(x, not_a_number), lo2: min(not_a_number, x),
      hi1: max(x, not_a_number), hi2: max(-0.0 * x, 0.0 * x), inf: x / z, ninf: -x / z, big: f64(i64(x * 1e20)),
      zero: i64(not_a_number)
    }
  })
}
kernel conversions(xs: [f64]) -> [i64] {
  xs.map(x => i64(x) + i64(x * 1e300) + i64(-x * 1e300))
}
kernel rounding(xs: [f64]) -> [f64] {
  xs.map(x => round(x) + round(-x))
}
kernel extremes(xs: [f64]) -> { lo: f64, hi: f64, first_lo: f64 } {
  let ys = xs.map(x => x / (x - x + 1.0));
  { lo: ys.min(), hi: ys.max(), first_lo: ys.reduce(0.0, (a, y) => min(a, y)) }
}`,
    inputs: {
      float_ops: [{ args: { xs: [2.5, -2.5, 0.5, 7.25, -0.0] } }],
      conversions: [{ args: { xs: [1.9, -1.9, 0.0, 3.0] } }],
      rounding: [{ args: { xs: [0.5, 1.5, 2.5, -0.49999999999999994, 4503599627370497.0] } }],
      extremes: [{ args: { xs: [3.0, -0.0, 0.0, 'NaN', -4.5] } }, { args: { xs: ['NaN', 1.0] } }, { args: { xs: [] } }],
    },
  },
  {
    name: 'control',
    source: `
param limit: i64 = 3 in 0..10
kernel grades(xs: [f64], on: bool) -> [str] {
  xs.map(x => {
    let y = x * 2.0;
    let label = if y > 150.0 { "high" } else if y > 100.0 { let d = y - 100.0; if d > 25.0 { "upper" } else { "mid" } } else { "low" };
    if on { label } else { "off" }
  })
}
kernel guarded(xs: [i64], ys: [i64]) -> bool {
  xs.len() > 0 && ys.filter(y => y > 0).map(y => 100 / y).any(q => q > limit)
}
kernel either(xs: [i64]) -> [bool] {
  xs.map(x => x < 0 || xs.filter(y => y > x).count() > 1)
}
kernel bool_order(bs: [bool]) -> [bool] {
  bs.zip(bs.reverse(), (a, b) => (a < b) || (a >= b && !b))
}
kernel nested_lets(xs: [i64]) -> i64 {
  xs.map_indexed((i, x) => {
    let a = x * i;
    let b = xs.map(y => { let c = y + a; c * c }).sum();
    if b > 1000 { b - a } else { b + a }
  }).reduce(0, (acc, v) => if v > acc { v } else { acc })
}`,
    inputs: {
      grades: [{ args: { xs: [10.0, 55.0, 60.0, 70.0, 90.0], on: true } }, { args: { xs: [80.0], on: false } }],
      guarded: [{ args: { xs: [], ys: [0] } }, { args: { xs: [1], ys: [5, 0, 40, -2] } }, { args: { xs: [1], ys: [50, 10] }, params: { limit: 1 } }],
      either: [{ args: { xs: [-1, 3, 5, 7, 2] } }],
      bool_order: [{ args: { bs: [true, false, false, true] } }],
      nested_lets: [{ args: { xs: [1, 2, 3, 40] } }],
    },
  },
  {
    name: 'records',
    source: `
record Point { x: f64, y: f64, tag: str }
record Segment { from: Point, to: Point, weight: i64 }
kernel lengths(segments: [Segment]) -> [{ tag: str, length: f64, heavy: bool }] {
  segments.map(s => {
    let dx = s.to.x - s.from.x;
    let dy = s.to.y - s.from.y;
    { tag: s.from.tag, length: sqrt(dx * dx + dy * dy), heavy: s.weight > { w: 2, v: s.weight }.w }
  })
}
kernel farthest(points: [Point]) -> Point {
  points.sort_by(p => p.x * p.x + p.y * p.y, desc)[0]
}
kernel pick(points: [Point], k: i64) -> { first: Point, picked: [str] } {
  { first: points[0], picked: points.take(k).map(p => p.tag) }
}`,
    inputs: {
      lengths: [
        {
          args: {
            segments: [
              { from: { x: 0.0, y: 0.0, tag: 'a' }, to: { x: 3.0, y: 4.0, tag: 'b' }, weight: 3 },
              { from: { x: 1.0, y: 1.0, tag: 'c' }, to: { x: 1.0, y: 1.0, tag: 'd' }, weight: 1 },
            ],
          },
        },
      ],
      farthest: [{ args: { points: [{ x: 1.0, y: 2.0, tag: 'p' }, { x: -3.0, y: 0.5, tag: 'q' }, { x: 3.0, y: 0.5, tag: 'r' }] } }],
      pick: [{ args: { points: [{ x: 1.0, y: 2.0, tag: 'p' }, { x: -3.0, y: 0.5, tag: 'q' }], k: 5 } }, { args: { points: [], k: 1 } }],
    },
  },
  {
    name: 'groups',
    source: `
record Sale { region: str, units: i64, price: f64, online: bool }
kernel by_region(sales: [Sale]) -> [{ region: str, n: i64, units: i64, revenue: f64, cheapest: f64, dearest: f64, avg_units: f64, max_units: i64 }] {
  sales
    .filter(s => s.units != 0)
    .group_by(s => s.region)
    .agg(g => {
      region: g.key,
      n: g.count(),
      units: g.sum(s => s.units),
      revenue: g.sum(s => f64(s.units) * s.price),
      cheapest: g.min(s => s.price),
      dearest: g.max(s => s.price),
      avg_units: g.mean(s => s.units),
      max_units: g.max(s => s.units)
    })
}
kernel by_channel(sales: [Sale]) -> [{ online: bool, share: f64 }] {
  let total = sales.sum(s => s.price);
  sales.group_by(s => s.online).agg(g => { online: g.key, share: g.sum(s => s.price) / total })
}
kernel indexed_groups(xs: [i64]) -> [{ k: i64, s: i64 }] {
  xs.filter(x => x > 0).map_indexed((i, x) => x * 10 + i).group_by(v => v % 3).agg(g => { k: g.key, s: g.sum(v => v) })
}
kernel by_size(sales: [Sale]) -> [i64] {
  sales.group_by(s => s.units / 10).agg(g => g.key * 1000 + g.count())
}`,
    inputs: {
      by_region: [
        {
          args: {
            sales: [
              { region: 'north', units: 3, price: 2.5, online: true },
              { region: '😀east', units: 1, price: 9.0, online: false },
              { region: 'north', units: 0, price: 100.0, online: true },
              { region: 'ｚ', units: 7, price: 1.25, online: true },
              { region: 'north', units: -2, price: 3.5, online: false },
              { region: 'Éire', units: 4, price: 'NaN', online: false },
              { region: 'Éire', units: 1, price: 2.0, online: true },
            ],
          },
        },
      ],
      by_channel: [
        {
          args: {
            sales: [
              { region: 'a', units: 1, price: 2.0, online: true },
              { region: 'b', units: 1, price: 6.0, online: false },
            ],
          },
        },
      ],
      indexed_groups: [{ args: { xs: [5, -1, 7, 9, 0, 11, 4] } }],
      by_size: [{ args: { sales: [{ region: 'a', units: 25, price: 1.0, online: true }, { region: 'b', units: -5, price: 1.0, online: true }, { region: 'c', units: 21, price: 1.0, online: false }] } }],
    },
  },
  {
    name: 'sorting',
    source: `
kernel words(ws: [str]) -> [str] {
  ws.sort()
}
kernel by_length_desc(ws: [str]) -> [str] {
  ws.sort_by(w => w, desc).reverse()
}
kernel floats(xs: [f64]) -> [f64] {
  xs.map(x => x / (x - x + 1.0)).sort()
}
kernel floats_desc(xs: [f64]) -> [f64] {
  xs.map(x => x / (x - x + 1.0)).sort_by(x => x, desc)
}
kernel flags(bs: [bool]) -> [bool] {
  bs.sort()
}
kernel stable(xs: [i64]) -> [i64] {
  xs.map_indexed((i, x) => x * 100 + i).sort_by(v => v / 100 % 3)
}
kernel computed_key(xss: [i64]) -> [i64] {
  xss.sort_by(x => range(0, x % 5).map(k => k * x).sum(), desc)
}
kernel failing_key(xs: [i64]) -> [i64] {
  xs.sort_by(x => 10 / x)
}`,
    inputs: {
      words: [{ args: { ws: ['b', 'a', '😀', '\uffff', 'é', 'ab', '', 'B', 'ｚ'] } }],
      by_length_desc: [{ args: { ws: ['b', 'a', '😀', '\uffff', 'é'] } }],
      floats: [{ args: { xs: [3.0, 'NaN', -0.0, 0.0, -1.5, 'NaN', 2.0] } }],
      floats_desc: [{ args: { xs: [3.0, 'NaN', -0.0, 0.0, -1.5, 2.0] } }],
      flags: [{ args: { bs: [true, false, true, false] } }],
      stable: [{ args: { xs: [5, 3, 4, 1, 2, 6, 7] } }],
      computed_key: [{ args: { xss: [7, 3, 14, 2, 8] } }],
      failing_key: [{ args: { xs: [2, 0, 5] } }, { args: { xs: [2, 1, 5] } }],
    },
  },
  {
    name: 'pipelines',
    source: `
kernel indexed_after_filter(xs: [i64]) -> [i64] {
  xs.filter(x => x % 2 == 0).map_indexed((i, x) => i * 1000 + x)
}
kernel windows(xs: [f64], k: i64) -> [f64] {
  xs.skip(k).take(k + 1).zip(xs.reverse().skip(-3).take(-1 + 10), (a, b) => a - b)
}
kernel running(xs: [i64]) -> [i64] {
  range(3, 3 + xs.len()).zip(xs, (i, x) => i * x).scan(0, (acc, v) => acc + v)
}
kernel empty_range(n: i64) -> { a: i64, b: [i64], c: i64 } {
  { a: range(n, 2).len(), b: range(5, n).map(k => k * k), c: range(0, n).count(k => k % 3 == 0) }
}
kernel stats(xs: [f64]) -> { all_pos: bool, any_big: bool, n: i64, first: f64 } {
  { all_pos: xs.all(x => x > 0.0), any_big: xs.any(x => x > 100.0), n: xs.len(), first: xs[0] }
}
kernel zipped_index(xs: [i64], ys: [i64]) -> [i64] {
  xs.zip(ys, (a, b) => a + b).filter(v => v > 0).map_indexed((i, v) => i * v)
}
kernel constant_range(xs: [i64]) -> i64 {
  let n = range(0, 10).len();
  let m = range(2, 5).count();
  n * m + xs.len()
}
kernel no_inputs() -> [i64] {
  range(0, 5).map(k => k * k)
}
kernel chain(xs: [i64]) -> i64 {
  xs.map(x => x + 1).filter(x => x > 2).map(x => x * 2).map_indexed((i, x) => x - i).reduce(7, (acc, x) => acc * 31 + x)
}`,
    inputs: {
      indexed_after_filter: [{ args: { xs: [1, 2, 3, 4, 6, 7, 8] } }],
      windows: [{ args: { xs: [1.0, 2.0, 4.0, 8.0, 16.0, 32.0], k: 2 } }, { args: { xs: [1.0], k: -4 } }],
      running: [{ args: { xs: [1, 2, 3, 4] } }],
      empty_range: [{ args: { n: -2 } }, { args: { n: 7 } }],
      stats: [{ args: { xs: [1.0, 200.0] } }, { args: { xs: [-1.0] } }, { args: { xs: [] } }],
      chain: [{ args: { xs: [1, 2, 3, 4, 5] } }],
      zipped_index: [{ args: { xs: [1, -5, 3, 4, 9], ys: [1, 2, -30, 4] } }],
      constant_range: [{ args: { xs: [1, 2] } }],
      no_inputs: [{ args: {} }],
    },
  },
  {
    name: 'keywords',
    source: `
record chan { type: str, func: i64, go: f64, select: bool, map: i64 }
param len: i64 = 3 in 0..10
kernel map(string: [chan], math: i64, range: i64) -> [{ range: i64, select: str, defer: f64, int64: i64 }] {
  let fmt = math + len;
  let slices = range * 2;
  string
    .filter(c => c.select)
    .map(c => { let var = c.func * fmt; let copy = c.map; { range: var + slices, select: c.type, defer: c.go, int64: copy } })
}
kernel interface(panic: [i64], nil: i64) -> i64 {
  panic.map(append => append + nil).reduce(0, (iota, make) => iota + make)
}`,
    inputs: {
      map: [{ args: { string: [{ type: 'a', func: 2, go: 1.5, select: true, map: 9 }, { type: 'b', func: 5, go: 2.5, select: false, map: 1 }], math: 4, range: 1 } }],
      interface: [{ args: { panic: [1, 2, 3], nil: 10 } }],
    },
  },
  {
    name: 'errors',
    source: `
kernel divide_by_literal_zero(xs: [i64]) -> [i64] {
  xs.map(x => x / 0)
}
kernel negative_index(xs: [f64]) -> f64 {
  xs[-1]
}
kernel lazy_branch(xs: [i64], i: i64) -> i64 {
  if i < xs.len() && i >= 0 { xs[i] } else { 0 }
}
kernel strict_stages(xs: [i64]) -> [i64] {
  xs.map(x => 100 / x).map(q => xs[q])
}
kernel dropped_failure(xs: [i64], ys: [i64]) -> [i64] {
  xs.map(x => ys[x]).filter(y => xs.len() > 100)
}
kernel counted_failure(xs: [i64], ys: [i64]) -> i64 {
  xs.map(x => ys[x]).filter(y => xs.len() > 100).len()
}
kernel three_strict(xs: [i64], ys: [i64]) -> [f64] {
  xs.filter(x => ys[x] > 0).filter(x => 10 / x > 1).filter(x => 100 / x > 3).map(x => f64(x) * 0.5)
}
kernel short_circuit(xs: [i64]) -> bool {
  xs.map(x => 10 / x).any(q => q > 4)
}`,
    inputs: {
      divide_by_literal_zero: [{ args: { xs: [1] } }, { args: { xs: [] } }],
      negative_index: [{ args: { xs: [1.0] } }],
      lazy_branch: [{ args: { xs: [5, 6], i: 1 } }, { args: { xs: [5, 6], i: 2 } }, { args: { xs: [5], i: -1 } }],
      strict_stages: [{ args: { xs: [100, 0, 50] } }, { args: { xs: [100, 200] } }],
      dropped_failure: [{ args: { xs: [0, 5], ys: [1] } }, { args: { xs: [0, 0], ys: [1] } }],
      counted_failure: [{ args: { xs: [0, 5], ys: [1] } }],
      three_strict: [{ args: { xs: [1, 2, 3], ys: [0, 5, 6, 7] } }, { args: { xs: [1, 0, 9], ys: [1, 1] } }],
      short_circuit: [{ args: { xs: [1, 0] } }, { args: { xs: [5, 0] } }],
    },
  },
];
