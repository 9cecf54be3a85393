// Feature snippets for the C# target: each is run against the interpreter sequentially and in
// parallel (test/targets/csharp/run.test.ts). Inputs are program-mode JSON documents, written
// as text so that i64 values beyond 2^53 stay exact.

export interface Snippet {
  readonly name: string;
  readonly source: string;
  /** kernel → inputs */
  readonly inputs: Readonly<Record<string, readonly string[]>>;
  /** Inputs only for the sequential render (see docs/csharp.md on parallel f64 min/max and NaN). */
  readonly sequentialOnly?: Readonly<Record<string, readonly string[]>>;
}

const args = (json: string, params = '{}'): string => `{"args":${json},"params":${params}}`;

export const SNIPPETS: readonly Snippet[] = [
  {
    name: 'integer edges',
    source: `
kernel int_edges(a: i64, b: i64) -> { q: i64, r: i64, n: i64, m: i64, w: i64 } {
  { q: a / b, r: a % b, n: -a, m: abs(a), w: a * b + a }
}
kernel wrapping(xs: [i64]) -> { s: i64, p: i64, t: i64 } {
  { s: xs.sum(), p: xs.prod(), t: xs.sum(x => x * 3) }
}
kernel by_zero(a: i64, b: i64) -> i64 { a % b }
`,
    inputs: {
      int_edges: [
        args('{"a":-9223372036854775808,"b":-1}'),
        args('{"a":-7,"b":2}'),
        args('{"a":7,"b":-2}'),
        args('{"a":9223372036854775807,"b":3}'),
      ],
      wrapping: [args('{"xs":[9223372036854775807,1,2]}'), args('{"xs":[]}'), args('{"xs":[4294967296,4294967296,3]}')],
      by_zero: [args('{"a":1,"b":0}')],
    },
  },
  {
    name: 'float edges',
    source: `
kernel float_edges(x: f64, y: f64) -> { r: f64, t: i64, big: i64, small: i64, nan: i64, f: f64, m: f64 } {
  { r: round(x), t: i64(x), big: i64(x * 1e300), small: i64(-x * 1e300), nan: i64(y / y), f: x % 1.0, m: max(x, y / y) }
}
kernel rounding(xs: [f64]) -> [f64] { xs.map(x => round(x)) }
kernel conversions(ns: [i64]) -> [f64] { ns.map(n => f64(n)) }
kernel sums(xs: [f64]) -> { s: f64, p: f64, m: f64 } { { s: xs.sum(), p: xs.prod(), m: xs.mean() } }
`,
    inputs: {
      float_edges: [args('{"x":2.5,"y":0}'), args('{"x":-2.5,"y":0}'), args('{"x":0.49999999999999994,"y":0}'), args('{"x":-0.3,"y":1}')],
      rounding: [args('{"xs":[0.5,1.5,2.5,-0.5,-1.5,4503599627370495.5,-0.0,"NaN","Infinity","-Infinity",1e300]}')],
      conversions: [args('{"ns":[9007199254740993,-9223372036854775808,9223372036854775807]}')],
      sums: [args('{"xs":[-0.0]}'), args('{"xs":[0.1,0.2,0.3,1e-320,5e-324]}'), args('{"xs":[1e308,1e308,"NaN"]}')],
    },
  },
  {
    name: 'min and max follow the language, not LINQ',
    source: `
kernel extremes(xs: [f64]) -> { lo: f64, hi: f64, two: f64 } {
  { lo: xs.min(), hi: xs.max(), two: min(xs[0], xs[1]) }
}
kernel empty_min(xs: [i64]) -> i64 { xs.min() }
kernel empty_mean(xs: [f64]) -> f64 { xs.filter(x => x > 0.0).mean() }
`,
    inputs: {
      extremes: [args('{"xs":[3.5,-1.25,2.0]}'), args('{"xs":[-0.0,0.0,1.0]}')],
      empty_min: [args('{"xs":[]}')],
      empty_mean: [args('{"xs":[-1.0]}')],
    },
    sequentialOnly: { extremes: [args('{"xs":["NaN",1.0,-2.0]}'), args('{"xs":[1.0,"NaN",-2.0]}')] },
  },
  {
    name: 'strings: escapes and code point order',
    source: `
kernel quote(xs: [str]) -> [str] {
  xs.map(s => if s == "say \\"hi\\"\\\\n" { "tab\\there \\u{e9} \\u{1F600} \\u{2028} \\u{7f}end" } else { s })
}
kernel order(words: [str]) -> [str] { words.sort() }
kernel less(a: str, b: str) -> { lt: bool, le: bool, gt: bool, eq: bool } { { lt: a < b, le: a <= b, gt: a > b, eq: a == b } }
kernel by_word(words: [str]) -> [{ w: str, n: i64 }] { words.group_by(w => w).agg(g => { w: g.key, n: g.count() }) }
`,
    inputs: {
      quote: [args('{"xs":["say \\"hi\\"\\\\n","plain","\\u00e9\\ud83d\\ude00"]}')],
      order: [args('{"words":["\\u00e9","\\ud83d\\ude00","\\uff5a","B","a","","ab","\\ue000"]}')],
      less: [args('{"a":"\\ud83d\\ude00","b":"\\uff5a"}'), args('{"a":"abc","b":"abd"}'), args('{"a":"x","b":"x"}')],
      by_word: [args('{"words":["\\uff5a","\\ud83d\\ude00","a","\\uff5a","\\ue000"]}')],
    },
  },
  {
    name: 'reserved words as names',
    source: `
record type { fn: i64, match: str, func: f64 }
record Math { value: i64, Math: i64 }
kernel function(var: [type], range: i64) -> [i64] {
  let len = range;
  let string = len + 1;
  var.filter(self => self.fn > string).map(let_ => let_.fn + len)
}
kernel min(object: [Math], where: i64) -> [Math] {
  object.filter(select => select.value > where).map(from => { value: from.Math, Math: from.value })
}
`,
    inputs: {
      function: [args('{"var":[{"fn":5,"match":"a","func":1.5},{"fn":1,"match":"b","func":0}],"range":2}')],
      min: [args('{"object":[{"value":3,"Math":4},{"value":0,"Math":1}],"where":1}')],
    },
  },
  {
    name: 'grouping',
    source: `
kernel by_rest(xs: [i64]) -> [{ k: i64, a: f64, b: i64, c: i64 }] {
  xs.group_by(x => x % 3).agg(g => {
    k: g.key,
    a: if g.count() > 1 { g.mean(x => f64(x)) } else { 0.0 },
    b: g.max(x => x) + g.max(x => x),
    c: g.sum(x => x * x)
  })
}
kernel by_sign(xs: [f64]) -> [{ pos: bool, total: f64, low: f64 }] {
  xs.group_by(x => x > 0.0).agg(g => { pos: g.key, total: g.sum(x => x), low: g.min(x => x) })
}
`,
    inputs: {
      by_rest: [args('{"xs":[5,-4,3,7,10,-2,0,1]}'), args('{"xs":[]}')],
      by_sign: [args('{"xs":[0.5,-1.5,2.25,-0.0,3.0]}')],
    },
  },
  {
    name: 'evaluation order and laziness',
    source: `
kernel eager_map(xs: [i64]) -> [i64] { xs.map(x => 10 / x).take(1) }
kernel eager_zip(xs: [i64], ys: [i64]) -> [i64] { xs.map(x => 10 / x).zip(ys, (a, b) => a + b) }
kernel short_any(xs: [i64]) -> bool { xs.any(x => x > 0 || 10 / x > 0) }
kernel short_and(n: i64) -> bool { n > 0 && { let q = 10 / n; q > 1 } }
kernel branches(xs: [i64], n: i64) -> i64 {
  let a = 1 + if n > 0 { let t = n * 2; t + 1 } else { let u = n - 1; u * u };
  let unused = 10 / n;
  a + xs.map(x => if x > n { let d = x - n; d * d } else { 0 }).sum()
}
kernel negative_index(xs: [f64]) -> f64 { xs[-1] }
kernel last(xs: [f64], i: i64) -> f64 { xs[i] }
`,
    inputs: {
      eager_map: [args('{"xs":[1,0]}'), args('{"xs":[5,2]}')],
      eager_zip: [args('{"xs":[1,0],"ys":[1]}')],
      short_any: [args('{"xs":[1,0]}'), args('{"xs":[0]}')],
      short_and: [args('{"n":0}'), args('{"n":3}')],
      branches: [args('{"xs":[1,5,9],"n":3}'), args('{"xs":[1],"n":-2}'), args('{"xs":[1],"n":0}')],
      negative_index: [args('{"xs":[1.5]}')],
      last: [args('{"xs":[1.5],"i":1}'), args('{"xs":[1.5],"i":-9223372036854775808}'), args('{"xs":[1.5],"i":0}')],
    },
  },
  {
    name: 'sequences',
    source: `
kernel seqs(xs: [f64], n: i64) -> { a: [f64], b: [f64], c: [i64], d: f64, e: [f64], f: [f64], g: [i64] } {
  {
    a: xs.scan(0.0, (acc, x) => acc + x),
    b: xs.take(n).reverse(),
    c: range(n, 5).map_indexed((i, v) => i * v),
    d: xs.reduce(1.0, (acc, x) => acc * 0.5 + x),
    e: xs.zip(xs.skip(1), (p, q) => q - p),
    f: xs.skip(0 - n).take(-1),
    g: range(0, 20).filter(k => k % 3 == 0).map_indexed((i, k) => i * 100 + k).take(n * 1000000000000)
  }
}
kernel sorted(xs: [f64]) -> [f64] { xs.sort() }
kernel by_key(rs: [{ k: f64, id: i64 }]) -> [{ k: f64, id: i64 }] { rs.sort_by(r => r.k, desc) }
kernel by_flag(rs: [{ k: f64, id: i64 }]) -> [i64] { rs.sort_by(r => r.k > 0.0).map(r => r.id) }
kernel nested(xss: [[i64]]) -> [[i64]] { xss.map(xs => xs.filter(x => x > 0).sort_by(x => -x)) }
kernel pairs(xs: [f64]) -> [f64] { xs.map(x => x * 2.0).zip(xs.filter(x => x > 0.0).reverse(), (a, b) => a + b) }
`,
    inputs: {
      seqs: [args('{"xs":[1.5,2.5,-4.0,8.0],"n":2}'), args('{"xs":[],"n":-3}'), args('{"xs":[1.0],"n":9}')],
      sorted: [args('{"xs":[3,"NaN",-0.0,0.0,1,"NaN","-Infinity",-2.5]}')],
      by_key: [args('{"rs":[{"k":1,"id":1},{"k":2,"id":2},{"k":1,"id":3},{"k":-0.0,"id":4},{"k":0,"id":5},{"k":2,"id":6}]}')],
      by_flag: [args('{"rs":[{"k":1,"id":1},{"k":-2,"id":2},{"k":1,"id":3},{"k":-1,"id":4}]}')],
      nested: [args('{"xss":[[3,-1,2],[],[-5]]}')],
      pairs: [args('{"xs":[1.5,-2.0,3.0,4.5,-0.5]}')],
    },
  },
  {
    name: 'params',
    source: `
param gain: f64 = 2.0 in 0.0..10.0
param limit: i64 = 3 in 0..10
param on: bool = true
kernel scaled(xs: [f64]) -> [f64] { xs.take(limit).map(x => if on { x * gain } else { x }) }
`,
    inputs: {
      scaled: [args('{"xs":[1.0,2.0,3.0,4.0]}'), args('{"xs":[1.0,2.0,3.0,4.0]}', '{"gain":0.5,"limit":2,"on":true}'), args('{"xs":[1.0]}', '{"on":false}')],
    },
  },
];
