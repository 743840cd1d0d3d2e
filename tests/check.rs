//! Model loading and `regflow check` as a user meets them: every problem
//! a small bad model can have is reported with the right words, at the
//! right line and column (in characters, as an editor counts them), with
//! a hint; the binary's exit status says clean (0), errors (1) or usage
//! (2) and never panics (101); every model in models/ is clean and has a
//! term.

use proptest::prelude::*;
use regflow::check::{check_file, describe_term, Checked};
use regflow::diag::{Diagnostic, Severity};
use regflow::model::{self, Lang, Term};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

// ---------------------------------------------------------------- fixtures

/// A small clean model; the bad models below are edits of it.
/// Lines: 4–5 the lanes, 8 the start, 9–10 the steps, 11 the end.
const GOOD: &str = r#"Process(
    service: "Услуга",
    lanes: [
        Lane(id: "office", name: "Канцелярия"),
        Lane(id: "head", name: "Руководитель"),
    ],
    nodes: [
        Start(lane: "office"),
        Step(n: "1", lane: "office", text: "Прием", time: Minutes(30)),
        Step(n: "2", lane: "head", text: "Подписание", time: Hours(3)),
        End(lane: "office", result: "Результат"),
    ],
)
"#;

/// A folder of its own under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("regflow-check-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temp folder");
        TempDir(dir)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, contents).expect("write a fixture");
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `GOOD` with `from` replaced by `to` (which must occur exactly once).
fn edit(src: &str, from: &str, to: &str) -> String {
    assert_eq!(src.matches(from).count(), 1, "fixture edit `{from}`");
    src.replacen(from, to, 1)
}

fn good_with(from: &str, to: &str) -> String {
    edit(GOOD, from, to)
}

/// `GOOD` with a choice `c` in the `head` lane inserted as line 10,
/// before step 2 (which moves to line 11).
fn with_choice(outcomes: &str) -> String {
    good_with(
        "        Step(n: \"2\"",
        &format!(
            "        Choice(id: \"c\", lane: \"head\", question: \"Полный?\", outcomes: [{outcomes}]),\n        Step(n: \"2\""
        ),
    )
}

/// Checks `src` saved as `m.ron` in a fresh folder.
fn check_src(src: &str) -> Checked {
    let dir = TempDir::new();
    check_file(&dir.write("m.ron", src))
}

/// Line and column (1-based, in characters) of the `nth` (0-based)
/// occurrence of `needle` in `src`.
fn pos_nth(src: &str, needle: &str, nth: usize) -> (usize, usize) {
    let at = src
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in the fixture"))
        .0;
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, src[line_start..at].chars().count() + 1)
}

fn pos(src: &str, needle: &str) -> (usize, usize) {
    pos_nth(src, needle, 0)
}

fn list(c: &Checked) -> String {
    c.diagnostics.iter().map(ToString::to_string).collect()
}

/// The one diagnostic with exactly this message.
fn find<'a>(c: &'a Checked, message: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = c
        .diagnostics
        .iter()
        .filter(|d| d.message == message)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one `{message}`, got:\n{}",
        list(c)
    );
    found[0]
}

/// Asserts an error `message` at `at` (line, col) whose help contains `help`.
fn assert_error(c: &Checked, message: &str, at: (usize, usize), help: &str) -> Diagnostic {
    let d = find(c, message);
    assert_eq!(d.severity, Severity::Error, "{d}");
    assert_eq!((d.line, d.col), at, "position of `{message}`:\n{d}");
    let h = d.help.as_deref().unwrap_or("");
    assert!(h.contains(help), "help of `{message}` lacks `{help}`: {h}");
    assert!(c.has_errors());
    assert!(c.term.is_none(), "no term for a model with errors");
    d.clone()
}

fn regflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regflow"))
        .args(args)
        .output()
        .expect("run regflow")
}

