//! Lays one model out once and writes its SVG N times, with and without
//! the embedded font: the SVG writer's time alone
//! (`cargo run --release --example svg_only -- gen5000.ron 20`).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let m = regflow::model::load_file(std::path::Path::new(&args[1])).expect("model loads");
    let times: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    let lang = m.process.lang;
    let opts = regflow::layout::Options {
        lang,
        orientation: None,
    };
    let d = regflow::layout::layout(&m.process, &opts);
    for mode in [
        regflow::render::TextMode::Plain,
        regflow::render::TextMode::Embedded,
    ] {
        let mut all = Vec::new();
        let mut bytes = 0;
        for _ in 0..times {
            let t = std::time::Instant::now();
            bytes = regflow::render::svg::diagram_in(&d, lang, "t", "d", mode, None).len();
            all.push(t.elapsed());
        }
        all.sort();
        println!(
            "{mode:?}: {bytes} bytes, of {times}: best {:?}, median {:?}",
            all[0],
            all[times / 2]
        );
    }
}
