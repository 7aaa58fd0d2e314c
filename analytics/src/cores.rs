//! Work shared out over the machine's cores. Natively each share runs on a thread of its
//! own; in the browser a module has one thread (`available_parallelism` fails there), so the
//! same calls run one after the other.

/// Cores to work on; 1 where the platform cannot say (wasm32 in the browser).
pub(crate) fn available() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// `first()` and `second()`, on two threads where there are cores for both.
pub(crate) fn alongside<A: Send, B: Send>(
    first: impl FnOnce() -> A + Send,
    second: impl FnOnce() -> B + Send,
) -> (A, B) {
    if available() < 2 {
        return (first(), second());
    }
    std::thread::scope(|scope| {
        let second = scope.spawn(second);
        let first = first();
        (first, second.join().expect("a worker thread panicked"))
    })
}

/// `work` done for every item, on up to one thread per core, the answers in the items' order.
/// Items are dealt out in turn (thread `t` takes items `t`, `t + threads`, …), so that items
/// of a similar cost, which stand together, are spread over the threads.
pub(crate) fn each<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = available().min(items.len());
    if threads < 2 {
        return items.iter().map(work).collect();
    }
    let work = &work;
    let dealt = |thread: usize| -> Vec<R> {
        items
            .iter()
            .skip(thread)
            .step_by(threads)
            .map(work)
            .collect()
    };
    let mut shares: Vec<std::vec::IntoIter<R>> = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads)
            .map(|thread| scope.spawn(move || dealt(thread)))
            .collect();
        let mut shares = vec![dealt(0).into_iter()];
        shares.extend(
            others
                .into_iter()
                .map(|other| other.join().expect("a worker thread panicked").into_iter()),
        );
        shares
    });
    (0..items.len())
        .map(|item| {
            shares[item % threads]
                .next()
                .expect("every share has an answer per item dealt to it")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_answers_in_the_order_of_the_items() {
        let items: Vec<u64> = (0..23).collect();
        let squares = each(&items, |item| item * item);
        assert_eq!(
            squares,
            items.iter().map(|item| item * item).collect::<Vec<_>>()
        );
        assert!(each(&[] as &[u64], |item| *item).is_empty());
    }

    #[test]
    fn alongside_gives_both_answers_in_place() {
        assert_eq!(alongside(|| 1, || "two"), (1, "two"));
    }
}
