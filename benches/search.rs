//! Search at scale, figures only (no budgets asserted):
//! `cargo bench --bench search`. A 10k-critère, 10k-note portfolio whose
//! notes carry 100 000 more distinct words: the index's build time and
//! size, the streamed search (`livret search`, and the overlay while the
//! index is being built), and each keystroke of a query typed char by char.

#[path = "support/fixture.rs"]
mod fixture;

use std::hint::black_box;
use std::time::{Duration, Instant};

use livret::search::{Index, search_stream};
use livret::store::{DataDir, load_catalog, load_portfolio};

const SCALE: usize = 10_000;
const EXTRA_WORDS: usize = 100_000;
const QUERY: &str = "strategie commerciale";
const LIMIT: usize = 50;

/// A distinct pseudo-word for each `n`: syllables in base 20.
fn word(mut n: usize) -> String {
    const SYLLABLES: [&str; 20] = [
        "ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo", "cha",
        "pre", "tri", "blo", "gna", "que",
    ];
    let mut out = String::from("x");
    loop {
        out.push_str(SYLLABLES[n % 20]);
        n /= 20;
        if n == 0 {
            return out;
        }
    }
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let begin = Instant::now();
                black_box(f());
                begin.elapsed()
            })
            .collect(),
    )
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    let certification = fixture::certification(SCALE, 1);
    let mut portfolio = fixture::portfolio(&certification, SCALE, 1);
    // What `livret search` does before searching: read the catalog and
    // the portfolio (the same 10k data, before the extra words).
    let dir = tempfile::tempdir().expect("temporary dir");
    fixture::write_data_dir(
        dir.path(),
        Some(&certification),
        std::slice::from_ref(&portfolio),
        fixture::ID,
    )
    .expect("the fixture is written");
    let data = DataDir::new(dir.path());
    let catalog = time(5, || load_catalog(&data));
    let parse = time(5, || load_portfolio(&data, fixture::ID));
    let streamed = time(5, || search_stream(&certification, &portfolio, QUERY, 20));
    let old = time(3, || {
        Index::new(&certification, &portfolio)
            .search(QUERY, 20, &portfolio)
            .len()
    });
    println!(
        "livret search « {QUERY} » at 10k, in process: catalog {catalog:.1?} + portfolio {parse:.1?} \
         + streamed search {streamed:.1?} (an index built for it, as before: {old:.1?})"
    );
    // The vocabulary of a long-lived portfolio: names, places, jargon.
    let per_note = EXTRA_WORDS / SCALE;
    let mut n = 0;
    for work in portfolio.criteres.values_mut() {
        for note in &mut std::sync::Arc::make_mut(work).notes {
            let mut text = note.text.to_string();
            for _ in 0..per_note {
                text.push(' ');
                text.push_str(&word(n));
                n += 1;
            }
            note.text = text.into();
        }
    }
    let text_mib = portfolio
        .criteres
        .values()
        .flat_map(|w| &w.notes)
        .map(|n| n.text.len())
        .sum::<usize>() as f64
        / (1024.0 * 1024.0);
    println!(
        "10k critères, {} notes, {text_mib:.1} MiB of note text",
        portfolio.note_count()
    );

    let before = rss_kib();
    let index = Index::new(&certification, &portfolio);
    let after = rss_kib();
    println!(
        "index: {index:?}, about {} KiB resident",
        after.saturating_sub(before)
    );
    drop(index);
    let build = time(5, || Index::new(&certification, &portfolio));
    println!("index build (median of 5): {build:.1?}");

    for query in [QUERY, "s", "c1", "negociation"] {
        let streamed = time(7, || {
            search_stream(&certification, &portfolio, query, LIMIT)
        });
        println!("streamed search « {query} » (median of 7): {streamed:.1?}");
    }

    let index = Index::new(&certification, &portfolio);
    let chars: Vec<char> = QUERY.chars().collect();
    println!("keystrokes of « {QUERY} », median of 9 typings (index / streamed):");
    let mut runs: Vec<Vec<Duration>> = vec![Vec::new(); chars.len()];
    for _ in 0..9 {
        index.forget_typed();
        for end in 1..=chars.len() {
            let prefix: String = chars[..end].iter().collect();
            let begin = Instant::now();
            black_box(index.search(&prefix, LIMIT, &portfolio));
            runs[end - 1].push(begin.elapsed());
        }
    }
    let mut worst = Duration::ZERO;
    for (end, runs) in runs.into_iter().enumerate() {
        let prefix: String = chars[..=end].iter().collect();
        let key = median(runs);
        worst = worst.max(key);
        let streamed = time(3, || {
            search_stream(&certification, &portfolio, &prefix, LIMIT)
        });
        println!("  « {prefix} »: {key:.2?} / {streamed:.1?}");
    }
    println!("slowest keystroke with the index: {worst:.2?}");
}