fn run_check(path: &Path) -> (i32, String, String) {
    let out = regflow(&["check", path.to_str().expect("UTF-8 temp path")]);
    (
        out.status.code().expect("regflow exits, not killed"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// ------------------------------------------------------------- the fixture

#[test]
fn the_fixture_is_clean_and_has_a_term() {
    let c = check_src(GOOD);
    assert!(c.diagnostics.is_empty(), "{}", list(&c));
    let t = c.term.expect("a term");
    assert_eq!(t.shortest.term.minutes, 30 + 180);
    assert_eq!(t.shortest.nodes, vec![0, 1, 2, 3]);
}

// ---------------------------------------------------------- syntax and kinds

#[test]
fn syntax_error_column_counts_characters_on_a_cyrillic_line() {
    let src = good_with(r#""Прием", time"#, r#""Прием" time"#);
    let c = check_src(&src);
    assert!(c.loaded.is_none());
    let d = assert_error(&c, "expected a comma", (9, 52), "`,`");
    assert_eq!(pos(&src, "time: Minutes"), (9, 52));
    // Counted in bytes, the column would be 5 further (five Cyrillic
    // letters of «Прием», two bytes each).
    let line = src.lines().nth(8).unwrap();
    assert_eq!(line.find("time").unwrap() + 1, 57);
    assert_eq!(d.source_line, line);
    let shown = d.to_string();
    assert!(
        shown.contains("m.ron:9:52: error: expected a comma"),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("  | {}^\n", " ".repeat(51))),
        "the caret stands under `time`:\n{shown}"
    );
}

#[test]
fn unknown_field_is_named_with_the_fields_that_exist() {
    let src = good_with(r#"text: "Прием""#, r#"txet: "Прием""#);
    let c = check_src(&src);
    let d = assert_error(
        &c,
        "unknown field `txet` in Step",
        pos(&src, "txet"),
        "did you mean `text`?",
    );
    assert!(d.help.unwrap().contains("outside_term"));
    assert_eq!(d.width, 4);
}

#[test]
fn unknown_field_of_a_lane_and_of_the_process() {
    let src = good_with(
        r#"name: "Канцелярия")"#,
        r#"name: "Канцелярия", alias: [])"#,
    );
    let c = check_src(&src);
    assert_error(
        &c,
        "unknown field `alias` in Lane",
        pos(&src, "alias"),
        "did you mean `aliases`?",
    );
    let src = good_with("    service:", "    servise: \"x\",\n    service:");
    let c = check_src(&src);
    assert_error(
        &c,
        "unknown field `servise` in Process",
        (2, 5),
        "did you mean `service`?",
    );
}

#[test]
fn unknown_node_kind() {
    let src = good_with(r#"Step(n: "2""#, r#"Stpe(n: "2""#);
    let c = check_src(&src);
    let d = assert_error(
        &c,
        "unknown node kind `Stpe`",
        (10, 9),
        "did you mean `Step`?",
    );
    assert!(d
        .help
        .unwrap()
        .contains("Start, End, Step, Event, Document, Choice, Ref"));
}

#[test]
fn unknown_lane_kind() {
    let src = good_with(
        r#"name: "Руководитель")"#,
        r#"name: "Руководитель", kind: Akimat)"#,
    );
    let c = check_src(&src);
    let d = assert_error(
        &c,
        "unknown lane kind `Akimat`",
        pos(&src, "Akimat"),
        "did you mean `Akim`?",
    );
    assert_eq!(d.line, 5);
    assert!(d.help.unwrap().contains("InformationSystem"));
}

#[test]
fn unknown_duration_unit() {
    let src = good_with("Hours(3)", "Weeks(2)");
    let c = check_src(&src);
    let d = assert_error(&c, "unknown duration unit `Weeks`", (10, 62), "WorkDays(n)");
    assert_eq!(pos(&src, "Weeks"), (10, 62));
    assert_eq!(d.width, "Weeks".len());
}

#[test]
fn missing_required_field() {
    let src = good_with(r#"text: "Прием", "#, "");
    let c = check_src(&src);
    let d = find(&c, "missing field `text` in Step");
    assert_eq!(d.line, 9);
    assert!(d.help.as_deref().unwrap().contains("text: …"));
}

// --------------------------------------------------------------- references

#[test]
fn unknown_node_in_next_suggests_the_nearest_id() {
    let src = good_with(r#"n: "2","#, r#"id: "sign", n: "2","#);
    let src = edit(&src, "Minutes(30))", r#"Minutes(30), next: ["sing"])"#);
    let c = check_src(&src);
    let d = assert_error(
        &c,
        "unknown node `sing`",
        pos(&src, r#""sing""#),
        "did you mean `sign`?",
    );
    assert_eq!(d.line, 9);
}

#[test]
fn unknown_node_in_a_choice_outcome_suggests_the_nearest_id() {
    let src = with_choice(r#"(label: "да", to: "2"), (label: "нет", to: "fin")"#);
    let src = edit(&src, "End(lane", r#"End(id: "final", lane"#);
    let c = check_src(&src);
    assert_error(
        &c,
        "unknown node `fin`",
        pos(&src, r#""fin""#),
        "did you mean `final`?",
    );
}

#[test]
fn unknown_lane_suggests_the_nearest_lane() {
    let src = good_with(r#"lane: "head", text"#, r#"lane: "haed", text"#);
    let c = check_src(&src);
    let d = assert_error(&c, "unknown lane `haed`", (10, 28), "did you mean `head`?");
    assert_eq!(pos(&src, r#""haed""#), (10, 28));
    assert!(d.help.unwrap().contains("the lanes are: head, office"));
}

// --------------------------------------------------------------- duplicates

#[test]
fn duplicate_node_id() {
    let src = good_with(r#"n: "1","#, r#"id: "x", n: "1","#);
    let src = edit(&src, r#"n: "2","#, r#"id: "x", n: "2","#);
    let c = check_src(&src);
    assert_error(
        &c,
        "duplicate id `x`",
        pos_nth(&src, r#""x""#, 1),
        "node 2 already uses this id",
    );
}

#[test]
fn duplicate_step_number_without_ids_says_to_give_ids() {
    let src = good_with(r#"n: "2""#, r#"n: "1""#);
    let c = check_src(&src);
    let d = assert_error(&c, "duplicate id `1`", (10, 17), "give the parts ids");
    assert_eq!(pos_nth(&src, r#""1""#, 1), (10, 17));
    assert!(d.help.unwrap().contains("id: \"1a\""));
}

#[test]
fn duplicate_lane_id() {
    let src = good_with(r#"Lane(id: "head""#, r#"Lane(id: "office""#);
    let c = check_src(&src);
    assert_error(
        &c,
        "duplicate lane id `office`",
        (5, 18),
        "lane 1 already uses this id",
    );
}

// ------------------------------------------------------------ the flow graph

#[test]
fn no_start() {
    let src = good_with("        Start(lane: \"office\"),\n", "");
    let c = check_src(&src);
    assert_error(
        &c,
        "the process has no start",
        (7, 12),
        "add Start(lane: …)",
    );
}

#[test]
fn no_end() {
    let src = good_with(
        "        End(lane: \"office\", result: \"Результат\"),\n",
        "",
    );
    let c = check_src(&src);
    assert_error(&c, "the process has no end", (7, 12), "add End(lane: …");
}

#[test]
fn unreachable_node() {
    let src = good_with("Minutes(30))", r#"Minutes(30), next: ["fin"])"#);
    let src = edit(&src, "End(lane", r#"End(id: "fin", lane"#);
    let c = check_src(&src);
    assert_error(
        &c,
        "`2` cannot be reached from the start",
        (10, 9),
        "no flow leads here",
    );
    assert_eq!(c.diagnostics.len(), 1, "{}", list(&c));
}

#[test]
fn node_from_which_no_end_can_be_reached() {
    // Step 2 waits for itself for ever.
    let src = with_choice(r#"(label: "да", to: "2"), (label: "нет", to: "fin")"#);
    let src = edit(&src, "Hours(3))", r#"Hours(3), next: ["2"])"#);
    let src = edit(&src, "End(lane", r#"End(id: "fin", lane"#);
    let c = check_src(&src);
    assert_error(
        &c,
        "no end can be reached from `2`",
        (11, 9),
        "every path must finish at an End",
    );
    assert_eq!(c.diagnostics.len(), 1, "{}", list(&c));
}

#[test]
fn a_choice_with_one_outcome() {
    let src = with_choice(r#"(label: "да", to: "2")"#);
    let c = check_src(&src);
    assert_error(
        &c,
        "the choice `c` has 1 outcome",
        (10, 9),
        "at least two outcomes",
    );
    assert_eq!(pos(&src, "Choice"), (10, 9));
}

#[test]
fn an_outcome_with_an_empty_label() {
    let src = with_choice(r#"(label: "да", to: "2"), (label: " ", to: "1")"#);
    let c = check_src(&src);
    assert_error(
        &c,
        "an outcome without a label",
        pos(&src, r#"" ""#),
        "label each outcome",
    );
}

#[test]
fn a_flow_into_a_start() {
    let src = good_with("Start(lane", r#"Start(id: "s", lane"#);
    let src = edit(&src, "Hours(3))", r#"Hours(3), next: ["s", "fin"])"#);
    let src = edit(&src, "End(lane", r#"End(id: "fin", lane"#);
    let c = check_src(&src);
    assert_error(
        &c,
        "a flow into the start `s`",
        pos(&src, r#""s", "fin""#),
        "nothing flows into a start",
    );
    assert_eq!(c.diagnostics.len(), 1, "{}", list(&c));
}

#[test]
fn a_flow_out_of_an_end() {
    let src = good_with(r#""Результат")"#, r#""Результат", next: ["x"])"#);
    let c = check_src(&src);
    assert_error(
        &c,
        "a flow out of an end",
        pos(&src, r#"["x"]"#),
        "an end closes the process",
    );
}

// -------------------------------------------------------- warnings and text

#[test]
fn an_empty_lane_is_a_warning_and_the_status_stays_0() {
    let src = good_with(
        "    ],\n    nodes",
        "        Lane(id: \"idle\", name: \"Никто\"),\n    ],\n    nodes",
    );
    let c = check_src(&src);
    let d = find(&c, "the lane `idle` has no nodes");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!((d.line, d.col), (6, 18));
    assert!(d.help.as_deref().unwrap().contains("drawn empty"));
    assert!(!c.has_errors(), "{}", list(&c));
    assert!(c.term.is_some(), "a warning does not stop the term");

    let dir = TempDir::new();
    let (code, stdout, stderr) = run_check(&dir.write("m.ron", &src));
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stderr.contains("m.ron:6:18: warning: the lane `idle` has no nodes"),
        "{stderr}"
    );
    assert!(stdout.contains("0 error(s), 1 warning(s)"), "{stdout}");
}

#[test]
fn a_character_not_in_the_font() {
    let src = good_with("Подписание", "Подписание 中");
    let c = check_src(&src);
    assert_error(
        &c,
        "the character `中` (U+4E2D) is not in the bundled font",
        pos(&src, "\"Подписание 中"),
        "empty box",
    );
}

#[test]
fn a_character_not_in_the_font_in_any_drawn_text() {
    let msg = "the character `中` (U+4E2D) is not in the bundled font";
    // a lane name, a choice label, a duration in words, the heading
    let cases = [
        (
            good_with("Руководитель", "Руководитель中"),
            "\"Руководитель中",
        ),
        (
            with_choice(r#"(label: "да中", to: "2"), (label: "нет", to: "2")"#),
            "\"да中",
        ),
        (good_with("Hours(3)", r#"Text("по графику 中")"#), "Text("),
        (good_with("\"Услуга\"", "\"Услуга 中\""), "\"Услуга"),
    ];
    for (src, at) in cases {
        let c = check_src(&src);
        let d = find(&c, msg);
        assert_eq!((d.line, d.col), pos(&src, at), "{d}");
    }
}

#[test]
fn a_ref_to_a_model_that_does_not_exist() {
    let src = good_with(
        r#"Step(n: "2", lane: "head", text: "Подписание", time: Hours(3))"#,
        r#"Ref(n: "2", lane: "head", text: "По пункту 5", model: "s999-nope")"#,
    );
    let c = check_src(&src);
    let d = assert_error(
        &c,
        "the referenced model `s999-nope` does not exist",
        pos(&src, r#""s999-nope""#),
        "s999-nope.ron",
    );
    assert_eq!(d.line, 10);

    // The same model beside the one it names is clean.
    let dir = TempDir::new();
    dir.write("s999-nope.ron", GOOD);
    let c = check_file(&dir.write("m.ron", &src));
    assert!(c.diagnostics.is_empty(), "{}", list(&c));
}

#[test]
fn a_bound_inside_a_bound() {
    let src = good_with("Hours(3)", "NoMore(Within(Minutes(3)))");
    let c = check_src(&src);
    let d = assert_error(
        &c,
        "a bound inside a bound",
        (10, 62),
        "NoMore(Minutes(30))",
    );
    assert_eq!(pos(&src, "NoMore"), (10, 62));
    assert_eq!(d.width, "NoMore(Within(Minutes(3)))".len());
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_model() {
    let c = check_src(&format!("\u{feff}{GOOD}"));
    assert!(c.diagnostics.is_empty(), "{}", list(&c));
    // and positions on the first line still count from the first visible character
    let c = check_src(&format!("\u{feff}{}", good_with("Process(", "Proces(")));
    assert!(c.has_errors());
    assert!(
        c.diagnostics.iter().all(|d| d.line != 1 || d.col == 1),
        "{}",
        list(&c)
    );
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let src = good_with(r#"lane: "head", text"#, r#"lane: "haed", text"#);
    let src = edit(&src, "Hours(3)", "NoMore(AtLeast(Hours(3)))");
    let src = edit(&src, "\"Прием\"", "\"Прием 中\"");
    let c = check_src(&src);
    let errors: Vec<&str> = c
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(errors.len(), 3, "{}", list(&c));
    // in file order
    let lines: Vec<(usize, usize)> = c.diagnostics.iter().map(|d| (d.line, d.col)).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
}

// ------------------------------------------------------------------ the term

#[test]
fn the_term_of_a_small_model() {
    // Start → 1 → choice: да → 2a (2 working days) / нет → 2b (5 h);
    // 2a and 2b join at 3; 3 loops back to 2b once (rework);
    // 4 is outside the term, 5 has its duration only in words.
    let src = r#"Process(
    service: "Услуга",
    lanes: [
        Lane(id: "office", name: "Канцелярия"),
        Lane(id: "head", name: "Руководитель"),
    ],
    nodes: [
        Start(lane: "office"),
        Step(n: "1", lane: "office", text: "Прием", time: Minutes(30)),
        Choice(id: "full", lane: "head", question: "Полный?",
               outcomes: [(label: "да", to: "2a"), (label: "нет", to: "2b")]),
        Step(id: "2a", n: "2", lane: "head", text: "Рассмотрение", time: Within(WorkDays(2)), next: ["3"]),
        Step(id: "2b", n: "2", lane: "head", text: "Доработка", time: Hours(5)),
        Step(n: "3", lane: "office", text: "Проверка", time: NoMore(Hours(1))),
        Choice(id: "ok", lane: "office", question: "Верно?",
               outcomes: [(label: "да", to: "4"), (label: "нет", to: "2b")]),
        Step(n: "4", lane: "head", text: "Архив", time: Days(10), outside_term: true),
        Step(n: "5", lane: "office", text: "Выдача", time: Text("по графику")),
        End(lane: "office", result: "Результат"),
    ],
)
"#;
    let c = check_src(src);
    assert!(c.diagnostics.is_empty(), "{}", list(&c));
    let t = c.term.as_ref().expect("a term");
    // 30 min + 5 h + 1 h; the 10 calendar days of step 4 do not count.
    assert_eq!(
        t.shortest.term,
        Term {
            minutes: 390,
            ..Term::default()
        }
    );
    assert_eq!(t.shortest.nodes, vec![0, 1, 2, 4, 5, 6, 7, 8, 9]);
    // 30 min + 2 working days + 1 h: the working days are not turned into hours.
    assert_eq!(
        t.longest.term,
        Term {
            minutes: 90,
            work_days: 2,
            ..Term::default()
        }
    );
    assert_eq!(t.longest.nodes, vec![0, 1, 2, 3, 5, 6, 7, 8, 9]);
    assert_eq!(t.excluded, vec![7, 8]);
    let m = c.loaded.as_ref().unwrap();
    assert_eq!(
        describe_term(m, t, Lang::Ru),
        "term: shortest 6 ч 30 мин (9 nodes), longest 2 раб. дня 1 ч 30 мин (9 nodes); \
         left out: 4 (не входит в срок), 5 (no number); \
         rework loops (back to 2) counted once: each rework adds its steps again"
    );
}

/// A reference step («в соответствии с пунктом 5») counts the time of the
/// steps it refers to, read from the other model; when that model cannot be
/// read, the step is listed as left out.
#[test]
fn a_reference_step_counts_the_time_of_the_steps_it_refers_to() {
    let dir = std::env::temp_dir().join(format!("regflow-ref-term-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("p5.ron"),
        r#"Process(service: "У", lanes: [Lane(id: "a", name: "А")], nodes: [
            Start(lane: "a"),
            Step(n: "1", lane: "a", text: "Прием", time: Minutes(30)),
            Step(n: "2", lane: "a", text: "Рассмотрение", time: WorkDays(8)),
            Step(n: "3", lane: "a", text: "Выдача", time: Hours(4)),
            End(lane: "a"),
        ])"#,
    )
    .unwrap();
    let gk = |steps: &str| {
        format!(
            r#"Process(service: "У", lanes: [Lane(id: "g", name: "ГК"), Lane(id: "p", name: "Услугодатель")], nodes: [
            Start(lane: "g"),
            Step(n: "1", lane: "g", text: "Прием", time: Minutes(15)),
            Ref(n: "2", lane: "p", model: "p5", {steps} text: "В соответствии с пунктом 5"),
            End(lane: "g"),
        ])"#
        )
    };
    std::fs::write(dir.join("gk.ron"), gk("")).unwrap();
    let c = regflow::check::check_file(&dir.join("gk.ron"));
    let t = c.term.as_ref().unwrap();
    assert_eq!(
        t.longest.term,
        Term {
            minutes: 15 + 30 + 240,
            work_days: 8,
            ..Term::default()
        }
    );
    let said = describe_term(c.loaded.as_ref().unwrap(), t, Lang::Ru);
    assert!(said.contains("step 2 counts the steps of p5"), "{said}");
    // Only the steps named.
    std::fs::write(dir.join("gk.ron"), gk(r#"steps: "2-3","#)).unwrap();
    let c = regflow::check::check_file(&dir.join("gk.ron"));
    assert_eq!(
        c.term.unwrap().longest.term,
        Term {
            minutes: 15 + 240,
            work_days: 8,
            ..Term::default()
        }
    );
    // The other model broken: left out, and said.
    std::fs::write(dir.join("p5.ron"), "Process(").unwrap();
    let c = regflow::check::check_file(&dir.join("gk.ron"));
    let t = c.term.as_ref().unwrap();
    assert_eq!(
        t.longest.term,
        Term {
            minutes: 15,
            ..Term::default()
        }
    );
    let said = describe_term(c.loaded.as_ref().unwrap(), t, Lang::Ru);
    assert!(said.contains("left out: 2 (refers to p5"), "{said}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_term_counts_a_rework_loop_once() {
    // 1 → 2 → choice: да → end, нет → back to 1.
    let src = good_with(
        "Hours(3)),",
        "Hours(3)),\n        Choice(id: \"c\", lane: \"head\", question: \"Верно?\", \
         outcomes: [(label: \"да\", to: \"fin\"), (label: \"нет\", to: \"1\")]),",
    );
    let src = edit(&src, "End(lane", r#"End(id: "fin", lane"#);
    let c = check_src(&src);
    assert!(c.diagnostics.is_empty(), "{}\n{src}", list(&c));
    let t = c.term.expect("a term");
    assert_eq!(t.longest.term.minutes, 30 + 180);
    assert_eq!(t.shortest.term.minutes, 30 + 180);
}

#[test]
fn the_term_follows_a_loop_written_out_of_order() {
    // 1 → 3 → 2 → 4 → choice: да → end, нет → back to 3: the loop is
    // entered at 3, written after 2.
    let src = good_with(
        r#"Step(n: "2", lane: "head", text: "Подписание", time: Hours(3)),"#,
        r#"Step(n: "2", lane: "head", text: "Подписание", time: Hours(1), next: ["4"]),
        Step(n: "3", lane: "head", text: "Проверка", time: Minutes(10), next: ["2"]),
        Step(n: "4", lane: "office", text: "Выдача", time: Hours(2)),
        Choice(id: "c", lane: "office", question: "Верно?",
               outcomes: [(label: "да", to: "fin"), (label: "нет", to: "3")]),"#,
    );
    let src = edit(&src, "Minutes(30))", r#"Minutes(30), next: ["3"])"#);
    let src = edit(&src, "End(lane", r#"End(id: "fin", lane"#);
    let c = check_src(&src);
    assert!(c.diagnostics.is_empty(), "{}", list(&c));
    let t = c.term.expect("a term");
    assert_eq!(t.longest.nodes, vec![0, 1, 3, 2, 4, 5, 6]);
    assert_eq!(t.longest.term.minutes, 30 + 10 + 60 + 120);
    assert_eq!(t.shortest, t.longest);
}

// ---------------------------------------------------------- the command line

#[test]
fn cli_exit_0_on_a_clean_model() {
    let dir = TempDir::new();
    let (code, stdout, stderr) = run_check(&dir.write("m.ron", GOOD));
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("m.ron: ok; term: shortest 3 ч 30 мин"),
        "{stdout}"
    );
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn cli_exit_1_with_errors_located_and_underlined() {
    let dir = TempDir::new();
    let path = dir.write("m.ron", good_with("Hours(3)", "Weeks(2)"));
    let (code, stdout, stderr) = run_check(&path);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let head = format!(
        "{}:10:62: error: unknown duration unit `Weeks`",
        path.display()
    );
    assert!(stderr.contains(&head), "{stderr}");
    let caret = format!("   | {}^^^^^\n", " ".repeat(61));
    assert!(stderr.contains(&caret), "caret under `Weeks`:\n{stderr}");
    assert!(
        stderr.contains("= help: write one of Minutes(n)"),
        "{stderr}"
    );
    assert!(stdout.contains("m.ron: FAILED"), "{stdout}");
}

#[test]
fn cli_exit_2_on_a_missing_path() {
    let dir = TempDir::new();
    let (code, _, stderr) = run_check(&dir.0.join("absent.ron"));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no such file or folder"), "{stderr}");
}

#[test]
fn cli_exit_2_on_a_folder_without_models() {
    let dir = TempDir::new();
    dir.write("readme.txt", "not a model");
    let (code, _, stderr) = run_check(&dir.0);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no .ron model files"), "{stderr}");
}

#[test]
fn cli_exit_2_on_an_unknown_subcommand() {
    let out = regflow(&["chekc", "models"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("chekc"));
}

#[test]
fn cli_batch_goes_on_past_a_bad_model() {
    let dir = TempDir::new();
    dir.write("a-bad.ron", good_with("Hours(3)", "Weeks(2)"));
    dir.write("b-good.ron", GOOD);
    let (code, stdout, stderr) = run_check(&dir.0);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("a-bad.ron: FAILED"), "{stdout}");
    assert!(stdout.contains("b-good.ron: ok; term:"), "{stdout}");
    assert!(
        stdout.contains("2 model(s): 1 with errors; 1 error(s)"),
        "{stdout}"
    );
    assert!(stderr.contains("a-bad.ron:10:62: error"), "{stderr}");
}

#[test]
fn cli_binary_garbage_is_an_error_not_a_panic() {
    let dir = TempDir::new();
    let mut inputs: Vec<Vec<u8>> = vec![
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\xff\xfe\x00\x00".to_vec(),
        vec![0u8; 64],
        vec![0xff; 64],
        b"Process(".to_vec(),
        "Process(service: \"Усл".as_bytes()[..22].to_vec(), // cut inside a letter
        Vec::new(),
    ];
    // Deterministic pseudo-random bytes (xorshift).
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for len in [1usize, 7, 100, 4096] {
        inputs.push(
            (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x as u8
                })
                .collect(),
        );
    }
    for (i, bytes) in inputs.iter().enumerate() {
        let path = dir.write(&format!("g{i}.ron"), bytes);
        let (code, stdout, stderr) = run_check(&path);
        assert_eq!(code, 1, "input {i}: {stdout}{stderr}");
        assert!(!stderr.contains("panicked"), "input {i}: {stderr}");
        assert!(stderr.contains(": error: "), "input {i}: {stderr}");
    }
    let (_, _, stderr) = run_check(&dir.0.join("g2.ron"));
    assert!(stderr.contains("the file is not UTF-8 text"), "{stderr}");
}

// ----------------------------------------------------------- never panics

/// What a user's editor might leave in a model: `GOOD` with a piece cut
/// out and something else written in.
fn mutated() -> impl Strategy<Value = String> {
    let chars: Vec<char> = GOOD.chars().collect();
    let n = chars.len();
    (
        0..=n,
        0..=8usize,
        prop_oneof![
            Just(String::new()),
            "[(),:\\[\\]\"#!r/*]{1,3}",
            "[a-zA-Zа-яё0-9_ ]{1,8}",
            "\\PC{1,4}",
        ],
    )
        .prop_map(move |(at, cut, ins)| {
            let end = (at + cut).min(n);
            let mut s: String = chars[..at].iter().collect();
            s.push_str(&ins);
            s.extend(&chars[end..]);
            s
        })
}

fn exercise(src: &str) {
    match model::load_str(Path::new("p.ron"), src) {
        Ok(m) => {
            let ds = model::validate(&m);
            for d in &ds {
                let _ = d.to_string();
                assert!(d.line >= 1 && d.col >= 1, "{d}");
            }
            if !ds.iter().any(Diagnostic::is_error) {
                let _ = model::term_of(&m.process);
            }
        }
        Err(ds) => {
            assert!(!ds.is_empty());
            for d in &ds {
                assert!(d.is_error());
                let shown = d.to_string();
                assert!(shown.contains(": error: "), "{shown}");
                assert!(d.line <= src.lines().count() + 1, "{shown}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        exercise(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_strings_never_panic(s in "\\PC{0,300}") {
        exercise(&s);
    }

    #[test]
    fn edited_models_never_panic(s in mutated()) {
        exercise(&s);
    }
}

// -------------------------------------------------------------- the models

#[test]
fn every_model_in_models_is_clean_and_has_a_term() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let files = regflow::check::model_files(&dir).expect("models/ exists");
    assert!(!files.is_empty(), "models/ has models");
    for f in files {
        let c = check_file(&f);
        assert!(!c.has_errors(), "{}:\n{}", f.display(), list(&c));
        let t = c
            .term
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no term", f.display()));
        assert!(
            t.shortest.term.weight() <= t.longest.term.weight(),
            "{}: {t:?}",
            f.display()
        );
        assert!(t.shortest.nodes.len() >= 2 && t.longest.nodes.len() >= 2);
    }
}

/// A plain chain of 90,000 steps (4.8 MB) is past the node limit: `check`
/// says so at the first node past it, not a stack overflow that would abort
/// the rest of a batch; and the term, computed by the library for such a
/// model all the same, recurses no deeper than the input is long.
#[test]
fn a_chain_of_90000_steps_is_checked_without_overflowing_the_stack() {
    let dir = std::env::temp_dir().join(format!("regflow-chain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut src = String::from(
        "Process(service: \"X\", lanes: [Lane(id: \"a\", name: \"A\")], nodes: [Start(lane: \"a\"),\n",
    );
    for i in 1..=90_000 {
        src.push_str(&format!(
            "Step(n: \"{i}\", lane: \"a\", text: \"шаг\", time: Minutes(1)),\n"
        ));
    }
    src.push_str("End(lane: \"a\")])");
    let f = dir.join("chain.ron");
    std::fs::write(&f, &src).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_regflow"))
        .arg("check")
        .arg(&f)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("chain.ron:10001:")
            && stderr.contains("the model has 90002 nodes; regflow draws at most 10000"),
        "{stderr}"
    );
    let m = regflow::model::load_str(&f, &src).unwrap();
    let t = regflow::model::term_of(&m.process).unwrap();
    assert_eq!(t.longest.nodes.len(), 90_002);
    assert_eq!(t.shortest.term.describe(regflow::model::Lang::Ru), "1500 ч");
    let _ = std::fs::remove_dir_all(&dir);
}
