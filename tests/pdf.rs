//! Print: A4 pages as legal staff attach them to a regulation. Read back
//! with poppler (pdfinfo, pdftotext, pdffonts), as a user's viewer would.

use regflow::generate::{self, Spec};
use regflow::layout::{self, Diagram, Options, Rect};
use regflow::model::{self, Lang, Orientation, Process};
use regflow::render::pdf::{paginate, Slice};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A folder of its own for one test, removed when the test is done (kept
/// when it fails, to look at what was written).
struct Tmp(PathBuf);

impl std::ops::Deref for Tmp {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Tmp {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for Tmp {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl Drop for Tmp {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn tmp(name: &str) -> Tmp {
    let d = std::env::temp_dir().join(format!("regflow-pdf-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    Tmp(d)
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
    // Seven lanes print readably only in the BPMN form, so the gallery
    // prints that; the table form, when asked for, still continues (the
    // Центр variant, whose choices now leave from their corners, fits on
    // one page: the аким one, longer, still takes two).
    let pdf = render_pdf(
        &model_path("kyzylorda-1-adresnaya-pomoshch-akim.ron"),
        &dir,
        &["--orientation", "table"],
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
    let p = model::load_file(&model_path("kyzylorda-1-adresnaya-pomoshch-akim.ron"))
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
    let narrow_dir = tmp("narrow");
    let narrow = narrow_dir.join("narrow.ron");
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

/// A table asked for in a form too wide to print readably on A4 gets a
/// warning that says how small its text comes out and what prints larger;
/// the batch still writes it, unless `--strict`.
#[test]
fn a_too_wide_table_is_written_with_a_warning_or_refused_when_strict() {
    let run = |model: &Path, dir: &Path, extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_regflow"))
            .arg("render")
            .arg(model)
            .args(["--format", "pdf", "-o"])
            .arg(dir)
            .args(extra)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    let dir = tmp("wide");
    let wide = model_path("almaty-16-inostrannaya-rabsila-provider.ron");
    let (code, err) = run(&wide, &dir, &["--orientation", "table"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("almaty-16-inostrannaya-rabsila-provider.ron: warning:"),
        "{err}"
    );
    assert!(
        err.contains("--orientation bpmn") && err.contains("--paper a3"),
        "{err}"
    );
    // The size the warning names: «prints at 3.7 pt on A4».
    let said: f64 = err
        .split("prints at ")
        .nth(1)
        .and_then(|s| s.split(" pt").next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no size in the warning: {err}"));
    assert!(said < 7.0, "{err}");
    let pdf = dir.join("almaty-16-inostrannaya-rabsila-provider.pdf");
    assert!(pdf.is_file());
    assert!(
        (smallest_pt(&pdf).0 - said).abs() < 0.1,
        "the warning says what the PDF prints: {said} pt against {:.2} pt",
        smallest_pt(&pdf).0
    );
    std::fs::remove_file(&pdf).unwrap();
    let (code, err) = run(&wide, &dir, &["--orientation", "table", "--strict"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("--strict"), "{err}");
    assert!(!pdf.exists(), "nothing is written when --strict refuses");
    // Left to choose, the same model prints readably, with no warning.
    let (code, err) = run(&wide, &dir, &["--strict"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("warning"), "{err}");
    assert!(smallest_pt(&pdf).0 >= 7.0);
}

/// PT Sans's height from descender to ascender, per point of size: what
/// poppler reports as a word's box height.
fn em_height() -> f64 {
    let face = ttf_parser::Face::parse(regflow::font::REGULAR, 0).unwrap();
    f64::from(face.ascender() - face.descender()) / f64::from(face.units_per_em())
}

/// The words of each page with their boxes (x0, y0, x1, y1), as poppler reads them.
fn words(pdf: &Path) -> Vec<Vec<(String, [f64; 4])>> {
    let xml = tool("pdftotext", &["-bbox"], pdf);
    let mut pages = Vec::new();
    for page in xml.split("<page ").skip(1) {
        let mut ws = Vec::new();
        for w in page.split("<word ").skip(1) {
            let attr = |name: &str| -> f64 {
                let i = w.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                w[i..i + w[i..].find('"').unwrap()].parse().unwrap()
            };
            let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
            ws.push((
                text.to_string(),
                [attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax")],
            ));
        }
        pages.push(ws);
    }
    pages
}

/// The smallest size any word prints at in `pdf`, in points, and that word
/// with its page: font size × transformation as the viewer places it (no
/// text is rotated, so a word's box height is its size × the font's height).
fn smallest_pt(pdf: &Path) -> (f64, String) {
    let em = em_height();
    let mut least = (f64::INFINITY, String::new());
    for (i, page) in words(pdf).iter().enumerate() {
        for (w, b) in page {
            let pt = (b[3] - b[1]) / em;
            if pt < least.0 {
                least = (pt, format!("«{w}» on page {}", i + 1));
            }
        }
    }
    least
}

/// The gallery as CI renders it: no text of any size (step numbers,
/// durations, да/нет, end results, the source line, the legend) prints
/// under 7 pt on any page of any model, measured in the PDFs themselves;
/// and `render` says nothing about small print.
#[test]
fn no_text_in_the_gallery_prints_under_7_pt() {
    let dir = tmp("gallery");
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let out = Command::new(env!("CARGO_BIN_EXE_regflow"))
        .arg("render")
        .arg(&models)
        .args(["--format", "pdf", "--strict", "-o"])
        .arg(&dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !err.contains("warning"), "{err}");
    // The measure itself: the 9-pt «Продолжение» note reads back as 9 pt.
    let long = dir.join("mzhumabaev-deti-invalidy-portal.pdf");
    let em = em_height();
    let note = words(&long)[1]
        .iter()
        .find(|(w, _)| w.starts_with("Продолжение"))
        .map(|(_, b)| (b[3] - b[1]) / em)
        .expect("page 2 continues the diagram");
    assert!((note - 9.0).abs() < 0.05, "the note measures {note} pt");
    let mut sizes = Vec::new();
    for f in regflow::check::model_files(&models).unwrap() {
        let pdf = dir.join(f.file_stem().unwrap()).with_extension("pdf");
        let (pt, what) = smallest_pt(&pdf);
        assert!(pt >= 7.0, "{}: {what} prints at {pt:.2} pt", pdf.display());
        sizes.push(pt);
    }
    assert_eq!(sizes.len(), 52);
}

/// `--paper a3` prints on A3, and a diagram whose lanes fill the page's
/// width prints larger on it.
#[test]
fn a3_prints_larger() {
    let m = model_path("kyzylorda-1-adresnaya-pomoshch-center.ron");
    let (a4, a3) = (tmp("paper-a4"), tmp("paper-a3"));
    let on_a4 = render_pdf(&m, &a4, &["--orientation", "table"]);
    let on_a3 = render_pdf(&m, &a3, &["--orientation", "table", "--paper", "a3"]);
    assert!(info(&on_a3).1.contains("(A3)"), "{}", info(&on_a3).1);
    let (small, large) = (smallest_pt(&on_a4).0, smallest_pt(&on_a3).0);
    assert!(large > small * 1.3, "{small} pt on A4, {large} pt on A3");
}

/// The words of `text`, cut after hyphens too: a line may break there,
/// and pdftotext then gives the halves as two words.
fn split_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .flat_map(|w| w.split_inclusive('-'))
        .map(str::to_string)
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every word a piece of the diagram shows.
fn shown(d: &Diagram) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |lines: &[String]| {
        for l in lines {
            out.extend(split_words(l));
        }
    };
    for t in &d.title {
        add(&t.lines);
    }
    for l in &d.lanes {
        add(&l.title.lines);
    }
    for e in &d.edges {
        if let Some(l) = &e.label {
            add(&l.lines);
        }
    }
    for s in &d.shapes {
        add(&s
            .number
            .iter()
            .chain(&s.duration)
            .cloned()
            .collect::<Vec<_>>());
        for t in &s.text {
            add(&t.lines);
        }
    }
    out
}

/// The words of an SVG's `<text>` elements.
fn svg_words(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in svg.split("<text").skip(1) {
        let (Some(a), Some(b)) = (part.find('>'), part.find("</text>")) else {
            continue;
        };
        out.extend(split_words(&unescape(&part[a + 1..b])));
    }
    out
}

fn count(words: &[String]) -> std::collections::BTreeMap<&str, usize> {
    let mut m = std::collections::BTreeMap::new();
    for w in words {
        *m.entry(w.as_str()).or_insert(0) += 1;
    }
    m
}

/// Page `i`'s text layer, as pdftotext reads it in content order (`-raw`,
/// what a screen reader, copy and search get), reads as the page does:
/// the title (page 1) or the «Продолжение» note, then the lane headers
/// left to right (top to bottom in the BPMN form), then the shapes along
/// the flow, each shape's text after the one before it.
fn reads_in_order(
    name: &str,
    i: usize,
    pdf: &Path,
    piece: &Diagram,
    title: &[String],
    note: &[String],
) {
    let p = (i + 1).to_string();
    let got = split_words(&unescape(&tool(
        "pdftotext",
        &["-raw", "-f", &p, "-l", &p],
        pdf,
    )));
    let mut at = got.iter().take_while(|w| note.contains(w)).count();
    let mut want: Vec<String> = title.to_vec();
    let table = piece.orientation == Orientation::Table;
    let mut lanes: Vec<&regflow::layout::LaneBox> = piece
        .lanes
        .iter()
        .filter(|l| !l.title.lines.is_empty())
        .collect();
    lanes.sort_by(|a, b| {
        let k = |l: &regflow::layout::LaneBox| if table { l.header.x } else { l.header.y };
        k(a).total_cmp(&k(b))
    });
    for l in &lanes {
        want.extend(l.title.lines.iter().flat_map(|x| split_words(x)));
    }
    assert_eq!(
        got.get(at..at + want.len()).map(|w| w.join(" ")),
        Some(want.join(" ")),
        "{name} page {}: the text layer does not start with the title and the lane headers in order",
        i + 1
    );
    at += want.len();
    let rest = format!(" {} ", got[at..].join(" "));
    let mut cursor = 0;
    for s in &piece.shapes {
        let Some(line) = s.text.first().and_then(|t| t.lines.first()) else {
            continue;
        };
        let needle = format!(" {} ", split_words(line).join(" "));
        match rest[cursor..].find(&needle) {
            Some(k) => cursor += k + needle.len() - 1,
            None => panic!(
                "{name} page {}: «{}» is not read after the shape before it along the flow",
                i + 1,
                line
            ),
        }
    }
}

/// Each page's text layer holds what that page shows and nothing else: no
/// word of a neighbouring page clipped away, none covered, none twice;
/// held, for every model of the gallery, against the shapes, labels and
/// lane headers that page draws, with its title, its «Продолжение» note,
/// and on the last page the legend.
#[test]
fn each_pages_text_is_what_it_shows() {
    let dir = tmp("textlayer");
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let st = Command::new(env!("CARGO_BIN_EXE_regflow"))
        .arg("render")
        .arg(&models)
        .args(["--format", "pdf", "-o"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(st.status.success());
    let mut checked = 0;
    for f in regflow::check::model_files(&models).unwrap() {
        let p = model::load_file(&f).unwrap().process;
        let name = f.file_stem().unwrap().to_string_lossy().to_string();
        let pdf = dir.join(&name).with_extension("pdf");
        let d = layout::layout(
            &p,
            &Options {
                lang: p.lang,
                orientation: None,
            },
        );
        let (d, plan) =
            regflow::render::print_plan(&p, &d, p.lang, regflow::render::Paper::A4, None);
        let table = d.orientation == Orientation::Table;
        let drawn = regflow::render::pdf::pages(&d, &plan);
        let regflow::render::pdf::Connectors {
            along: connectors,
            sideways,
        } = regflow::render::pdf::connectors(&d, &plan);
        let printed = words(&pdf);
        assert!(printed.len() == drawn.len() || printed.len() == drawn.len() + 1);
        let legend = svg_words(&regflow::render::legend::document(
            &p,
            p.lang,
            false,
            regflow::render::TextMode::Plain,
        ));
        let title: Vec<String> = d
            .title
            .iter()
            .flat_map(|t| t.lines.iter())
            .flat_map(|l| split_words(l))
            .collect();
        let note = split_words(if table {
            "Продолжение таблицы Кестенің жалғасы"
        } else {
            "Продолжение схемы Сызбаның жалғасы"
        });
        // Every shape and label is printed once, on one page.
        let mut ids: Vec<&str> = drawn
            .iter()
            .flat_map(|piece| piece.shapes.iter().map(|s| s.id.as_str()))
            .collect();
        ids.sort();
        let mut all: Vec<&str> = d.shapes.iter().map(|s| s.id.as_str()).collect();
        all.sort();
        assert_eq!(ids, all, "{name}: every shape on exactly one page");
        let labels = |ds: &[&Diagram]| {
            ds.iter()
                .flat_map(|x| x.edges.iter().filter(|e| e.label.is_some()))
                .count()
        };
        assert_eq!(
            labels(&drawn.iter().collect::<Vec<_>>()),
            labels(&[&d]),
            "{name}"
        );
        for (i, page) in printed.iter().enumerate() {
            // No word lies over another (a covered word), and every word is
            // on the paper.
            for (a, (wa, ba)) in page.iter().enumerate() {
                assert!(
                    ba[0] >= 0.0 && ba[1] >= 0.0 && ba[2] <= 1190.6 && ba[3] <= 1190.6,
                    "{name} page {}: «{wa}» off the paper at {ba:?}",
                    i + 1
                );
                for (wb, bb) in &page[a + 1..] {
                    let w = (ba[2].min(bb[2]) - ba[0].max(bb[0])).max(0.0);
                    let h = (ba[3].min(bb[3]) - ba[1].max(bb[1])).max(0.0);
                    let smaller =
                        ((ba[2] - ba[0]) * (ba[3] - ba[1])).min((bb[2] - bb[0]) * (bb[3] - bb[1]));
                    assert!(
                        w * h <= 0.2 * smaller,
                        "{name} page {}: «{wa}» and «{wb}» are printed over each other",
                        i + 1
                    );
                }
            }
        }
        for (i, piece) in drawn.iter().enumerate() {
            let got: Vec<String> = printed[i]
                .iter()
                .flat_map(|(w, _)| split_words(&unescape(w)))
                .collect();
            let mut want = shown(piece);
            if i == 0 && !table {
                want.extend(title.iter().cloned());
            }
            let mut allowed = want.clone();
            if i > 0 {
                allowed.extend(note.iter().cloned());
            }
            if i + 1 == drawn.len() {
                allowed.extend(legend.iter().cloned());
            }
            // The off-page connectors' numbers, where the page breaks.
            let (slice, j) = plan.pages[i];
            let band = plan.bands[j];
            let in_band = |c: &f32| band.0 <= *c && *c < band.1;
            for b in [j.checked_sub(1), Some(j)].into_iter().flatten() {
                if let Some(list) = sideways[slice].get(b) {
                    allowed.extend(list.iter().map(|(_, n)| n.to_string()));
                }
            }
            for b in [slice.checked_sub(1), Some(slice)].into_iter().flatten() {
                if let Some(list) = connectors.get(b) {
                    allowed.extend(
                        list.iter()
                            .filter(|(c, _)| in_band(c))
                            .map(|(_, n)| n.to_string()),
                    );
                }
            }
            reads_in_order(
                &name,
                i,
                &pdf,
                piece,
                if i == 0 { &title } else { &[] },
                &note,
            );
            let (got_n, want_n, allowed_n) = (count(&got), count(&want), count(&allowed));
            for (w, n) in &want_n {
                assert!(
                    got_n.get(w).copied().unwrap_or(0) >= *n,
                    "{name} page {}: «{w}» is drawn {n}× but its text layer has it {}×",
                    i + 1,
                    got_n.get(w).copied().unwrap_or(0)
                );
            }
            for (w, n) in &got_n {
                assert!(
                    allowed_n.get(w).copied().unwrap_or(0) >= *n,
                    "{name} page {}: the text layer has «{w}» {n}×, the page shows it {}×",
                    i + 1,
                    allowed_n.get(w).copied().unwrap_or(0)
                );
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 52);
}

/// No page of any gallery PDF is one a reader turns to for nothing: each
/// shows a shape (a step, a choice or an event with its text) or the legend,
/// read from the PDF's own text against the model's shapes; and a page left
/// out because only flows passed through it breaks no flow: every connector
/// number is printed on two pages, and is in both pages' text.
#[test]
fn every_page_shows_a_shape_or_the_legend() {
    let dir = tmp("every-page");
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let st = Command::new(env!("CARGO_BIN_EXE_regflow"))
        .arg("render")
        .arg(&models)
        .args(["--format", "pdf", "--quiet", "-o"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(st.status.success());
    let (mut pages_seen, mut left_out, mut joined) = (0, 0, 0);
    for f in regflow::check::model_files(&models).unwrap() {
        let p = model::load_file(&f).unwrap().process;
        let name = f.file_stem().unwrap().to_string_lossy().to_string();
        let pdf = dir.join(&name).with_extension("pdf");
        let d = layout::layout(
            &p,
            &Options {
                lang: p.lang,
                orientation: None,
            },
        );
        let (d, plan) =
            regflow::render::print_plan(&p, &d, p.lang, regflow::render::Paper::A4, None);
        // Each shape's first line of text, as words.
        let shapes: Vec<String> = d
            .shapes
            .iter()
            .filter_map(|s| s.text.first().and_then(|t| t.lines.first()))
            .map(|l| format!(" {} ", split_words(l).join(" ")))
            .collect();
        let legend = if p.legend == model::LegendWording::FootnoteOnly {
            "структурно-функциональная"
        } else if p.lang == Lang::Kk {
            "Шартты белгілер"
        } else {
            "Условные обозначения"
        };
        // poppler reads it with no complaint but one: krilla writes the
        // `/MarkInfo <</Suspects false>>` PDF/UA asks for, and poppler up to
        // 25.11 reports every `false` there as "wrong type" (Catalog.cc tests
        // `isBool() && getBool()`, else complains).
        let out = Command::new("pdftotext")
            .arg(&pdf)
            .arg(dir.join("all.txt"))
            .output()
            .unwrap();
        let complaints: Vec<String> = String::from_utf8_lossy(&out.stderr)
            .lines()
            .filter(|l| *l != "Syntax Error: Suspects object is wrong type (boolean)")
            .map(str::to_string)
            .collect();
        assert!(
            out.status.success() && complaints.is_empty(),
            "{name}: {complaints:?}"
        );
        let (pages, _) = info(&pdf);
        let mut text = Vec::new();
        for page in 1..=pages {
            let raw = unescape(&tool(
                "pdftotext",
                &["-raw", "-f", &page.to_string(), "-l", &page.to_string()],
                &pdf,
            ));
            let flat = format!(" {} ", split_words(&raw).join(" "));
            assert!(
                shapes.iter().any(|s| flat.contains(s.as_str())) || flat.contains(legend),
                "{name}: page {page} of {pages} shows no shape and no legend: {flat}"
            );
            text.push(split_words(&raw));
            pages_seen += 1;
        }
        left_out += plan.slices.len() * plan.bands.len() - plan.pages.len();
        // Where each connector is printed: the pages on both sides of its
        // break (or boundary between groups of lanes) that are kept.
        let c = regflow::render::pdf::connectors(&d, &plan);
        let page_of = |i: usize, j: usize| plan.pages.iter().position(|&p| p == (i, j));
        let band_of = |x: f32| plan.bands.iter().position(|b| b.0 <= x && x < b.1);
        let mut on: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (i, list) in c.along.iter().enumerate() {
            for &(x, n) in list {
                let j = band_of(x).unwrap();
                on.entry(n)
                    .or_default()
                    .extend([page_of(i, j), page_of(i + 1, j)].into_iter().flatten());
            }
        }
        for (i, per) in c.sideways.iter().enumerate() {
            for (j, list) in per.iter().enumerate() {
                for &(_, n) in list {
                    on.entry(n)
                        .or_default()
                        .extend([page_of(i, j), page_of(i, j + 1)].into_iter().flatten());
                }
            }
        }
        for (n, mut at) in on {
            at.sort();
            at.dedup();
            if at.is_empty() {
                continue; // between two pages left out: joined into another
            }
            assert!(
                at.len() >= 2,
                "{name}: connector {n} is printed on page {} alone",
                at[0] + 1
            );
            for &page in &at {
                assert!(
                    text[page].contains(&n.to_string()),
                    "{name}: connector {n} is missing from page {}",
                    page + 1
                );
            }
            if plan.pages.len() < plan.slices.len() * plan.bands.len() {
                joined += 1;
            }
        }
    }
    eprintln!(
        "{pages_seen} pages, each with a shape or the legend; {left_out} pages of passing flows left out, {joined} connectors in their PDFs"
    );
    assert!(left_out >= 5, "{left_out}");
}

/// A choice is printed on the page of its outcomes wherever they fit on one
/// page: no break of any gallery PDF parts a question from its answers.
#[test]
fn a_choice_stays_with_its_outcomes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let mut groups = 0;
    for f in regflow::check::model_files(&dir).unwrap() {
        let p = model::load_file(&f).unwrap().process;
        let d = layout::layout(
            &p,
            &Options {
                lang: p.lang,
                orientation: None,
            },
        );
        let (d, plan) =
            regflow::render::print_plan(&p, &d, p.lang, regflow::render::Paper::A4, None);
        // The longest piece: about what a page holds.
        let page = plan
            .slices
            .iter()
            .map(|s| s.to - s.from)
            .fold(0.0, f64::max);
        let spans: Vec<(String, f64, f64)> = d
            .shapes
            .iter()
            .filter(|s| s.kind == model::NodeKind::Choice)
            .map(|c| {
                let (from, mut to) = along(&d, &c.bounds);
                for e in d.edges.iter().filter(|e| e.from == c.node && !e.back) {
                    let t = d.shapes.iter().find(|s| s.node == e.to).unwrap();
                    to = to.max(along(&d, &t.bounds).1);
                }
                (c.id.clone(), from, to)
            })
            .collect();
        for (id, from, to) in &spans {
            // Choices whose outcomes overlap are kept together as one; where
            // together they are longer than a page, one must part.
            let (mut lo, mut hi) = (*from, *to);
            loop {
                let (l, h) = spans
                    .iter()
                    .filter(|(_, a, b)| *a < hi && lo < *b)
                    .fold((lo, hi), |(l, h), (_, a, b)| (l.min(*a), h.max(*b)));
                if (l, h) == (lo, hi) {
                    break;
                }
                (lo, hi) = (l, h);
            }
            if hi - lo > page * 0.75 || plan.slices.len() < 2 {
                continue;
            }
            groups += 1;
            for s in &plan.slices[..plan.slices.len() - 1] {
                assert!(
                    !(*from < s.to && s.to < *to),
                    "{}: the break at {} parts choice {id} ({from}–{to}) from its outcomes",
                    f.display(),
                    s.to,
                );
            }
        }
    }
    assert!(groups > 10, "{groups} choices on pages that break");
}

/// The legend goes on the last page where there is room for it, beside or
/// after the drawing; it takes a page of its own only after a page the
/// diagram fills, never beside a sliver.
#[test]
fn the_legend_shares_the_last_page_where_it_fits() {
    let dir = tmp("legend");
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let st = Command::new(env!("CARGO_BIN_EXE_regflow"))
        .arg("render")
        .arg(&models)
        .args(["--format", "pdf", "-o"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(st.status.success());
    let (mut shared, mut own) = (0, 0);
    for f in regflow::check::model_files(&models).unwrap() {
        let p = model::load_file(&f).unwrap().process;
        let name = f.file_stem().unwrap().to_string_lossy().to_string();
        let pdf = dir.join(&name).with_extension("pdf");
        let d = layout::layout(
            &p,
            &Options {
                lang: p.lang,
                orientation: None,
            },
        );
        let (_, plan) =
            regflow::render::print_plan(&p, &d, p.lang, regflow::render::Paper::A4, None);
        let (pages, _) = info(&pdf);
        // Set D prints its footnote alone, without a heading.
        let heading = if p.legend == model::LegendWording::FootnoteOnly {
            "структурно-функциональная единица"
        } else if p.lang == Lang::Kk {
            "Шартты белгілер"
        } else {
            "Условные обозначения"
        };
        let last = page_text(&pdf, pages);
        assert!(
            last.contains(heading),
            "{name}: the legend is on the last page"
        );
        if pages == plan.pages.len() {
            shared += 1;
            continue;
        }
        own += 1;
        // The legend alone: only after a page the diagram mostly fills.
        let longest = plan
            .slices
            .iter()
            .map(|s| s.to - s.from)
            .fold(0.0, f64::max);
        let tail = plan.slices.last().map(|s| s.to - s.from).unwrap();
        assert!(
            plan.slices.len() == 1 || tail > longest / 2.0,
            "{name}: the legend has a page of its own beside a last piece {tail:.0} px long (pages hold {longest:.0})"
        );
    }
    eprintln!("legend on the last page of the diagram: {shared}; on a page of its own: {own}");
    // 17 of 52 before the legend could print smaller beside the drawing
    // (down to 7 pt) rather than take a page of its own; 20 then, 18 since
    // events sit on their flow line (their columns a little wider); 30 of
    // 52 since the planner knows the legend's length and prints a drawing
    // a little smaller (never under 7 pt) where that leaves it room; 29
    // since lanes are only as thick as what stands side by side in them
    // (one drawing's last page changed); 30 since a page showing no shape
    // is left out (almaty-10's legend fits on its last page then); 29 since
    // the BPMN form, which prints a table form too small to read, writes
    // lane names upwards in a narrow column (almaty-12's printed form:
    // 4 pages -> 5, the legend on a page of its own). Both together: 28.
    assert!(shared >= 28, "{shared}");
}

/// Every flow that crosses a page break can be followed: a numbered
/// connector at the bottom of the page it leaves and the same number at the
/// top of the next, where the flow goes on (GOST 19.701).
#[test]
fn flows_crossing_a_break_are_numbered_on_both_pages() {
    let dir = tmp("connectors");
    let m = model_path("kyzylorda-1-adresnaya-pomoshch-center.ron");
    let pdf = render_pdf(&m, &dir, &["--orientation", "table"]);
    let p = model::load_file(&m).unwrap().process;
    let d = layout::layout(
        &p,
        &Options {
            lang: Lang::Ru,
            orientation: Some(Orientation::Table),
        },
    );
    let (d, plan) = regflow::render::print_plan(
        &p,
        &d,
        Lang::Ru,
        regflow::render::Paper::A4,
        Some(Orientation::Table),
    );
    assert!(plan.slices.len() >= 2);
    assert_eq!(plan.pages.len(), plan.slices.len(), "one page a piece");
    let connectors = regflow::render::pdf::connectors(&d, &plan).along;
    let printed = words(&pdf);
    let (_, size) = info(&pdf);
    let page_h: f64 = size
        .split(" x ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let mut seen = 0;
    for (b, cut) in plan.slices[..plan.slices.len() - 1].iter().enumerate() {
        // The flows crossing the cut, found from the drawing's own lines.
        let across: Vec<f64> = d
            .edges
            .iter()
            .flat_map(|e| e.points.windows(2))
            .filter(|w| {
                (w[0].y < cut.to && cut.to < w[1].y) || (w[1].y < cut.to && cut.to < w[0].y)
            })
            .map(|w| w[0].x)
            .collect();
        assert!(
            !across.is_empty(),
            "a flow crosses every break of this model"
        );
        // Each flow has its connector: its own, or one it shares with flows
        // closer to it than a connector is wide (13 pt).
        let near = 14.0 / f64::from(plan.k);
        for x in &across {
            assert!(
                connectors[b]
                    .iter()
                    .any(|(c, _)| (f64::from(*c) - x).abs() <= near),
                "break {b}: the flow at {x} px has no connector"
            );
        }
        // And no two connectors print over each other.
        for w in connectors[b].windows(2) {
            assert!(
                f64::from(w[1].0 - w[0].0) * f64::from(plan.k) >= 13.0,
                "{w:?}"
            );
        }
        for (n, x) in connectors[b]
            .iter()
            .map(|(x, n)| (n.to_string(), f64::from(*x)))
        {
            // The same number near the page's foot on page b+1 (below the
            // closing rule) and near the top of page b+2, at the same place across.
            let at = |page: usize| {
                printed[page]
                    .iter()
                    .filter(|(w, _)| *w == n)
                    .map(|(_, r)| ((r[0] + r[2]) / 2.0, (r[1] + r[3]) / 2.0))
                    .collect::<Vec<_>>()
            };
            let foot = at(b);
            let head = at(b + 1);
            assert!(
                foot.iter().any(|&(_, y)| y > page_h * 0.5),
                "connector {n} at the foot of page {}: {foot:?}",
                b + 1
            );
            assert!(
                head.iter().any(|&(_, y)| y < page_h * 0.5),
                "connector {n} at the top of page {}: {head:?}",
                b + 2
            );
            let xs = |v: &[(f64, f64)]| v.iter().map(|p| p.0).collect::<Vec<_>>();
            assert!(
                xs(&foot)
                    .iter()
                    .any(|a| xs(&head).iter().any(|b| (a - b).abs() < 1.0)),
                "connector {n} at the same place across on both pages (x {x} px)"
            );
            seen += 1;
        }
    }
    assert!(seen >= 2, "{seen}");
}

/// The appendix passes an accessibility check: a tagged PDF with the
/// document's language and title, the diagram a figure whose text
/// alternative is the step list, the legend another.
#[test]
fn the_pdf_is_tagged_with_language_title_and_the_step_list() {
    let dir = tmp("tagged");
    let m = model_path("almaty-01-yadernye-ispytaniya-provider.ron");
    let pdf = render_pdf(&m, &dir, &[]);
    let info_text = tool("pdfinfo", &[], &pdf);
    assert!(info_text.contains("Tagged:          yes"), "{info_text}");
    assert!(
        info_text.contains("Title:           Регистрация граждан"),
        "{info_text}"
    );
    let tree = tool("pdfinfo", &["-struct"], &pdf);
    assert_eq!(
        tree.lines().map(str::trim).collect::<Vec<_>>(),
        ["Document", "Figure", "Figure"],
        "{tree}"
    );
    let p = model::load_file(&m).unwrap().process;
    let bytes = std::fs::read(&pdf).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    let hex = |s: &str| -> String { s.encode_utf16().map(|u| format!("{u:04X}")).collect() };
    let steps = regflow::render::description(&p, Lang::Ru);
    assert!(steps.contains("Прием"), "{steps}");
    assert!(
        raw.contains(&format!("/Alt<FEFF{}", hex(&steps))),
        "the diagram's text alternative is the step list"
    );
    assert!(raw.contains(&format!("/Alt<FEFF{}", hex("Условные обозначения"))));
    assert!(raw.contains("/Lang(ru)"));
}

/// Where the lanes are printed in groups on pages of their own, a flow
/// passing from one group to the next is numbered at the foot of the one
/// page and the top of the next, at the same place along the flow.
#[test]
fn flows_between_groups_of_lanes_are_numbered_on_both_pages() {
    let dir = tmp("band-connectors");
    let m = model_path("kyzylorda-1-adresnaya-pomoshch-center.ron");
    let pdf = render_pdf(&m, &dir, &[]);
    let p = model::load_file(&m).unwrap().process;
    let d = layout::layout(
        &p,
        &Options {
            lang: Lang::Ru,
            orientation: None,
        },
    );
    let (d, plan) = regflow::render::print_plan(&p, &d, Lang::Ru, regflow::render::Paper::A4, None);
    assert_eq!(d.orientation, Orientation::Bpmn);
    assert!(plan.bands.len() >= 2, "seven lanes print in groups");
    let sideways = regflow::render::pdf::connectors(&d, &plan).sideways;
    let printed = words(&pdf);
    let nb = plan.bands.len();
    let page_of = |i: usize, j: usize| plan.pages.iter().position(|&p| p == (i, j));
    let mut seen = 0;
    for (i, s) in plan.slices.iter().enumerate() {
        for (j, b) in plan.bands[..nb - 1].iter().enumerate() {
            // The flows crossing the line between the groups, from the drawing.
            let crossing = d
                .edges
                .iter()
                .flat_map(|e| e.points.windows(2))
                .filter(|w| {
                    let y = f64::from(b.1);
                    ((w[0].y < y && y < w[1].y) || (w[1].y < y && y < w[0].y))
                        && s.from <= w[0].x
                        && w[0].x < s.to
                })
                .count();
            assert!(
                sideways[i][j].len() <= crossing && (crossing == 0) == sideways[i][j].is_empty()
            );
            // Both pages printed: the number at the same place on each (a
            // page left out is joined through, see
            // `every_page_shows_a_shape_or_the_legend`).
            let (Some(here), Some(next)) = (page_of(i, j), page_of(i, j + 1)) else {
                continue;
            };
            for (_, n) in &sideways[i][j] {
                let n = n.to_string();
                let x_on = |page: usize| -> Vec<f64> {
                    printed[page]
                        .iter()
                        .filter(|(w, _)| *w == n)
                        .map(|(_, r)| (r[0] + r[2]) / 2.0)
                        .collect()
                };
                let (at_here, at_next) = (x_on(here), x_on(next));
                assert!(
                    at_here
                        .iter()
                        .any(|a| at_next.iter().any(|b| (a - b).abs() < 1.0)),
                    "connector {n}: {at_here:?} on page {}, {at_next:?} on page {}",
                    here + 1,
                    next + 1
                );
                seen += 1;
            }
        }
    }
    assert!(seen >= 1, "{seen}");
}

/// Every PDF of the gallery is archive form, PDF/A-2u (krilla checks it as it
/// writes and refuses a file that breaks it), with a document date that
/// never changes from run to run: the act's, or `SOURCE_DATE_EPOCH`'s.
#[test]
fn the_pdf_is_pdf_a_2u_dated_by_its_act_or_source_date_epoch() {
    let dir = tmp("pdfa");
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let st = Command::new(env!("CARGO_BIN_EXE_regflow"))
        .arg("render")
        .arg(&models)
        .args(["--format", "pdf", "--quiet", "-o"])
        .arg(&dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let mut n = 0;
    for f in std::fs::read_dir(&dir).unwrap() {
        let f = f.unwrap().path();
        if f.extension().is_none_or(|e| e != "pdf") {
            continue;
        }
        let meta = tool("pdfinfo", &["-meta"], &f);
        assert!(
            meta.contains("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>U</pdfaid:conformance>"),
            "{}: PDF/A-2u",
            f.display()
        );
        n += 1;
    }
    assert!(n >= 52, "{n}");
    // The act of almaty-01 is of 1 March 2018.
    let m = model_path("almaty-01-yadernye-ispytaniya-gk.ron");
    let info_text = tool(
        "pdfinfo",
        &["-isodates"],
        &dir.join("almaty-01-yadernye-ispytaniya-gk.pdf"),
    );
    assert!(
        info_text.contains("CreationDate:    2018-03-01T00:00:00Z"),
        "{info_text}"
    );
    let epoch = tmp("pdfa-epoch");
    let out = epoch.join("x.pdf");
    let st = Command::new(env!("CARGO_BIN_EXE_regflow"))
        .arg("render")
        .arg(&m)
        .arg("-o")
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", "1709210096")
        .output()
        .unwrap();
    assert!(st.status.success());
    let info_text = tool("pdfinfo", &["-isodates"], &out);
    assert!(
        info_text.contains("CreationDate:    2024-02-29T12:34:56Z"),
        "{info_text}"
    );
}

/// How much of each page of `pdf` its drawing covers: the box around every
/// inked pixel (poppler's raster at 20 dpi, grey under 200 of 255) as a
/// share of the page.
fn inked_share(pdf: &Path, dir: &Path) -> Vec<f64> {
    let stem = dir.join("page");
    let st = Command::new("pdftoppm")
        .args(["-r", "20", "-gray"])
        .arg(pdf)
        .arg(&stem)
        .status()
        .expect("pdftoppm (poppler-utils; scripts/setup.sh installs it)");
    assert!(st.success());
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        std::fs::remove_file(&f).unwrap();
        // P5 <w> <h> <max>\n then one byte a pixel.
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8_lossy(&bytes[start..at]).to_string());
        }
        let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
        let px = &bytes[at + 1..];
        let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
        for y in 0..h {
            for x in 0..w {
                if px[y * w + x] < 200 {
                    (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
                }
            }
        }
        let area = if x1 > x0 { (x1 - x0) * (y1 - y0) } else { 0 };
        out.push(area as f64 / (w * h) as f64);
    }
    out
}

/// No page of any gallery PDF holds a sliver: every page of the drawing
/// (of a PDF of more than one) is drawn over at least a quarter of its
/// paper, so a reader never turns to a page with one end event in a strip,
/// or one lane of seven across a landscape page. (A page holding the legend
/// alone comes only after a page the drawing fills: see
/// `the_legend_shares_the_last_page_where_it_fits`.)
#[test]
fn no_page_holds_a_sliver() {
    let dir = tmp("slivers");
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let st = Command::new(env!("CARGO_BIN_EXE_regflow"))
        .arg("render")
        .arg(&models)
        .args(["--format", "pdf", "--quiet", "-o"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(st.status.success());
    let raster = dir.join("raster");
    std::fs::create_dir_all(&raster).unwrap();
    let mut least = f64::INFINITY;
    let mut checked = 0;
    for f in regflow::check::model_files(&models).unwrap() {
        let p = model::load_file(&f).unwrap().process;
        let name = f.file_stem().unwrap().to_string_lossy().to_string();
        let d = layout::layout(
            &p,
            &Options {
                lang: p.lang,
                orientation: None,
            },
        );
        let (_, plan) =
            regflow::render::print_plan(&p, &d, p.lang, regflow::render::Paper::A4, None);
        let shares = inked_share(&dir.join(&name).with_extension("pdf"), &raster);
        let drawing = plan.pages.len();
        assert!(shares.len() == drawing || shares.len() == drawing + 1);
        if shares.len() == 1 {
            continue;
        }
        for (i, share) in shares[..drawing].iter().enumerate() {
            assert!(
                *share >= 0.25,
                "{name}: page {} of {} is drawn over {:.0} % of its paper",
                i + 1,
                shares.len(),
                share * 100.0
            );
            least = least.min(*share);
            checked += 1;
        }
    }
    eprintln!(
        "{checked} pages of PDFs of several pages: the least drawn over {least:.2} of its paper"
    );
    // The gallery's PDFs of several pages have 93 drawing pages since pages
    // showing no shape are left out and the BPMN form is shorter (was 100+).
    assert!(checked > 80, "{checked}");
}

/// A model so long that its step list passes PDF/A's limit on one string
/// (32,767 bytes) still prints: as a plain tagged PDF, not archive form.
#[test]
fn a_step_list_past_pdf_a_limits_prints_as_a_plain_tagged_pdf() {
    let dir = tmp("long-alt");
    std::fs::create_dir_all(&dir).unwrap();
    let steps: String = (1..=300)
        .map(|i| {
            format!("        Step(n: \"{i}\", lane: \"a\", text: \"Рассмотрение документов и оформление результата оказания государственной услуги номер {i}\", time: Minutes(30)),\n")
        })
        .collect();
    let m = dir.join("long.ron");
    std::fs::write(
        &m,
        format!("Process(\n    service: \"Большая услуга\",\n    lanes: [Lane(id: \"a\", name: \"Сотрудник\")],\n    nodes: [\n        Start(lane: \"a\"),\n{steps}        End(lane: \"a\", result: \"Результат\"),\n    ],\n)\n"),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_regflow"))
        .arg("render")
        .arg(&m)
        .args(["--format", "pdf", "-o"])
        .arg(&dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    // The user is told that this one is not archive form, and why.
    assert!(
        err.contains("long.ron: warning:")
            && err.contains("not archive form")
            && err.contains("the step list is"),
        "{err}"
    );
    let pdf = dir.join("long.pdf");
    let info_text = tool("pdfinfo", &[], &pdf);
    assert!(info_text.contains("Tagged:          yes"), "{info_text}");
    let meta = tool("pdfinfo", &["-meta"], &pdf);
    assert!(!meta.contains("<pdfaid:part>"), "not claimed PDF/A");
}
