// The product brief's example kernels (../shared/design/codelive.md, section 1), verbatim: several
// suites check that they keep compiling, running and rendering.
export const BRIEF_EXAMPLE = `# a comment
param threshold: f64 = 0.5 in 0.0..1.0          # a slider: default and range
param gain: f64 = 2.0 in 0.0..10.0 step 0.1

kernel score(xs: [f64]) -> f64 {
  xs.filter(x => x > threshold).map(x => x * gain).sum()
}

record Trade { symbol: str, price: f64, qty: i64 }

kernel volume_by_symbol(trades: [Trade]) -> [{ symbol: str, volume: f64, n: i64 }] {
  trades
    .filter(t => t.qty > 0)
    .group_by(t => t.symbol)
    .agg(g => { symbol: g.key, volume: g.sum(t => t.price * f64(t.qty)), n: g.count() })
    .sort_by(r => r.volume, desc)
}

kernel normalize(xs: [f64]) -> [f64] {
  let m = xs.max();
  xs.map(x => x / m)
}
`;
