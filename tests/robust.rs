//! Hostile and huge input as a server meets it: output folders shared by
//! concurrent runs and planted links, colliding names, sizes past the
//! limits, messages about files that are not models, broken pipes.
//! Every test runs the built binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_regflow");
const PROVIDER: &str = "almaty-01-yadernye-ispytaniya-provider";
const OTHER: &str = "almaty-02-protezy-provider";

fn model(stem: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models")
        .join(format!("{stem}.ron"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("regflow-robust-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn command(args: &[&str], dir: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.args(args).current_dir(dir).stdin(Stdio::null());
    c
}

fn run(args: &[&str], dir: &Path) -> Output {
    command(args, dir).output().expect("run regflow")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The temporaries left in a folder.
fn temporaries(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for sub in [dir.to_path_buf(), dir.join(".regflow-cache")] {
        for e in std::fs::read_dir(&sub).into_iter().flatten().flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.ends_with(".regflow-tmp") || n.ends_with(".tmp") {
                found.push(n);
            }
        }
    }
    found
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_the_old_temporary_name_is_not_followed() {
    let dir = tmp("link");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::copy(model(PROVIDER), dir.join("x.ron")).unwrap();
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "not regflow's").unwrap();
    for name in [".x.svg.tmp", ".x.png.tmp", ".x.bpmn.tmp"] {
        std::os::unix::fs::symlink(&victim, out.join(name)).unwrap();
    }
    let o = run(
        &["render", "x.ron", "-o", "out", "--format", "svg,png,bpmn"],
        &dir,
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not regflow's");
    let svg = std::fs::read_to_string(out.join("x.svg")).unwrap();
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(!std::fs::symlink_metadata(out.join("x.svg"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn two_renders_of_same_named_models_into_one_folder_leave_whole_files() {
    let dir = tmp("concurrent");
    for (sub, stem) in [("a", PROVIDER), ("b", OTHER)] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::copy(model(stem), dir.join(sub).join("x.ron")).unwrap();
    }
    let args = |sub: &str| -> Vec<String> {
        [
            "render",
            &format!("{sub}/x.ron"),
            "-o",
            "out",
            "--format",
            "svg,png,bpmn",
            "--force",
        ]
        .map(String::from)
        .to_vec()
    };
    // What each renders alone.
    let mut alone = Vec::new();
    for sub in ["a", "b"] {
        let mut a = args(sub);
        a[3] = format!("alone-{sub}");
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let o = run(&a, &dir);
        assert!(o.status.success(), "{}", text(&o.stderr));
        alone.push(dir.join(format!("alone-{sub}")));
    }
    for round in 0..4 {
        let children: Vec<_> = ["a", "b"]
            .map(|sub| {
                let a = args(sub);
                let a: Vec<&str> = a.iter().map(String::as_str).collect();
                command(&a, &dir)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .into_iter()
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert!(o.status.success(), "round {round}: {}", text(&o.stderr));
        }
        for f in ["x.svg", "x.png", "x.bpmn"] {
            let got = std::fs::read(dir.join("out").join(f)).unwrap();
            assert!(
                alone
                    .iter()
                    .any(|a| std::fs::read(a.join(f)).unwrap() == got),
                "round {round}: out/{f} is neither model's file whole"
            );
        }
        assert_eq!(temporaries(&dir.join("out")), Vec::<String>::new());
    }
}

#[test]
fn the_temporaries_of_a_killed_run_are_removed_by_the_next() {
    let dir = tmp("stale");
    let out = dir.join("out");
    std::fs::create_dir_all(out.join(".regflow-cache")).unwrap();
    std::fs::copy(model(PROVIDER), dir.join("x.ron")).unwrap();
    // A process number above Linux's largest (2^22) never runs.
    let dead = [
        ".x.svg.4194305-0.regflow-tmp",
        ".x.pdf.4194305-5.regflow-tmp",
    ];
    for n in dead {
        std::fs::write(out.join(n), "half a file").unwrap();
    }
    std::fs::write(
        out.join(".regflow-cache/.x.stamp.4194305-6.regflow-tmp"),
        "half",
    )
    .unwrap();
    // One of a run still going (this test's own process) is left to it.
    let live = format!(".x.svg.{}-0.regflow-tmp", std::process::id());
    std::fs::write(out.join(&live), "being written").unwrap();
    let o = run(&["render", "x.ron", "-o", "out", "--format", "svg"], &dir);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(temporaries(&out), vec![live]);
}

#[test]
fn two_models_that_would_write_one_name_are_refused_before_anything_is_written() {
    let dir = tmp("clash");
    let m = dir.join("models");
    std::fs::create_dir_all(&m).unwrap();
    for name in ["a b.ron", "a;b.ron", "c.ron"] {
        std::fs::copy(model(PROVIDER), m.join(name)).unwrap();
    }
    let o = run(&["render", "models", "-o", "out"], &dir);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("a b.ron") && err.contains("a;b.ron") && err.contains("a_b"),
        "{err}"
    );
    let written: Vec<_> = std::fs::read_dir(dir.join("out"))
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(written.is_empty(), "written: {written:?}");
    // The table command writes into a folder too.
    let o = run(&["table", "models", "-o", "tables"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("a;b.ron"));
}

#[test]
fn cyrillic_model_names_keep_their_letters_in_the_output_names() {
    let dir = tmp("cyrillic");
    let m = dir.join("models");
    std::fs::create_dir_all(&m).unwrap();
    // Equal length: both were `_______` once, and one replaced the other.
    for name in ["Процесс.ron", "Справка.ron", "Қызмет көрсету.ron"] {
        std::fs::copy(model(PROVIDER), m.join(name)).unwrap();
    }
    let o = run(&["render", "models", "-o", "out", "--format", "svg"], &dir);
    assert!(o.status.success(), "{}", text(&o.stderr));
    for f in ["Процесс.svg", "Справка.svg", "Қызмет_көрсету.svg"] {
        assert!(dir.join("out").join(f).is_file(), "no out/{f}");
    }
    let index = std::fs::read_to_string(dir.join("out/index.html")).unwrap();
    assert!(index.contains("Справка.svg"));
}

/// The width and height a PNG's header gives.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[1..4], b"PNG");
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

/// Decodes a PNG row by row, handing each row's index and RGBA bytes to `f`.
fn png_rows(bytes: &[u8], mut f: impl FnMut(u32, &[u8])) -> u32 {
    let mut r = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("a PNG header");
    let mut n = 0;
    while let Some(row) = r.next_row().expect("a whole PNG") {
        f(n, row.data());
        n += 1;
    }
    n
}

/// A PNG decodes whole, and every band of rows of 4 million pixels has
/// some of the diagram in it (nothing left blank at the end).
fn assert_whole_png(png: &[u8]) {
    let (w, h) = png_size(png);
    let per = (4_000_000 / w).clamp(1, h);
    let mut ink = vec![false; h.div_ceil(per) as usize];
    let rows = png_rows(png, |y, row| {
        if row.chunks(4).any(|p| p[..3] != [255, 255, 255]) {
            ink[(y / per) as usize] = true;
        }
    });
    assert_eq!(rows, h);
    assert!(ink.iter().all(|&x| x), "{w}×{h}, strips with ink: {ink:?}");
}

/// A chain of `n` steps in one lane, each with a short text.
fn chain(n: usize) -> String {
    let mut src = String::from(
        "Process(service: \"Услуга\", variant: \"тест\", legend: Provider,\n lanes: [Lane(id: \"a\", name: \"Сотрудник\")],\n nodes: [Start(lane: \"a\"),\n",
    );
    for i in 1..=n {
        src.push_str(&format!(
            "Step(n: \"{i}\", lane: \"a\", text: \"шаг\", time: Minutes(1)),\n"
        ));
    }
    src.push_str("End(lane: \"a\", result: \"Результат\")])\n");
    src
}

#[test]
fn a_png_past_the_raster_limit_is_drawn_smaller_and_the_other_formats_are_written() {
    let dir = tmp("raster");
    // 3,000 steps in one lane: some 400,000 px long at 192 dpi.
    std::fs::write(dir.join("long.ron"), chain(3000)).unwrap();
    let o = run(&["render", "long.ron", "-o", "out"], &dir);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("long.ron: warning: the PNG would be") && err.contains("dpi instead"),
        "{err}"
    );
    let png = std::fs::read(dir.join("out/long.png")).unwrap();
    let (w, h) = png_size(&png);
    assert!(
        w <= 32_000 && h <= 32_000 && u64::from(w) * u64::from(h) <= 40_000_000,
        "{w}×{h}"
    );
    assert_whole_png(&png);
    for f in ["svg", "bpmn", "html", "pdf", "legend.svg", "legend.png"] {
        let len = std::fs::metadata(dir.join(format!("out/long.{f}"))).map_or(0, |m| m.len());
        assert!(len > 0, "out/long.{f} is missing");
    }
}

/// Runs `check` on `model_text` saved as `name`: exit 1, and the messages.
fn refused(name: &str, model_text: &str) -> String {
    let dir = tmp(name.trim_end_matches(".ron").trim_end_matches(".bpmn"));
    let o = {
        std::fs::write(dir.join(name), model_text).unwrap();
        run(&["check", name], &dir)
    };
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("overflow"),
        "{err}"
    );
    assert!(err.len() < 4_000, "{} bytes of messages", err.len());
    err
}

#[test]
fn a_word_past_the_limit_is_a_located_error() {
    // 60 KB: one step whose text is one 30,000-letter word (it asked for a
    // 411,546 × 590 px PNG, 1.95 GB).
    let word = "а".repeat(30_000);
    let m = format!(
        "Process(service: \"Услуга\", variant: \"тест\", legend: Provider,\n    lanes: [Lane(id: \"a\", name: \"Сотрудник\")],\n    nodes: [Start(lane: \"a\"), Step(n: \"1\", lane: \"a\", text: \"один {word}\", time: Minutes(30)),\n            End(lane: \"a\", result: \"Результат\")])"
    );
    let err = refused("word.ron", &m);
    assert!(
        err.contains("word.ron:3:62: error: this text is 30005 characters long"),
        "{err}"
    );
    let err = refused("word.ron", &m.replace(&word, &"а".repeat(4_000)));
    assert!(
        err.contains("word.ron:3:67: error: a word of 4000 characters; a word has at most 500"),
        "{err}"
    );
    // 500 letters are drawn.
    let dir = tmp("word-ok");
    let ok = m.replace(&word, &"а".repeat(500));
    std::fs::write(dir.join("ok.ron"), ok).unwrap();
    let o = run(
        &["render", "ok.ron", "-o", "out", "--format", "svg,png"],
        &dir,
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
}

#[test]
fn a_text_past_the_limit_is_a_located_error() {
    let long = "слово ".repeat(1_000);
    let m = plain_model().replacen("text: \"", &format!("text: \"{long}"), 1);
    let err = refused("text.ron", &m);
    assert!(
        err.contains("this text is") && err.contains("a text has at most 5000"),
        "{err}"
    );
}

#[test]
fn more_nodes_than_the_limit_are_refused_at_the_first_one_past_it() {
    let err = refused("nodes.ron", &chain(10_000));
    // Start is node 1, so node 10,001 is step 10,000, on line 10,003.
    assert!(
        err.contains("nodes.ron:10003:")
            && err.contains("the model has 10002 nodes; regflow draws at most 10000"),
        "{err}"
    );
}

#[test]
fn more_lanes_than_the_limit_are_refused() {
    let lanes: String = (0..101)
        .map(|i| format!("Lane(id: \"l{i}\", name: \"Сотрудник {i}\"),\n"))
        .collect();
    let m = format!(
        "Process(service: \"Услуга\", variant: \"тест\", legend: Provider,\nlanes: [\n{lanes}],\nnodes: [Start(lane: \"l0\"), End(lane: \"l0\")])"
    );
    let err = refused("lanes.ron", &m);
    assert!(
        err.contains("lanes.ron:103:")
            && err.contains("the model has 101 lanes; regflow draws at most 100"),
        "{err}"
    );
}

#[test]
fn a_file_past_the_size_limit_is_refused_unread() {
    let dir = tmp("size");
    // A valid model padded past 16 MB with a comment.
    let mut m = plain_model();
    m.push_str(&format!("\n// {}\n", "x".repeat(17 << 20)));
    std::fs::write(dir.join("big.ron"), &m).unwrap();
    let o = run(&["check", "big.ron"], &dir);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("at most 16777216 bytes (16 MB)"), "{err}");
    assert!(err.len() < 1_000, "{err}");
    // The same as a BPMN file, and on standard input.
    std::fs::write(dir.join("big.bpmn"), &m).unwrap();
    let o = run(&["check", "big.bpmn"], &dir);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("16 MB"), "{}", text(&o.stderr));
    let mut child = command(&["render", "-", "-o", "-"], &dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let _ = std::io::Write::write_all(&mut stdin, m.as_bytes());
    drop(stdin);
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("16 MB"), "{}", text(&o.stderr));
}

#[test]
fn bpmn_nested_past_the_depth_limit_is_a_located_error() {
    // 10,000 lanes in lanes (0.85 MB) overflowed the import's stack.
    let mut x = String::from(
        r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><process id="p"><laneSet id="s">"#,
    );
    for i in 0..10_000 {
        x.push_str(&format!(
            r#"<lane id="l{i}" name="Уровень {i}"><childLaneSet id="c{i}">"#
        ));
    }
    for _ in 0..10_000 {
        x.push_str("</childLaneSet></lane>");
    }
    x.push_str("</laneSet></process></definitions>");
    let err = refused("deep.bpmn", &x);
    assert!(
        err.contains("nested 100 deep at line 1, column") && err.contains("at most 100 levels"),
        "{err}"
    );
}

#[test]
fn a_model_of_5000_steps_renders_in_every_format() {
    use regflow::generate::{self, Spec};
    use regflow::model::Lang;
    use regflow::render::{self, Outputs, RenderOptions, TextOutput};
    let p = generate::process(Spec {
        seed: 42,
        nodes: 5000,
        lanes: 12,
        max_label: 80,
        loops_percent: 5,
    });
    let r = render::render_only(
        &p,
        &RenderOptions {
            lang: Lang::Ru,
            orientation: None,
            text: TextOutput::Embedded,
            dpi: 192.0,
            paper: render::Paper::A4,
            legend_below: false,
            legend_used: false,
        },
        Outputs::ALL,
    )
    .unwrap();
    // Every node is drawn, and each output is whole (its end is written).
    assert_eq!(r.svg.matches("<g id=\"node-").count(), p.nodes.len());
    assert!(r.svg.trim_end().ends_with("</svg>"));
    assert!(r.html.trim_end().ends_with("</html>"));
    assert!(r.bpmn.trim_end().ends_with("</bpmn:definitions>"));
    let pdf = r.pdf.as_ref().expect("a PDF");
    assert!(pdf.bytes.starts_with(b"%PDF") && pdf.bytes.trim_ascii_end().ends_with(b"%%EOF"));
    assert!(pdf.pages > 10, "{} pages", pdf.pages);
    let (w, h) = png_size(&r.png);
    assert!(u64::from(w) * u64::from(h) <= 40_000_000, "{w}×{h}");
    // A large raster (over 8 million pixels) is whole to its last row.
    assert!(u64::from(w) * u64::from(h) > 8_000_000, "{w}×{h}");
    assert_whole_png(&r.png);
}

#[test]
fn check_into_a_pipe_closed_early_exits_quietly() {
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let mut child = Command::new(BIN)
        .args(["check", &models.to_string_lossy()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `| head -1`: read one line, then close the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let o = child.wait_with_output().unwrap();
    let err = text(&o.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
    assert_eq!(o.status.code(), Some(0), "{err}");
}

/// A valid model without comments, so that cutting or joining its lines
/// leaves a model.
fn plain_model() -> String {
    std::fs::read_to_string(model(OTHER))
        .unwrap()
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn check(dir: &Path, name: &str, model_text: &str) -> String {
    std::fs::write(dir.join(name), model_text).unwrap();
    let o = run(&["check", name], dir);
    assert_eq!(o.status.code(), Some(1));
    text(&o.stderr)
}

#[cfg(unix)]
#[test]
fn a_file_that_is_not_a_model_is_not_quoted() {
    let dir = tmp("passwd");
    std::os::unix::fs::symlink("/etc/passwd", dir.join("x.ron")).unwrap();
    let o = run(&["check", "x.ron"], &dir);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("x.ron: error: this is not a regflow model"),
        "{err}"
    );
    assert!(!err.contains("root"), "{err}");
}

#[test]
fn a_truncated_model_says_it_ends_early() {
    let dir = tmp("cut");
    let m = plain_model();
    let cut = &m[..m.find("Start(").unwrap() + 3];
    let err = check(&dir, "cut.ron", cut);
    assert!(err.contains("the file ends early"), "{err}");
    assert!(!err.contains("unknown node kind"), "{err}");
}

#[test]
fn a_number_out_of_range_gives_the_range() {
    let dir = tmp("range");
    let m = plain_model().replacen("Minutes(", "Minutes(99999999999", 1);
    let err = check(&dir, "big.ron", &m);
    assert!(
        err.contains("out of range") && err.contains("0 to 4294967295"),
        "{err}"
    );
}

#[test]
fn a_one_line_file_of_megabytes_is_quoted_one_readable_line() {
    let dir = tmp("oneline");
    let m = plain_model()
        .replace('\n', " ")
        .replacen("Start(", "Strat(", 1);
    let long = format!("{m} \"{}", "x".repeat(3_000_000));
    let err = check(&dir, "one.ron", &long);
    assert!(err.contains("unknown node kind `Strat`"), "{err}");
    assert!(err.len() < 2_000, "{} bytes of messages", err.len());
    assert!(err.lines().all(|l| l.chars().count() <= 220), "{err}");
}

/// Runs regflow with `args`, reads one byte of its output and closes the
/// pipe (`| head -c1`): it must end without a panic or a message about the
/// pipe, with `code`.
fn pipe_closed_early(args: &[&str], dir: &Path, code: i32) {
    let mut child = command(args, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let o = child.wait_with_output().unwrap();
    let err = text(&o.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{args:?}: {err}"
    );
    assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
}

#[test]
fn every_command_into_a_pipe_closed_early_exits_quietly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tmp("pipes");
    // Output larger than a pipe's buffer, so the writer meets the closed end.
    let models = root.join("models");
    let models = models.to_string_lossy();
    let bpmn = root.join("tests/fixtures/miwg/A.4.0.bpmn");
    let bpmn = bpmn.to_string_lossy();
    let big = root.join(format!("models/{PROVIDER}.ron"));
    let big = big.to_string_lossy();
    pipe_closed_early(&["metrics", &models, "--verbose"], &dir, 0);
    pipe_closed_early(&["import", &bpmn], &dir, 0);
    pipe_closed_early(&["render", &big, "-o", "-", "--format", "png"], &dir, 0);
    pipe_closed_early(&["completions", "bash"], &dir, 0);
    pipe_closed_early(&["man"], &dir, 0);
    pipe_closed_early(&["table", &models, "-o", "tables"], &dir, 0);
}

/// `n` end events that one task flows to, as BPMN.
fn fan_out(n: usize) -> String {
    let ends: String = (0..n)
        .map(|i| format!(r#"<endEvent id="e{i}"/>"#))
        .collect();
    let flows: String = (0..n)
        .map(|i| format!(r#"<sequenceFlow id="f{i}" sourceRef="t" targetRef="e{i}"/>"#))
        .collect();
    format!(
        r#"<?xml version="1.0"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><process id="p"><startEvent id="s"/><sequenceFlow id="f" sourceRef="s" targetRef="t"/><task id="t" name="Задача"/>{ends}{flows}</process></definitions>"#
    )
}

#[test]
fn one_task_flowing_to_5000_ends_renders() {
    // 447 KB; it ran past 300 s (the slot refinement and the channel
    // tracks were cubic in a rank's width); bench/limits.py times it.
    let dir = tmp("fanout");
    std::fs::write(dir.join("fan.bpmn"), fan_out(5000)).unwrap();
    let o = run(
        &["render", "fan.bpmn", "-o", "out", "--format", "svg"],
        &dir,
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let svg = std::fs::read_to_string(dir.join("out/fan.svg")).unwrap();
    // The 5,000 ends (an end event is a circle of radius 13.5), each drawn.
    assert_eq!(svg.matches("<circle").count(), 5002);
    assert_eq!(svg.matches(r#"r="13.5""#).count(), 5000);
    assert!(svg.trim_end().ends_with("</svg>"));
}

#[test]
fn thousands_of_message_flows_render() {
    // 6,000 message flows among the steps of an electronic service: every
    // route was weighed against every other flow in its channels (3,000
    // took 20–80 s), and the plans were judged by testing every pair of
    // segments (23 s); bench/limits.py times it.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src =
        std::fs::read_to_string(root.join("models/mzhumabaev-deti-invalidy-portal.ron")).unwrap();
    let at = src.find("    messages: [").unwrap();
    let end = at + src[at..].find("\n    ],").unwrap();
    let ids = ["2", "3", "7", "8", "11", "12"];
    let mut seed = 1u64;
    let mut messages = String::from("    messages: [");
    for _ in 0..6000 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let a = ids[(seed >> 33) as usize % ids.len()];
        let b = ids[(seed >> 17) as usize % ids.len()];
        let b = if a == b {
            ids[(ids.iter().position(|x| *x == a).unwrap() + 1) % ids.len()]
        } else {
            b
        };
        messages.push_str(&format!("\n        (from: \"{a}\", to: \"{b}\"),"));
    }
    let m = format!("{}{}{}", &src[..at], messages, &src[end..]);
    let dir = tmp("messages");
    std::fs::write(dir.join("m.ron"), m).unwrap();
    let o = run(&["render", "m.ron", "-o", "out", "--format", "svg"], &dir);
    assert!(o.status.success(), "{}", text(&o.stderr));
    // Every message flow is drawn, dashed.
    let svg = std::fs::read_to_string(dir.join("out/m.svg")).unwrap();
    assert_eq!(svg.matches("stroke-dasharray=\"6 4\"").count(), 6000);
}

#[test]
fn a_table_over_thousands_of_unnumbered_steps_is_written() {
    // The action table finds each numbered step's next number through the
    // unnumbered nodes after it; it did so by recursion, one frame per
    // node, so a long run of unnumbered steps overflowed the stack.
    let n = 9_000;
    let mut src = String::from(
        "Process(service: \"Услуга\", variant: \"тест\", legend: Provider,\n lanes: [Lane(id: \"a\", name: \"Сотрудник\")],\n nodes: [Start(lane: \"a\"),\nStep(n: \"1\", lane: \"a\", text: \"первый\", time: Minutes(1)),\n",
    );
    for _ in 2..n {
        src.push_str("Step(lane: \"a\", text: \"шаг\", time: Minutes(1)),\n");
    }
    src.push_str("Step(n: \"2\", lane: \"a\", text: \"последний\", time: Minutes(1)),\nEnd(lane: \"a\", result: \"Результат\")])\n");
    let dir = tmp("unnumbered");
    std::fs::write(dir.join("u.ron"), src).unwrap();
    let o = run(&["render", "u.ron", "-o", "out", "--format", "html"], &dir);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let html = std::fs::read_to_string(dir.join("out/u.html")).unwrap();
    // Step 1's next action is step 2, 8,998 unnumbered steps later.
    let first = html.find("первый").expect("step 1 in the table");
    let row_end = first + html[first..].find("</tr>").unwrap();
    assert!(
        html[first..row_end].contains(">2<"),
        "{}",
        &html[first..row_end]
    );
    assert!(html.trim_end().ends_with("</html>"));
}

// ---------------------------------------------------------------------
// Inputs the fuzz targets (fuzz/fuzz_targets) found slow or failing, run
// as those targets run them; each is in tests/fixtures/fuzz/TARGET/.

mod fuzzed {
    use regflow::model::{Lang, Process};
    use regflow::render::{self, Outputs, RenderOptions, TextOutput};
    use std::path::Path;

    fn render(p: &Process, want: Outputs, dpi: f64) -> Option<render::Rendered> {
        let opts = RenderOptions {
            lang: Lang::Ru,
            orientation: None,
            text: TextOutput::Embedded,
            dpi,
            paper: render::Paper::A4,
            legend_below: false,
            legend_used: false,
        };
        render::render_only(p, &opts, want).ok()
    }

    fn checked_model(data: &[u8]) -> Option<Process> {
        let text = std::str::from_utf8(data).ok()?;
        let checked = regflow::check::check_text(Path::new("fuzz.ron"), text);
        if checked.has_errors() {
            return None;
        }
        checked.loaded.map(|m| m.process)
    }

    const NONE: Outputs = Outputs {
        svg: false,
        png: false,
        bpmn: false,
        legend: false,
        html: false,
        pdf: false,
    };

    /// The `model` target: SVG, BPMN and HTML, and the BPMN read back.
    pub fn model(data: &[u8]) {
        let Some(p) = checked_model(data) else { return };
        let want = Outputs {
            svg: true,
            bpmn: true,
            html: true,
            ..NONE
        };
        if let Some(r) = render(&p, want, 96.0) {
            regflow::import::import_str(r.bpmn, "fuzz").expect("regflow's own BPMN imports");
        }
    }

    /// The `raster` target: the PNGs at 4 dpi and the PDF.
    pub fn raster(data: &[u8]) {
        let Some(p) = checked_model(data) else { return };
        let want = Outputs {
            png: true,
            legend: true,
            pdf: true,
            ..NONE
        };
        render(&p, want, 4.0);
    }

    /// The `bpmn` target: import, check, layout, export, import again.
    pub fn bpmn(data: &[u8]) {
        let Ok(imported) = regflow::import::import_bytes(data, "fuzz") else {
            return;
        };
        let ron = regflow::import::to_ron(&imported.process, "").unwrap_or_default();
        if regflow::check::check_text(Path::new("fuzz.bpmn"), &ron).has_errors() {
            return;
        }
        let want = Outputs { bpmn: true, ..NONE };
        if let Some(r) = render(&imported.process, want, 96.0) {
            regflow::import::import_str(r.bpmn, "fuzz").expect("regflow's own BPMN imports");
        }
    }
}

/// Runs every input kept for `target` through it.
fn fuzzed_inputs(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let start = std::time::Instant::now();
        run(&std::fs::read(&path).unwrap());
        eprintln!("{}: {:.2?}", path.display(), start.elapsed());
        n += 1;
    }
    assert!(n > 0, "no inputs in {}", dir.display());
}

#[test]
fn inputs_the_model_fuzz_target_found_render() {
    fuzzed_inputs("model", fuzzed::model);
}

#[test]
fn inputs_the_raster_fuzz_target_found_render() {
    fuzzed_inputs("raster", fuzzed::raster);
}

#[test]
fn inputs_the_bpmn_fuzz_target_found_import_and_export() {
    fuzzed_inputs("bpmn", fuzzed::bpmn);
}
