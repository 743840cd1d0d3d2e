//! Print: A4 pages as legal staff attach them to a regulation. Read back
//! with poppler (pdfinfo, pdftotext, pdffonts), as a user's viewer would.

use regflow::generate::{self, Spec};
use regflow::layout::{self, Diagram, Options, Rect};
use regflow::model::{self, Lang, Orientation, Process};
use regflow::render::pdf::{paginate, Slice};
use std::path::{Path, PathBuf};
use std::process::Command;

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("regflow-pdf-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn model_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models")
        .join(name)
}

/// Renders `model` to PDF through the CLI; the file's path.
fn render_pdf(model: &Path, dir: &Path, extra: &[&str]) -> PathBuf {
    let st = Command::new(env!("CARGO_BIN_EXE_regflow"))
        .arg("render")
        .arg(model)
        .args(["--format", "pdf", "-o"])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    // A language other than the model's own is named for it (X.kk.pdf);
    // every model rendered here is written in Russian.
    let lang = if extra.windows(2).any(|w| w == ["--lang", "kk"]) {
        ".kk"
    } else {
        ""
    };
    let stem = model.file_stem().unwrap().to_string_lossy();
    dir.join(format!("{stem}{lang}.pdf"))
}

fn tool(cmd: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(cmd)
        .args(args)
        .arg(pdf)
        .args(if cmd == "pdftotext" { &["-"][..] } else { &[] })
        .output()
        .unwrap_or_else(|e| panic!("{cmd} (poppler-utils; scripts/setup.sh installs it): {e}"));
    assert!(
        out.status.success(),
        "{cmd}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// pdfinfo's figures: pages and the size of the first page.
fn info(pdf: &Path) -> (usize, String) {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let field = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .map(|l| l[name.len()..].trim().to_string())
            .unwrap_or_default()
    };
    (field("Pages:").parse().unwrap(), field("Page size:"))
}

fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    tool("pdftotext", &["-f", &p, "-l", &p], pdf)
}

#[test]
fn a_long_table_continues_on_a4_pages_under_its_lane_headers() {
    let dir = tmp("long");
    let pdf = render_pdf(
        &model_path("kyzylorda-1-adresnaya-pomoshch-center.ron"),
        &dir,
        &[],
    );
    let (pages, size) = info(&pdf);
    assert!(pages >= 3, "two pages of diagram and the legend: {pages}");
    assert!(size.contains("(A4)"), "{size}");
    let first = page_text(&pdf, 1);
    assert!(
        first.contains("Назначение государственной адресной"),
        "the title: {first}"
    );
    assert!(!first.contains("Продолжение таблицы"));
    let p = model::load_file(&model_path("kyzylorda-1-adresnaya-pomoshch-center.ron"))
        .unwrap()
        .process;
    for page in 2..pages {
        let text = page_text(&pdf, page);
        assert!(text.contains("Продолжение таблицы"), "page {page}: {text}");
        // Every lane's header again: its first word at least (headers wrap).
        for lane in &p.lanes {
            let word = lane
                .name
                .get(Lang::Ru, Lang::Ru)
                .split_whitespace()
                .next()
                .unwrap();
            assert!(text.contains(word), "page {page} lacks lane {word}: {text}");
        }
    }
    let last = page_text(&pdf, pages);
    assert!(last.contains("Условные обозначения"), "{last}");
    // Every step's number is printed somewhere.
    let all = tool("pdftotext", &[], &pdf);
    for n in p.nodes.iter().filter_map(|n| n.number()) {
        assert!(
            all.split_whitespace().any(|w| w == n),
            "step {n} is missing from the text"
        );
    }
    // Real, embedded text in the bundled font.
    let fonts = tool("pdffonts", &[], &pdf);
    assert!(
        fonts.contains("PTSans-Regular") && fonts.contains("PTSans-Bold"),
        "{fonts}"
    );
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes yes yes ")),
        "embedded, subset, with Unicode: {fonts}"
    );
}

#[test]
fn kazakh_and_the_bpmn_form_print_too() {
    let dir = tmp("kk");
    // A bilingual model in Kazakh (a Russian-only one is refused with --lang kk).
    let pdf = render_pdf(
        &model_path("mzhumabaev-deti-invalidy-mio.ron"),
        &dir,
        &["--lang", "kk", "--orientation", "table"],
    );
    let (pages, _) = info(&pdf);
    let text = tool("pdftotext", &[], &pdf);
    assert!(text.contains("Кестенің жалғасы"), "{text}");
    assert!(text.contains("Кесте. Шартты белгілер"), "{text}");
    assert!(page_text(&pdf, pages).contains("Шартты белгілер"));
    let dir = tmp("bpmn");
    let pdf = render_pdf(
        &model_path("mzhumabaev-deti-invalidy-portal.ron"),
        &dir,
        &["--orientation", "bpmn"],
    );
    let (pages, _) = info(&pdf);
    assert!(pages >= 2, "{pages}");
    let first = page_text(&pdf, 1);
    assert!(
        first.contains("Оформление документов"),
        "the title: {first}"
    );
    assert!(page_text(&pdf, 2).contains("Продолжение схемы"));
}

