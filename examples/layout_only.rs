//! Lays one model out N times (for profiling the layout alone).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let m = regflow::model::load_file(std::path::Path::new(&args[1])).expect("model loads");
    let times: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    let opts = regflow::layout::Options {
        lang: m.process.lang,
        orientation: None,
    };
    let mut edges = 0;
    for _ in 0..times {
        edges += regflow::layout::layout(&m.process, &opts).edges.len();
    }
    println!("{edges}");
}
