//! Small-number protection (DATA.md §4). Primary suppression hides small counts and the
//! shares and means that rest on few participants; secondary suppression then hides more
//! cells until no group (a total and the parts that add up to it) has exactly one hidden
//! member, so that no hidden cell can be found by subtraction.

/// A count that must not be shown: from 1 to `min_cell - 1`. Zero may be shown.
pub fn is_small_count(count: f64, min_cell: u32) -> bool {
    count >= 1.0 && count < f64::from(min_cell)
}

/// A share or mean that must not be shown: its base is from 1 to `min_cell - 1`
/// (with a base of zero there is no figure to hide).
pub fn rests_on_too_few(base: f64, min_cell: u32) -> bool {
    is_small_count(base, min_cell)
}

/// Cells that add up: `total` = the sum of `parts` (indices into one cell table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The total, published or implied.
    pub total: usize,
    /// The parts that sum to it.
    pub parts: Vec<usize>,
}

/// Secondary suppression: while some group has exactly one hidden member, hide the smallest
/// visible part of that group (a non-zero part before a zero one, since hiding a true zero
/// protects little), or the total where no part is left visible.
pub fn suppress_secondary(values: &[f64], hidden: &mut [bool], groups: &[Group]) {
    loop {
        let mut changed = false;
        for group in groups {
            let members = std::iter::once(group.total).chain(group.parts.iter().copied());
            if members.filter(|&cell| hidden[cell]).count() != 1 {
                continue;
            }
            let complement = group
                .parts
                .iter()
                .copied()
                .filter(|&cell| !hidden[cell])
                .min_by(|&a, &b| {
                    let key = |cell: usize| (values[cell] == 0.0, values[cell]);
                    key(a)
                        .partial_cmp(&key(b))
                        .unwrap_or(std::cmp::Ordering::Equal)
                })
                .unwrap_or(group.total);
            hidden[complement] = true;
            changed = true;
        }
        if !changed {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The attacker: with totals and visible parts, any group with exactly one unknown gives it
    /// away; each value found helps in other groups, so keep going until nothing more falls.
    fn recoverable(values: &[f64], hidden: &[bool], groups: &[Group]) -> Vec<usize> {
        let mut known: Vec<bool> = hidden.iter().map(|hidden| !hidden).collect();
        loop {
            let mut learned = false;
            for group in groups {
                let members: Vec<usize> = std::iter::once(group.total)
                    .chain(group.parts.iter().copied())
                    .collect();
                let unknown: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|&cell| !known[cell])
                    .collect();
                if let [cell] = unknown[..] {
                    // The attacker computes the value; check it is the true one, then learn it.
                    let parts_sum: f64 = group
                        .parts
                        .iter()
                        .filter(|&&part| part != cell)
                        .map(|&part| values[part])
                        .sum();
                    let derived = if cell == group.total {
                        parts_sum
                    } else {
                        values[group.total] - parts_sum
                    };
                    assert_eq!(derived, values[cell]);
                    known[cell] = true;
                    learned = true;
                }
            }
            if !learned {
                return (0..values.len())
                    .filter(|&cell| hidden[cell] && known[cell])
                    .collect();
            }
        }
    }

    #[test]
    fn one_small_part_gets_a_companion() {
        // total 40 = 25 + 3 + 12: the 3 is hidden, so the 12 (smallest visible) must go too.
        let values = [40.0, 25.0, 3.0, 12.0];
        let mut hidden = values.map(|value| is_small_count(value, 10));
        let groups = [Group {
            total: 0,
            parts: vec![1, 2, 3],
        }];
        suppress_secondary(&values, &mut hidden, &groups);
        assert_eq!(hidden, [false, false, true, true]);
        assert!(recoverable(&values, &hidden, &groups).is_empty());
    }

    #[test]
    fn zero_parts_are_the_last_choice() {
        let values = [30.0, 0.0, 4.0, 26.0];
        let mut hidden = values.map(|value| is_small_count(value, 10));
        suppress_secondary(
            &values,
            &mut hidden,
            &[Group {
                total: 0,
                parts: vec![1, 2, 3],
            }],
        );
        assert_eq!(hidden, [false, false, true, true]);
    }

    #[test]
    fn a_lone_hidden_part_takes_its_total_along() {
        let values = [7.0, 7.0];
        let hidden = values.map(|value| is_small_count(value, 10));
        assert_eq!(hidden, [true, true]);
        let values = [12.0, 5.0];
        let mut hidden = values.map(|value| is_small_count(value, 10));
        suppress_secondary(
            &values,
            &mut hidden,
            &[Group {
                total: 0,
                parts: vec![1],
            }],
        );
        assert_eq!(hidden, [true, true]);
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// A table of neighbourhoods × categories with row totals, column totals and a grand
        /// total, as the report has (neighbourhoods × rungs): after suppression no group has
        /// one hidden member, and the attacker recovers nothing.
        #[test]
        fn no_hidden_cell_can_be_recovered(
            table in proptest::collection::vec(proptest::collection::vec(0_u32..40, 1..6_usize), 1..6_usize),
            min_cell in 2_u32..15,
        ) {
            let columns = table.iter().map(Vec::len).min().unwrap_or(1);
            let rows = table.len();
            // Layout: inner cells row-major, then row totals, then column totals, then grand total.
            let mut values: Vec<f64> = table.iter().flat_map(|row| row[..columns].iter().map(|&v| f64::from(v))).collect();
            let inner = |r: usize, c: usize| r * columns + c;
            let row_total = |r: usize| rows * columns + r;
            let column_total = |c: usize| rows * columns + rows + c;
            let grand = rows * columns + rows + columns;
            for r in 0..rows { values.push((0..columns).map(|c| values[inner(r, c)]).sum()); }
            for c in 0..columns { values.push((0..rows).map(|r| values[inner(r, c)]).sum()); }
            values.push((0..rows).map(|r| values[row_total(r)]).sum());
            let mut groups: Vec<Group> = (0..rows).map(|r| Group { total: row_total(r), parts: (0..columns).map(|c| inner(r, c)).collect() }).collect();
            groups.extend((0..columns).map(|c| Group { total: column_total(c), parts: (0..rows).map(|r| inner(r, c)).collect() }));
            groups.push(Group { total: grand, parts: (0..rows).map(row_total).collect() });
            groups.push(Group { total: grand, parts: (0..columns).map(column_total).collect() });

            let mut hidden: Vec<bool> = values.iter().map(|&value| is_small_count(value, min_cell)).collect();
            let primary = hidden.clone();
            suppress_secondary(&values, &mut hidden, &groups);
            for (cell, was_hidden) in primary.iter().enumerate() {
                proptest::prop_assert!(!was_hidden || hidden[cell], "primary suppression was undone");
            }
            for group in &groups {
                let hidden_members = std::iter::once(group.total).chain(group.parts.iter().copied()).filter(|&cell| hidden[cell]).count();
                proptest::prop_assert_ne!(hidden_members, 1);
            }
            proptest::prop_assert!(recoverable(&values, &hidden, &groups).is_empty());
        }
    }
}
