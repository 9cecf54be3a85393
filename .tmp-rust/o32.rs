use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub tag: String,
    pub ok: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedRow {
    pub first: i64,
}

#[allow(clippy::eq_op)]
pub fn generated(prices: &[f64], match_: i64, _prefix: &str) -> Vec<bool> {
    let mut sorted: Vec<f64> = prices
        .iter()
        .map(|_| GeneratedRow { first: 729 })
        .map(|_| 2.5_f64)
        .collect();
    sorted.sort_by(|&a, &b| {
        cmp_f64(
            &prices
                .iter()
                .copied()
                .reduce(min_f64)
                .expect("min of an empty array"),
            &prices
                .iter()
                .copied()
                .reduce(min_f64)
                .expect("min of an empty array"),
        )
    });
    let vs2: Vec<f64> = sorted.into_iter().map(|x4| x4 + x4 * x4).collect();
    let mut sorted2: Vec<bool> = vs2.iter().map(|_| false).collect();
    sorted2.sort();
    sorted2
        .into_iter()
        .filter(|&b10| b10 || (b10 || b10))
        .filter(|&b11| {
            (if vs2.len() as i64 <= match_ {
                0.0
            } else {
                vs2.iter().fold(0.0, |acc, &x| acc + x)
            }) <= vs2.iter().filter(|_| b11).fold(0.0, |acc, &x| acc + x)
        })
        .collect()
}

/// `min` as the kernel language defines it: `b` when `b < a`, else `a` (a NaN `a` wins).
fn min_f64(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// Orders f64 sort keys: numerically, `-0.0` equal to `0.0`, NaN after every number.
fn cmp_f64(a: &f64, b: &f64) -> Ordering {
    a.partial_cmp(b)
        .unwrap_or_else(|| a.is_nan().cmp(&b.is_nan()))
}

