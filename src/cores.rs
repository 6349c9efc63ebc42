//! Work shared between the cores: the same thing done to many independent
//! items (the notes whose words are counted, the candidates of a cohort).

/// `each` applied to every item, on as many threads as there are cores;
/// the answers in the items' order.
pub(crate) fn on_every_core<T: Send, R: Send>(
    items: &mut [T],
    each: impl Fn(&mut T) -> R + Sync,
) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores == 1 || items.len() < 2 {
        return items.iter_mut().map(each).collect();
    }
    let (share, each) = (items.len().div_ceil(cores), &each);
    std::thread::scope(|scope| {
        let threads: Vec<_> = items
            .chunks_mut(share)
            .map(|part| scope.spawn(move || part.iter_mut().map(each).collect::<Vec<_>>()))
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_item_is_done_once_in_order() {
        let mut items: Vec<usize> = (0..1001).collect();
        let doubled = super::on_every_core(&mut items, |n| {
            *n += 1;
            *n * 2
        });
        assert_eq!(items, (1..1002).collect::<Vec<_>>());
        assert_eq!(doubled, (1..1002).map(|n| n * 2).collect::<Vec<_>>());
        assert!(super::on_every_core(&mut Vec::<u8>::new(), |_| 0).is_empty());
    }
}
