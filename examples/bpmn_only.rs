//! Lays one model out once and writes its BPMN N times: the export's time
//! alone (`cargo run --release --example bpmn_only -- gen5000.ron 20`).
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
    let mut best = std::time::Duration::MAX;
    let mut bytes = 0;
    for _ in 0..times {
        let t = std::time::Instant::now();
        bytes = regflow::render::bpmn::bpmn(&m.process, &d, lang).len();
        best = best.min(t.elapsed());
    }
    println!("{bytes} bytes, best of {times}: {best:?}");
}
