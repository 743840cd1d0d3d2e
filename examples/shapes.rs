//! Prints the geometry of named nodes of a model (a debugging aid).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let m = regflow::model::load_file(std::path::Path::new(&args[1])).expect("model loads");
    let d = regflow::layout::layout(
        &m.process,
        &regflow::layout::Options {
            lang: m.process.lang,
            orientation: None,
        },
    );
    for s in &d.shapes {
        if args[2..].contains(&s.id) {
            println!(
                "{} kind {:?} lane {} bounds {:?} body {:?}",
                s.id, s.kind, s.lane, s.bounds, s.body
            );
        }
    }
    for e in &d.edges {
        let (a, b) = (&d.shapes[e.from].id, &d.shapes[e.to].id);
        if args[2..].contains(a) || args[2..].contains(b) {
            println!("{a}->{b} back={} {:?}", e.back, e.points);
        }
    }
}
