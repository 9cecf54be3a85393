use rayon::prelude::*;

pub fn generated(select: &[f64]) -> f64 {
    par_max_f64(
        select.par_iter().map(|_| {
            if select.len() as i64 > 0 {
                select[select
                    .iter()
                    .map(|_| 939_i64)
                    .fold(0, i64::wrapping_add)
                    .wrapping_abs()
                    .wrapping_rem(select.len() as i64) as usize]
            } else {
                -2.5
            }
        }),
    )
}

/// The sequential fold with `max_f64`, computed in parallel: a NaN first element is the
/// result, later NaNs are skipped, and of equal values the leftmost wins.
fn par_max_f64(values: impl ParallelIterator<Item = f64>) -> f64 {
    let (first, greatest) = values
        .map(|x| (x, x))
        .reduce_with(|(first, a), (_, b)| (first, if b > a || a.is_nan() { b } else { a }))
        .expect("max of an empty array");
    if first.is_nan() {
        first
    } else {
        greatest
    }
}