#[test]
fn paper_turns_only_when_the_lanes_need_it() {
    let size = |model: &Path, o: &str| {
        let dir = tmp(&format!(
            "turn-{}-{o}",
            model.file_stem().unwrap().to_string_lossy()
        ));
        info(&render_pdf(model, &dir, &["--orientation", o])).1
    };
    let narrow = tmp("narrow").join("narrow.ron");
    std::fs::write(
        &narrow,
        r#"Process(service: "Узкая", lanes: [Lane(id: "a", name: "Исполнитель")], nodes: [
            Start(lane: "a"), Step(n: "1", lane: "a", text: "Принимает документы"), End(lane: "a")])"#,
    )
    .unwrap();
    // One lane: the table form on portrait paper, the BPMN form landscape.
    let (portrait, landscape) = ("595.28 x 841.89", "841.89 x 595.28");
    assert!(size(&narrow, "table").starts_with(portrait));
    assert!(size(&narrow, "bpmn").starts_with(landscape));
    // Seven lanes side by side are wider than a portrait page.
    assert!(size(
        &model_path("kyzylorda-1-adresnaya-pomoshch-center.ron"),
        "table"
    )
    .starts_with(landscape));
}

#[test]
fn the_same_model_gives_the_same_pdf() {
    let (a, b) = (tmp("same-a"), tmp("same-b"));
    let m = model_path("mzhumabaev-deti-invalidy-mio.ron");
    let pa = std::fs::read(render_pdf(&m, &a, &[])).unwrap();
    let pb = std::fs::read(render_pdf(&m, &b, &[])).unwrap();
    assert!(pa.starts_with(b"%PDF-"));
    assert!(pa == pb, "two renders differ");
}

fn along(d: &Diagram, r: &Rect) -> (f64, f64) {
    if d.orientation == Orientation::Table {
        (r.y, r.y + r.h)
    } else {
        (r.x, r.x + r.w)
    }
}

/// The pieces cover the diagram end to end, each fits its page, and no
/// cut passes through a shape or a label.
fn check_cuts(name: &str, p: &Process, o: Orientation, first: f64, rest: f64) {
    let d = layout::layout(
        p,
        &Options {
            lang: Lang::Ru,
            orientation: Some(o),
        },
    );
    let len = if o == Orientation::Table {
        d.height
    } else {
        d.width
    };
    let slices: Vec<Slice> = paginate(&d, len, first, rest);
    assert_eq!(slices[0].from, 0.0);
    assert_eq!(slices.last().unwrap().to, len);
    for (i, s) in slices.iter().enumerate() {
        assert!(s.to > s.from, "{name}: empty piece {s:?}");
        let room = if i == 0 { first } else { rest };
        assert!(
            s.to - s.from <= room + 1e-6,
            "{name}: piece {s:?} over {room}"
        );
        if i > 0 {
            assert_eq!(s.from, slices[i - 1].to);
        }
    }
    let things = d
        .shapes
        .iter()
        .map(|s| (s.id.clone(), along(&d, &s.bounds)))
        .chain(d.edges.iter().filter_map(|e| {
            e.label
                .as_ref()
                .map(|l| (l.lines.join(" "), along(&d, &l.rect)))
        }));
    for (what, (a, b)) in things {
        for s in &slices[..slices.len() - 1] {
            assert!(
                !(a < s.to && s.to < b),
                "{name}: the cut at {} passes through {what} ({a}–{b})",
                s.to
            );
        }
    }
}

#[test]
fn cuts_pass_between_shapes_never_through_them() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    for f in regflow::check::model_files(&dir).unwrap() {
        let p = model::load_file(&f).unwrap().process;
        let name = f.display().to_string();
        for o in [Orientation::Table, Orientation::Bpmn] {
            // A4 at natural size, and at a larger scale.
            check_cuts(&name, &p, o, 1046.0, 960.0);
            check_cuts(&name, &p, o, 600.0, 520.0);
        }
    }
    for seed in 0..20 {
        let p = generate::process(Spec {
            seed,
            nodes: 30 + 10 * seed as usize,
            lanes: 2 + seed as usize % 6,
            max_label: 80,
            loops_percent: 5,
        });
        for o in [Orientation::Table, Orientation::Bpmn] {
            check_cuts(&format!("generated {seed}"), &p, o, 1046.0, 960.0);
        }
    }
}

/// A table too wide to print readably on A4 gets a warning that says how
/// small its text comes out and what prints larger; the batch still writes it.
#[test]
fn a_too_wide_table_is_written_with_a_warning() {
    let run = |model: &Path, dir: &Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_regflow"))
            .arg("render")
            .arg(model)
            .args(["--format", "pdf", "-o"])
            .arg(dir)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stderr).unwrap()
    };
    let dir = tmp("wide");
    let err = run(
        &model_path("almaty-16-inostrannaya-rabsila-provider.ron"),
        &dir,
    );
    assert!(
        err.contains("almaty-16-inostrannaya-rabsila-provider.ron: warning:"),
        "{err}"
    );
    assert!(
        err.contains("3.6 pt") && err.contains("--orientation bpmn"),
        "{err}"
    );
    assert!(dir
        .join("almaty-16-inostrannaya-rabsila-provider.pdf")
        .is_file());
    let err = run(&model_path("almaty-01-yadernye-ispytaniya-gk.ron"), &dir);
    assert!(!err.contains("warning"), "{err}");
}
