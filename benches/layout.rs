//! `cargo bench`: layout and rendering times for generated models of 10,
//! 100, 1000 and 5000 procedures (median of several runs), with the
//! layout figures, so speed and quality are read side by side.

use regflow::generate::{self, Spec};
use regflow::layout::{self, metrics, Options};
use regflow::model::Lang;
use regflow::render::{html, legend, pdf, png, svg};
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    (median(times), last.expect("at least one run"))
}

fn main() {
    // `cargo bench -- --quick` (or BENCH_QUICK=1) runs only the smallest size.
    let quick =
        std::env::args().any(|a| a == "--quick") || std::env::var_os("BENCH_QUICK").is_some();
    let sizes: &[usize] = if quick { &[10] } else { &[10, 100, 1000, 5000] };
    println!(
        "{:>6} {:>6} {:>6} {:>11} {:>11} {:>11} {:>11} {:>11} {:>6} {:>9} {:>7} {:>12}",
        "nodes",
        "lanes",
        "edges",
        "layout",
        "svg",
        "png@96dpi",
        "pdf",
        "html",
        "pages",
        "crossings",
        "bends",
        "compactness"
    );
    for &n in sizes {
        let p = generate::process(Spec {
            seed: 42,
            nodes: n,
            lanes: match n {
                0..=10 => 3,
                11..=100 => 5,
                101..=1000 => 8,
                _ => 12,
            },
            max_label: 80,
            loops_percent: 5,
        });
        let runs = if n >= 1000 { 3 } else { 9 };
        let opts = Options {
            lang: Lang::Ru,
            orientation: None,
        };
        let (t_layout, d) = time(runs, || layout::layout(&p, &opts));
        let (t_svg, text) = time(runs, || {
            svg::diagram(&d, "bench", "bench", svg::TextMode::Plain, None)
        });
        // Rasterising a 5000-step diagram makes a huge bitmap; time it up to 1000.
        let t_png = if n <= 1000 {
            let (t, r) = time(if n >= 1000 { 1 } else { 3 }, || {
                png::png(&text, 96.0).map(|b| b.len())
            });
            r.ok().map(|_| t)
        } else {
            None
        };
        let legend = legend::document(&p, Lang::Ru, false, svg::TextMode::Plain);
        let (t_pdf, printed) = time(if n >= 1000 { 1 } else { 3 }, || {
            pdf::pdf(
                &d,
                &legend,
                "bench",
                "bench",
                Lang::Ru,
                pdf::Paper::A4,
                pdf::date::FIXED,
            )
            .expect("PDF")
        });
        // The page inlines the diagram and the legend with their fonts.
        let embedded = svg::diagram(&d, "bench", "bench", svg::TextMode::Embedded, None);
        let legend_embedded = legend::document(&p, Lang::Ru, false, svg::TextMode::Embedded);
        let site = html::Site::alone("bench");
        let (t_html, _) = time(runs, || {
            let drawn = html::Drawn {
                process: &p,
                layout: &d,
                svg: &embedded,
                legend: &legend_embedded,
            };
            let fragment = html::fragment(&drawn, Lang::Ru, &site);
            html::model_page(&p, Lang::Ru, &fragment, &site)
        });
        let pages = String::from_utf8_lossy(&printed.bytes)
            .matches("/Type/Page/")
            .count();
        let m = metrics::measure(&d);
        assert_eq!(m.defects(), 0, "layout defects at {n} nodes: {m:?}");
        println!(
            "{:>6} {:>6} {:>6} {:>11} {:>11} {:>11} {:>11} {:>11} {:>6} {:>9} {:>7} {:>12.3}",
            p.nodes.len(),
            p.lanes.len(),
            d.edges.len(),
            format!("{:.2?}", t_layout),
            format!("{:.2?}", t_svg),
            t_png.map_or("-".to_string(), |t| format!("{t:.2?}")),
            format!("{t_pdf:.2?}"),
            format!("{t_html:.2?}"),
            pages,
            m.edge_crossings,
            m.bends,
            m.compactness
        );
    }
    // Where the layout's time goes: each step, median of the runs, and the
    // figures (`regflow metrics`), which must not cost more than the layout.
    println!("\nlayout steps (median):");
    for &n in sizes {
        let p = generate::process(Spec {
            seed: 42,
            nodes: n,
            lanes: match n {
                0..=10 => 3,
                11..=100 => 5,
                101..=1000 => 8,
                _ => 12,
            },
            max_label: 80,
            loops_percent: 5,
        });
        let opts = Options {
            lang: Lang::Ru,
            orientation: None,
        };
        let runs = if n >= 1000 { 3 } else { 9 };
        let mut per: Vec<(&'static str, Vec<Duration>)> = Vec::new();
        let mut last = None;
        for _ in 0..runs {
            let (d, stages) = layout::layout_timed(&p, &opts);
            for (k, (name, t)) in stages.into_iter().enumerate() {
                if per.len() <= k {
                    per.push((name, Vec::new()));
                }
                per[k].1.push(t);
            }
            last = Some(d);
        }
        let d = last.expect("at least one run");
        let (t_metrics, _) = time(runs, || metrics::measure(&d));
        let steps: Vec<String> = per
            .into_iter()
            .map(|(name, v)| format!("{name} {:.2?}", median(v)))
            .collect();
        println!("{n:>6}: {}; metrics {t_metrics:.2?}", steps.join("; "));
    }
}
