//! The command line as people use it: one file in and one file out, pipes,
//! parallel batches, skipping what is current, quiet and verbose, the
//! progress bar on a terminal, completions and the manual, watch mode.
//! Every test runs the built binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_regflow");
const PROVIDER: &str = "almaty-01-yadernye-ispytaniya-provider";
const GK: &str = "almaty-01-yadernye-ispytaniya-gk";

fn model(stem: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models")
        .join(format!("{stem}.ron"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("regflow-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run regflow")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs regflow with `input` on its standard input, through a pipe.
fn piped(args: &[&str], dir: &Path, input: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start regflow");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// A folder of a few models, one of them broken.
fn corpus(dir: &Path, bad: bool) -> PathBuf {
    let m = dir.join("models");
    std::fs::create_dir_all(&m).unwrap();
    for stem in [
        PROVIDER,
        GK,
        "almaty-02-protezy-provider",
        "akzhar-1-zhilishchnaya-pomoshch-center",
        "zhambyl-spravka-asp-portal",
    ] {
        std::fs::copy(model(stem), m.join(format!("{stem}.ron"))).unwrap();
    }
    if bad {
        // Padded to be the largest file, so a parallel batch (largest
        // first) fails it first and the progress bar shows the failure
        // while the others still render.
        let pad = format!("\n// {}\n", "padding ".repeat(40_000));
        std::fs::write(
            m.join("b-bad.ron"),
            format!("Process(service: \"x\", lanes: [], nodes: [Start(lane: \"zz\")]){pad}"),
        )
        .unwrap();
    }
    m
}

/// Every file under `dir` but the stamps, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn one_model_to_one_file_takes_the_format_from_the_extension() {
    let d = tmp("one-file");
    let m = model(PROVIDER);
    let m = m.to_str().unwrap();
    let out = run(&["render", m, "-o", "x.svg"], &d);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        d.join("x.svg").is_file(),
        "a file, not a folder named x.svg"
    );
    assert!(
        text(&out.stdout).contains("→ x.svg"),
        "{}",
        text(&out.stdout)
    );
    // The same bytes as the folder render writes.
    let out = run(&["render", m, "-o", "all", "--format", "svg,pdf"], &d);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let svg = std::fs::read(d.join("x.svg")).unwrap();
    assert_eq!(
        svg,
        std::fs::read(d.join(format!("all/{PROVIDER}.svg"))).unwrap()
    );
    for (name, magic) in [
        ("x.png", &b"\x89PNG"[..]),
        ("sub/x.pdf", b"%PDF"),
        ("x.bpmn", b"<?xml"),
        ("x.html", b"<!DOCTYPE html>"),
        ("x.legend.svg", b"<svg"),
    ] {
        let out = run(&["render", m, "-o", name], &d);
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let bytes = std::fs::read(d.join(name)).unwrap();
        assert!(bytes.starts_with(magic), "{name}");
    }
    assert_eq!(
        std::fs::read(d.join("x.pdf")).ok(),
        None,
        "only what was named"
    );
    assert_eq!(
        std::fs::read(d.join("sub/x.pdf")).unwrap(),
        std::fs::read(d.join(format!("all/{PROVIDER}.pdf"))).unwrap()
    );
    // A trailing slash, or an existing folder, keeps the folder behaviour.
    let out = run(&["render", m, "-o", "dir.svg/", "--format", "svg"], &d);
    assert!(out.status.success());
    assert!(d.join(format!("dir.svg/{PROVIDER}.svg")).is_file());
    std::fs::create_dir(d.join("old.svg")).unwrap();
    let out = run(&["render", m, "-o", "old.svg", "--format", "bpmn"], &d);
    assert!(out.status.success());
    assert!(d.join(format!("old.svg/{PROVIDER}.bpmn")).is_file());
}

#[test]
fn one_file_out_refuses_what_it_cannot_mean() {
    let d = tmp("one-file-usage");
    let (a, b) = (model(PROVIDER), model(GK));
    let out = run(
        &[
            "render",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "-o",
            "x.svg",
        ],
        &d,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("`-o x.svg` names one file, but 2 models were given")
            && err.contains("-o out/"),
        "{err}"
    );
    let out = run(
        &[
            "render",
            a.to_str().unwrap(),
            "-o",
            "x.svg",
            "--format",
            "png",
        ],
        &d,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("writes one SVG file"),
        "{}",
        text(&out.stderr)
    );
    let out = run(
        &[
            "render",
            a.to_str().unwrap(),
            "-o",
            "-",
            "--format",
            "svg,png",
        ],
        &d,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("one format to standard output"));
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_dir(&d).unwrap().count(), 0, "nothing written");
}

#[test]
fn a_model_through_a_pipe_comes_out_on_standard_output() {
    let d = tmp("pipe");
    let src = std::fs::read(model(PROVIDER)).unwrap();
    let svg = piped(&["render", "-", "-o", "-"], &d, &src);
    assert!(svg.status.success(), "{}", text(&svg.stderr));
    assert!(svg.stdout.starts_with(b"<svg"), "SVG unless told otherwise");
    assert!(svg.stderr.is_empty(), "{}", text(&svg.stderr));
    let png = piped(&["render", "-", "-o", "-", "--format", "png"], &d, &src);
    assert!(png.status.success());
    assert!(png.stdout.starts_with(b"\x89PNG\r\n\x1a\n"));
    // The same bytes as a file render, and nothing else written.
    let out = run(
        &[
            "render",
            model(PROVIDER).to_str().unwrap(),
            "-o",
            "f",
            "--format",
            "svg,png",
        ],
        &d,
    );
    assert!(out.status.success());
    assert_eq!(
        svg.stdout,
        std::fs::read(d.join(format!("f/{PROVIDER}.svg"))).unwrap()
    );
    assert_eq!(
        png.stdout,
        std::fs::read(d.join(format!("f/{PROVIDER}.png"))).unwrap()
    );
    assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1);
    // A model from a pipe into a folder is named stdin.
    let out = piped(&["render", "-", "-o", "o", "--format", "bpmn"], &d, &src);
    assert!(out.status.success());
    assert!(d.join("o/stdin.bpmn").is_file());
    // check reads a pipe too.
    let out = piped(&["check", "-"], &d, &src);
    assert!(out.status.success());
    assert!(
        text(&out.stdout).contains("<stdin>: ok; term:"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_broken_model_on_a_pipe_is_located_and_writes_nothing() {
    let d = tmp("pipe-bad");
    let out = piped(
        &["render", "-", "-o", "-"],
        &d,
        b"Process(\n  service: \"x\",\n  lanes: [],\n  nodes: [Start(lane: \"zz\")],\n)\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(err.contains("<stdin>:4:"), "located as check does: {err}");
    assert!(err.contains("<stdin>: skipped"), "{err}");
}

#[test]
fn a_bpmn_file_on_a_pipe_is_imported_and_drawn() {
    let d = tmp("pipe-bpmn");
    let m = model(PROVIDER);
    let out = run(&["render", m.to_str().unwrap(), "-o", "p.bpmn"], &d);
    assert!(out.status.success());
    let bpmn = std::fs::read(d.join("p.bpmn")).unwrap();
    let out = piped(&["render", "-", "-o", "-", "--format", "svg"], &d, &bpmn);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Прием,"),
        "the model's text drawn"
    );
}

#[test]
fn a_parallel_batch_writes_the_same_bytes_and_messages_in_input_order() {
    let d = tmp("parallel");
    let m = corpus(&d, true);
    let m = m.to_str().unwrap();
    let formats = "svg,png,bpmn,pdf";
    let serial = run(
        &["render", m, "-o", "s", "--format", formats, "-j", "1"],
        &d,
    );
    let parallel = run(
        &["render", m, "-o", "p", "--format", formats, "-j", "4"],
        &d,
    );
    assert_eq!(
        serial.status.code(),
        Some(1),
        "the bad model fails the batch"
    );
    assert_eq!(parallel.status.code(), Some(1));
    assert_eq!(
        files(&d.join("s")),
        files(&d.join("p")),
        "same files, same bytes"
    );
    let (so, po) = (text(&serial.stdout), text(&parallel.stdout));
    let same_folder = |s: &str| {
        s.replace("→ s/", "→ p/")
            .replace("s/index.html, s/README.md", "p/index.html, p/README.md")
    };
    assert_eq!(same_folder(&so), po);
    assert_eq!(text(&serial.stderr), text(&parallel.stderr));
    // In input order: file names sorted, each model's lines together.
    let names: Vec<&str> = po
        .lines()
        .filter(|l| l.contains(" → "))
        .map(|l| l.split(" → ").next().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(names.len(), 5);
    let err = text(&parallel.stderr);
    let at = err.find("b-bad.ron:1:").expect("the bad model located");
    assert!(err[at..].contains("b-bad.ron: skipped"), "{err}");
    assert!(po.contains("5 model(s) rendered, 1 failed"), "{po}");
}

#[test]
fn a_second_run_skips_current_models_and_renders_what_changed() {
    let d = tmp("stamps");
    let m = corpus(&d, false);
    let ms = m.to_str().unwrap();
    let fmt = ["--format", "svg,bpmn,html"];
    let render = |extra: &[&str]| {
        let mut args = vec!["render", ms, "-o", "out"];
        args.extend(fmt);
        args.extend(extra);
        let o = run(&args, &d);
        assert!(o.status.success(), "{}", text(&o.stderr));
        text(&o.stdout)
    };
    let first = render(&[]);
    assert!(first.contains("5 model(s) rendered, 0 failed"), "{first}");
    let before = files(&d.join("out"));
    let time_of = |name: &str| {
        std::fs::metadata(d.join("out").join(name))
            .unwrap()
            .modified()
            .unwrap()
    };
    let svg_time = time_of(&format!("{PROVIDER}.svg"));
    let again = render(&[]);
    assert_eq!(again.matches(": up to date (").count(), 5, "{again}");
    assert!(
        again.contains("0 model(s) rendered, 5 up to date, 0 failed"),
        "{again}"
    );
    assert_eq!(
        time_of(&format!("{PROVIDER}.svg")),
        svg_time,
        "not rewritten"
    );
    assert_eq!(files(&d.join("out")), before, "the index too is as it was");
    // The stamps are out of the way, in a hidden folder.
    assert!(d
        .join(format!("out/.regflow-cache/{PROVIDER}.stamp"))
        .is_file());
    // A changed model is rendered again, and so is the one referring to it.
    let path = m.join(format!("{PROVIDER}.ron"));
    let src = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        src.replace("Прием, регистрация", "Приём, регистрация"),
    )
    .unwrap();
    let third = render(&[]);
    assert!(third.contains(&format!("{PROVIDER}.ron → ")), "{third}");
    assert!(
        third.contains(&format!("{GK}.ron → ")),
        "it refers to the changed one: {third}"
    );
    assert_eq!(third.matches(": up to date (").count(), 3, "{third}");
    let svg = std::fs::read_to_string(d.join(format!("out/{PROVIDER}.svg"))).unwrap();
    assert!(svg.contains("Приём,"), "the new text drawn");
    // An output deleted since is made again; other options render anew.
    std::fs::remove_file(d.join(format!("out/{PROVIDER}.bpmn"))).unwrap();
    let fourth = render(&[]);
    assert!(fourth.contains(&format!("{PROVIDER}.ron → ")), "{fourth}");
    assert!(d.join(format!("out/{PROVIDER}.bpmn")).is_file());
    let bpmn = render(&["--orientation", "bpmn"]);
    assert!(bpmn.contains("5 model(s) rendered"), "{bpmn}");
    let forced = render(&["--orientation", "bpmn", "--force"]);
    assert!(forced.contains("5 model(s) rendered, 0 failed"), "{forced}");
}

#[test]
fn quiet_prints_only_problems_and_verbose_the_time_of_each_stage() {
    let d = tmp("quiet");
    let m = corpus(&d, true);
    let m = m.to_str().unwrap();
    let out = run(&["render", m, "-o", "q", "--format", "svg", "--quiet"], &d);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(
        err.contains("b-bad.ron:1:") && err.contains("b-bad.ron: skipped"),
        "{err}"
    );
    assert!(d.join(format!("q/{PROVIDER}.svg")).is_file());
    let out = run(
        &["render", m, "-o", "v", "--format", "svg,png", "--verbose"],
        &d,
    );
    let said = text(&out.stdout);
    for stage in [
        "check ",
        "layout ",
        "svg ",
        "png: read svg ",
        "png: raster ",
        "png: encode ",
        "write ",
    ] {
        assert!(said.contains(stage), "{stage}: {said}");
    }
    assert!(said.contains("time per stage, all models"), "{said}");
    assert!(said.contains("wall time "), "{said}");
    let both = run(&["render", m, "-q", "-v"], &d);
    assert_eq!(both.status.code(), Some(2), "a usage error");
}

#[test]
fn a_terminal_gets_a_progress_bar_and_a_pipe_plain_lines() {
    let d = tmp("progress");
    let m = corpus(&d, true);
    let cmd = format!(
        "{BIN} render {} -o {} --format svg,png -j 1",
        m.display(),
        d.join("tty").display()
    );
    // `script` runs the command on a pseudo-terminal and records what it shows.
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env("TERM", "xterm")
        .stdin(Stdio::null())
        .output()
        .expect("script (util-linux) runs");
    let shown = text(&out.stdout);
    assert!(shown.contains("/6 models, "), "a bar: {shown}");
    // A PNG is not poured onto a terminal.
    let png = Command::new("script")
        .args([
            "-qec",
            &format!(
                "{BIN} render {} -o - --format png",
                model(PROVIDER).display()
            ),
            "/dev/null",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let said = text(&png.stdout);
    assert!(said.contains("standard output is a terminal"), "{said}");
    assert!(!said.contains("PNG\r\n"), "{said}");
    assert!(shown.contains("1 failed"), "failures counted: {shown}");
    assert!(shown.contains(" left"), "time left: {shown}");
    assert!(
        shown.contains(&format!("{PROVIDER}.ron → ")),
        "lines above it: {shown}"
    );
    let plain = run(
        &[
            "render",
            m.to_str().unwrap(),
            "-o",
            "plain",
            "--format",
            "svg",
        ],
        &d,
    );
    let all = text(&plain.stdout) + &text(&plain.stderr);
    assert!(!all.contains(" models, "), "{all}");
    assert!(
        !all.contains('\r') && !all.contains('\u{1b}'),
        "no terminal codes: {all}"
    );
}

#[test]
fn completions_the_manual_and_the_version_come_from_the_same_definitions() {
    let d = tmp("completions");
    for (shell, mark) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef regflow"),
        ("fish", "complete -c regflow"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = run(&["completions", shell], &d);
        assert!(out.status.success(), "{shell}");
        let s = text(&out.stdout);
        assert!(s.contains(mark), "{shell}: {s}");
        assert!(s.contains("watch") && s.contains("legend-below"), "{shell}");
    }
    if Command::new("bash").arg("--version").output().is_ok() {
        let script = d.join("regflow.bash");
        std::fs::write(&script, run(&["completions", "bash"], &d).stdout).unwrap();
        let st = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source {} && complete -p regflow",
                script.display()
            ))
            .output()
            .unwrap();
        assert!(st.status.success(), "bash loads it: {}", text(&st.stderr));
    }
    let man = run(&["man"], &d);
    assert!(man.status.success());
    let page = text(&man.stdout);
    assert!(page.contains(".TH regflow"), "{page}");
    assert!(
        page.contains("render") && page.contains("completions"),
        "{page}"
    );
    let render = text(&run(&["man", "render"], &d).stdout);
    assert!(render.contains(".TH regflow-render"), "{render}");
    assert!(
        render.contains("\\-\\-watch"),
        "the options described: {render}"
    );
    assert_eq!(run(&["man", "rendr"], &d).status.code(), Some(2));
    let v = run(&["--version"], &d);
    assert_eq!(
        text(&v.stdout),
        format!("regflow {}\n", env!("CARGO_PKG_VERSION"))
    );
    let bad = run(&["completions", "tcsh"], &d);
    assert_eq!(bad.status.code(), Some(2));
}

/// Waits until `f` holds, up to `limit`.
fn until(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// CPU time (user + system, in clock ticks) a process has used so far.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name in parentheses; utime and stime are 14 and 15.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

#[test]
fn watch_renders_a_saved_model_again_and_keeps_the_last_good_outputs() {
    let d = tmp("watch");
    let m = d.join("models");
    std::fs::create_dir_all(&m).unwrap();
    let path = m.join(format!("{PROVIDER}.ron"));
    let src = std::fs::read_to_string(model(PROVIDER)).unwrap();
    std::fs::write(&path, &src).unwrap();
    let log = d.join("log.txt");
    let child = Command::new(BIN)
        .args(["render", "--watch", "--format", "svg", "-o"])
        .arg(d.join("out"))
        .arg(&m)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(std::fs::File::create(d.join("err.txt")).unwrap())
        .spawn()
        .unwrap();
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = Kill(child);
    let svg = d.join(format!("out/{PROVIDER}.svg"));
    let err = || std::fs::read_to_string(d.join("err.txt")).unwrap_or_default();
    assert!(
        until(Duration::from_secs(60), || err().contains("watching")),
        "first render: {}",
        err()
    );
    // Idle, it sleeps: well under a tenth of a CPU second in two seconds.
    let pid = child.0.id();
    let t0 = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(2));
    assert!(cpu_ticks(pid) - t0 < 10, "spins while idle");
    // A save as an editor does it: a new file renamed over the old one.
    let tmp_file = m.join(".edit.tmp");
    std::fs::write(
        &tmp_file,
        src.replace("Прием, регистрация", "Приём, регистрация"),
    )
    .unwrap();
    std::fs::rename(&tmp_file, &path).unwrap();
    assert!(
        until(Duration::from_secs(60), || std::fs::read_to_string(&svg)
            .is_ok_and(|s| s.contains("Приём,"))),
        "rendered again after the save: {}",
        err()
    );
    let good = std::fs::read(&svg).unwrap();
    // A broken save is reported, located, and the last good outputs stay.
    std::fs::write(&path, src.replace("lane: \"office\"", "lane: \"ofice\"")).unwrap();
    let located = |e: &str| {
        e.match_indices(&format!("{PROVIDER}.ron:"))
            .any(|(i, m)| e[i + m.len()..].starts_with(|c: char| c.is_ascii_digit()))
    };
    assert!(
        until(Duration::from_secs(60), || located(&err())
            && err().contains("skipped")),
        "{}",
        err()
    );
    assert!(err().contains("ofice"), "{}", err());
    assert_eq!(std::fs::read(&svg).unwrap(), good);
    // A new model in the folder is rendered too; the watch keeps running.
    std::fs::write(m.join("second.ron"), &src).unwrap();
    assert!(
        until(Duration::from_secs(60), || d
            .join("out/second.svg")
            .is_file()),
        "{}",
        err()
    );
    assert!(child.0.try_wait().unwrap().is_none(), "still running");
}

/// `--lang kk` on a model without Kazakh text is an error naming the
/// fields that lack it; nothing is written. A bilingual model renders.
#[test]
fn a_language_the_model_lacks_is_an_error_that_names_the_fields() {
    let dir = tmp("lang");
    let ru = model("almaty-02-protezy-gk");
    let out = run(
        &["render", ru.to_str().unwrap(), "-o", "out", "--lang", "kk"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("no Kazakh text for service, variant") && err.contains("lanes[0].name"),
        "{err}"
    );
    let written = std::fs::read_dir(dir.join("out"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .count()
        })
        .unwrap_or(0);
    assert_eq!(written, 0, "nothing written for the refused model");
    let both = model("mzhumabaev-deti-invalidy-mio");
    let out = run(
        &[
            "render",
            both.to_str().unwrap(),
            "-o",
            "out",
            "--lang",
            "kk",
            "--format",
            "svg",
        ],
        &dir,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Named for its language, so it never replaces the Russian drawing, and
    // marked as Kazakh for a screen reader.
    let svg = std::fs::read_to_string(dir.join("out/mzhumabaev-deti-invalidy-mio.kk.svg")).unwrap();
    assert!(svg.contains("ЖАО АЖ"));
    assert!(svg.contains("xml:lang=\"kk\"") && !svg.contains("xml:lang=\"ru\""));
    assert!(!dir.join("out/mzhumabaev-deti-invalidy-mio.svg").exists());
}
