// The runtime helpers an emitted file may need, written once as rustfmt-clean Rust. Emission
// records which ones it used; the file then carries only those (and their imports), sorted.

export interface Helper {
  readonly lines: readonly string[];
  readonly imports: readonly string[];
}

export type HelperName = keyof typeof HELPERS;

export const HELPERS = {
  min_f64: {
    imports: [],
    lines: [
      '/// `min` as the kernel language defines it: `b` when `b < a`, else `a` (a NaN `a` wins).',
      'fn min_f64(a: f64, b: f64) -> f64 {',
      '    if b < a {',
      '        b',
      '    } else {',
      '        a',
      '    }',
      '}',
    ],
  },
  max_f64: {
    imports: [],
    lines: [
      '/// `max` as the kernel language defines it: `b` when `b > a`, else `a` (a NaN `a` wins).',
      'fn max_f64(a: f64, b: f64) -> f64 {',
      '    if b > a {',
      '        b',
      '    } else {',
      '        a',
      '    }',
      '}',
    ],
  },
  cmp_f64: {
    imports: ['std::cmp::Ordering'],
    lines: [
      '/// Orders f64 sort keys: numerically, `-0.0` equal to `0.0`, NaN after every number.',
      'fn cmp_f64(a: &f64, b: &f64) -> Ordering {',
      '    a.partial_cmp(b)',
      '        .unwrap_or_else(|| a.is_nan().cmp(&b.is_nan()))',
      '}',
    ],
  },
  mean_f64: {
    imports: [],
    lines: [
      '/// The left-to-right sum of `values` divided by their count.',
      'fn mean_f64(values: impl Iterator<Item = f64>) -> f64 {',
      '    let (sum, count) = values.fold((0.0, 0_usize), |(sum, count), x| (sum + x, count + 1));',
      '    assert!(count > 0, "mean of an empty array");',
      '    sum / count as f64',
      '}',
    ],
  },
  par_mean_f64: {
    imports: ['rayon::prelude::*'],
    lines: [
      '/// The sum of `values` (partial sums added in order) divided by their count.',
      'fn par_mean_f64(values: impl ParallelIterator<Item = f64>) -> f64 {',
      '    let (sum, count) = values',
      '        .map(|x| (x, 1_usize))',
      '        .reduce(|| (0.0, 0), |(s1, n1), (s2, n2)| (s1 + s2, n1 + n2));',
      '    assert!(count > 0, "mean of an empty array");',
      '    sum / count as f64',
      '}',
    ],
  },
  par_min_f64: {
    imports: ['rayon::prelude::*'],
    lines: [
      '/// The sequential fold with `min_f64`, computed in parallel: a NaN first element is the',
      '/// result, later NaNs are skipped, and of equal values the leftmost wins.',
      'fn par_min_f64(values: impl ParallelIterator<Item = f64>) -> f64 {',
      '    let (first, least) = values',
      '        .map(|x| (x, x))',
      '        .reduce_with(|(first, a), (_, b)| (first, if b < a || a.is_nan() { b } else { a }))',
      '        .expect("min of an empty array");',
      '    if first.is_nan() {',
      '        first',
      '    } else {',
      '        least',
      '    }',
      '}',
    ],
  },
  par_max_f64: {
    imports: ['rayon::prelude::*'],
    lines: [
      '/// The sequential fold with `max_f64`, computed in parallel: a NaN first element is the',
      '/// result, later NaNs are skipped, and of equal values the leftmost wins.',
      'fn par_max_f64(values: impl ParallelIterator<Item = f64>) -> f64 {',
      '    let (first, greatest) = values',
      '        .map(|x| (x, x))',
      '        .reduce_with(|(first, a), (_, b)| (first, if b > a || a.is_nan() { b } else { a }))',
      '        .expect("max of an empty array");',
      '    if first.is_nan() {',
      '        first',
      '    } else {',
      '        greatest',
      '    }',
      '}',
    ],
  },
  merge_groups: {
    imports: ['std::collections::BTreeMap'],
    lines: [
      "/// Appends `right`'s groups to `left`'s; each group keeps its elements in input order.",
      'fn merge_groups<K: Ord, V>(',
      '    mut left: BTreeMap<K, Vec<V>>,',
      '    right: BTreeMap<K, Vec<V>>,',
      ') -> BTreeMap<K, Vec<V>> {',
      '    for (key, mut values) in right {',
      '        left.entry(key).or_default().append(&mut values);',
      '    }',
      '    left',
      '}',
    ],
  },
} satisfies Record<string, Helper>;

/** The helpers used, in catalogue order (deterministic output). */
export function inCatalogueOrder(names: ReadonlySet<HelperName>): HelperName[] {
  return (Object.keys(HELPERS) as HelperName[]).filter((n) => names.has(n));
}
