#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub type_: String,
    pub end: i64,
    pub ok: bool,
}

#[allow(clippy::eq_op)]
pub fn generated(items: &[Row]) -> String {
    let v1 = items.iter().any(|r2| {
        items
            .iter()
            .map(|r3| r2.ok || r3.ok)
            .all(|_| r2.type_ >= r2.type_)
    });
    let v5 = if items.len() as i64 > 0 {
        items
            .iter()
            .map(|_| -10_i64)
            .max()
            .expect("max of an empty array")
    } else {
        -4
    };
    let vs9: Vec<i64> = (-2_i64..9).collect();
    if vs9
        .into_iter()
        .map(|_| "ab".to_string())
        .skip(v5.max(0) as usize)
        .all(|_| {
            if items.len() as i64 > 0 {
                items[v5.wrapping_abs().wrapping_rem(items.len() as i64) as usize].ok
            } else {
                false
            }
        })
        && (v1 || v1) == (v5 <= v5)
    {
        "B".to_string()
    } else if items.len() as i64 > 0 {
        items[items
            .iter()
            .filter(|&r10| r10.ok)
            .fold(9_i64, |acc11, r12| {
                acc11.wrapping_rem(r12.end.wrapping_abs().wrapping_add(1))
            })
            .wrapping_abs()
            .wrapping_rem(items.len() as i64) as usize]
            .type_
            .clone()
    } else {
        "aé".to_string()
    }
}

