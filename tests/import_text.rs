//! `regflow import regulation.txt`: drafts from regulation texts.
//!
//! - every regulation text in `sources/` imports to drafts that pass
//!   `check` and render, and the drafts score at least the floor measured
//!   against the hand-checked models in `models/`;
//! - a small regulation written here, and variations of it as regulations
//!   are found (sections reordered, «1.», «а)», «- 1)» numbering, sentences
//!   broken over lines, NBSP lines and extra spaces, a Перечень unit no step
//!   names, Kazakh), reads to the same steps, lanes, durations, choices;
//! - a text that is not a regulation is refused with a clear message.

use regflow::check;
use regflow::import::text::{self, score, TextError};
use regflow::model::{Duration, Lang, Node, Process};
use regflow::render::{self, Outputs, RenderOptions, TextOutput};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("regflow-import-text-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Writes drafts into `dir`, then checks every one as `regflow check` does
/// (references to other drafts resolved beside it) and renders it.
fn write_check_render(dir: &Path, drafts: &[text::Draft]) {
    for d in drafts {
        std::fs::write(dir.join(format!("{}.ron", d.stem)), &d.ron).unwrap();
    }
    for d in drafts {
        let path = dir.join(format!("{}.ron", d.stem));
        let c = check::check_file(&path);
        let errors: Vec<String> = c
            .diagnostics
            .iter()
            .filter(|x| x.is_error())
            .map(|x| x.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{}: {}\n{}",
            d.stem,
            errors.join("\n"),
            d.ron
        );
        let p = &c.loaded.as_ref().unwrap().process;
        let opts = RenderOptions {
            lang: p.lang,
            orientation: None,
            text: TextOutput::Embedded,
            dpi: 24.0,
            paper: render::Paper::A4,
            legend_below: false,
            legend_used: false,
        };
        let want = Outputs {
            svg: true,
            png: false,
            bpmn: false,
            legend: false,
            html: false,
            pdf: false,
        };
        let r = render::render_only(p, &opts, want).unwrap_or_else(|e| panic!("{}: {e}", d.stem));
        assert!(r.svg.contains("<svg"), "{}", d.stem);
    }
}

#[test]
fn every_source_imports_to_drafts_that_check_render_and_score() {
    let dir = temp("sources");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("sources"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    for f in &files {
        let shown = format!("sources/{}", f.file_name().unwrap().to_string_lossy());
        let drafts = text::import_path(f, &shown).unwrap_or_else(|e| panic!("{e}"));
        assert!(!drafts.is_empty(), "{shown}");
        write_check_render(&dir, &drafts);
        // Byte-identical on a second run.
        let again = text::import_path(f, &shown).unwrap();
        assert!(drafts
            .iter()
            .zip(&again)
            .all(|(a, b)| a.ron == b.ron && a.stem == b.stem));
    }
    let rows = score::score_dirs(&root().join("models"), &dir).unwrap();
    let t = score::total(&rows);
    // The floor is what the import reaches on the corpus (bench/README.md,
    // «Text import»), a little below so that a change that loses ground
    // fails: lanes, steps, durations, choices, loops (precision, recall).
    let floor = [
        (0.97, 0.91),
        (0.93, 0.90),
        (0.98, 0.94),
        (0.87, 0.73),
        (1.0, 1.0),
    ];
    for (k, (p, r)) in floor.iter().enumerate() {
        assert!(
            t[k].precision() >= *p && t[k].recall() >= *r,
            "{}: P {:.2} R {:.2} below the floor {p} {r}\n{}",
            score::KINDS[k],
            t[k].precision(),
            t[k].recall(),
            score::table(&rows)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A regulation of the genre, written for these tests.
const BASE: &str = "Постановление акимата Тестовой области от 5 мая 2019 года № 77. Зарегистрировано Департаментом юстиции Тестовой области 10 мая 2019 года № 1234.

Приложение 1 к постановлению акимата Тестовой области

Регламент государственной услуги \"Выдача справки о тестировании\"

1. Общие положения

1. Государственная услуга оказывается местным исполнительным органом (далее – услугодатель).

3. Результат оказания государственной услуги – справка о тестировании.

@PROC@

@ROSTER@
";

const PROC: &str = "2. Описание порядка действий структурных подразделений (работников) услугодателя в процессе оказания государственной услуги

5. Содержание каждой процедуры (действия), входящей в состав процесса оказания государственной услуги, длительность его выполнения:

при обращении к услугодателю:

1) сотрудник канцелярии услугодателя принимает и регистрирует документы (не более двадцати минут). Результат процедуры (действия): регистрация документов;

в случае представления неполного пакета документов сотрудник канцелярии выдает расписку об отказе в приеме документов (не более десяти минут);

2) руководитель услугодателя определяет ответственного исполнителя (в течение одного рабочего дня);

3) ответственный исполнитель услугодателя рассматривает документы и готовит справку (в течение трех рабочих дней);

4) руководитель услугодателя подписывает справку (в течение четырех часов);

в случае обнаружения недостоверных сведений возвращает документы на доработку ответственному исполнителю услугодателя (в течение одного часа);

5) сотрудник канцелярии услугодателя выдает справку услугополучателю – 15 (пятнадцать) минут.";

const ROSTER: &str = "3. Описание порядка взаимодействия структурных подразделений (работников) услугодателя в процессе оказания государственной услуги

6. Перечень структурных подразделений (работников) услугодателя, которые участвуют в процессе оказания государственной услуги:

1) сотрудник канцелярии услугодателя;

2) руководитель услугодателя;

3) ответственный исполнитель услугодателя;

4) бухгалтер услугодателя.";

fn base() -> String {
    BASE.replace("@PROC@", PROC).replace("@ROSTER@", ROSTER)
}

/// What a reviewer checks first in a draft: numbers and lanes of the steps,
/// their times, the choices and where returns go.
#[derive(Debug, PartialEq)]
struct Read {
    steps: Vec<(String, String)>,
    times: Vec<(String, String)>,
    choices: usize,
    loops: Vec<(String, String)>,
    not_lanes: Vec<String>,
}

fn read(p: &Process) -> Read {
    let lane = |id: &str| {
        p.lanes
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.name.get(Lang::Ru, p.default_lang()).to_lowercase())
            .unwrap_or_default()
    };
    let mut r = Read {
        steps: vec![],
        times: vec![],
        choices: 0,
        loops: vec![],
        not_lanes: vec![],
    };
    for n in &p.nodes {
        match n {
            Node::Step {
                n: Some(num),
                id,
                lane: l,
                time,
                next,
                ..
            } => {
                if id.is_none() {
                    r.steps.push((num.clone(), lane(l)));
                }
                if let Some(t) = time {
                    r.times.push((num.clone(), format!("{t:?}")));
                }
                if let Some(to) = next {
                    r.loops.push((num.clone(), to.join(",")));
                }
            }
            Node::Choice { .. } => r.choices += 1,
            _ => {}
        }
    }
    r.not_lanes = p
        .source
        .as_ref()
        .map(|s| s.not_lanes.iter().map(|n| n.unit.clone()).collect())
        .unwrap_or_default();
    r
}

fn import(src: &str) -> Vec<text::Draft> {
    text::import_text(src, "test.txt", "test").unwrap_or_else(|e| panic!("{e}\n{src}"))
}

fn expected() -> Read {
    let office = "сотрудник канцелярии услугодателя".to_string();
    let head = "руководитель услугодателя".to_string();
    let officer = "ответственный исполнитель услугодателя".to_string();
    Read {
        steps: vec![
            ("1".into(), office.clone()),
            ("2".into(), head.clone()),
            ("3".into(), officer),
            ("4".into(), head),
            ("5".into(), office),
        ],
        times: vec![
            (
                "1".into(),
                format!("{:?}", Duration::NoMore(Box::new(Duration::Minutes(10)))),
            ),
            (
                "1".into(),
                format!("{:?}", Duration::NoMore(Box::new(Duration::Minutes(20)))),
            ),
            (
                "2".into(),
                format!("{:?}", Duration::Within(Box::new(Duration::WorkDays(1)))),
            ),
            (
                "3".into(),
                format!("{:?}", Duration::Within(Box::new(Duration::WorkDays(3)))),
            ),
            (
                "4".into(),
                format!("{:?}", Duration::Within(Box::new(Duration::Hours(1)))),
            ),
            (
                "4".into(),
                format!("{:?}", Duration::Within(Box::new(Duration::Hours(4)))),
            ),
            ("5".into(), format!("{:?}", Duration::Minutes(15))),
        ],
        choices: 2,
        loops: vec![("4".into(), "3".into())],
        not_lanes: vec!["бухгалтер услугодателя".into()],
    }
}

#[test]
fn a_regulation_reads_to_its_steps_lanes_times_choices_and_loops() {
    let d = import(&base());
    assert_eq!(d.len(), 1);
    let p = &d[0].process;
    assert_eq!(read(p), expected(), "{}", d[0].ron);
    let src = p.source.as_ref().unwrap();
    assert_eq!(src.date.as_deref(), Some("05.05.2019"));
    assert_eq!(src.number.as_deref(), Some("77"));
    assert_eq!(src.registration.as_deref(), Some("1234"));
    assert_eq!(src.appendix.as_deref(), Some("1"));
    assert_eq!(
        p.service.get(Lang::Ru, Lang::Ru),
        "Выдача справки о тестировании"
    );
    assert_eq!(
        p.variant.as_ref().unwrap().get(Lang::Ru, Lang::Ru),
        "при обращении к услугодателю"
    );
    // The refusal is an end with its result; the draft says where it read.
    assert!(p.nodes.iter().any(|n| matches!(n, Node::End { result: Some(r), .. } if r.get(Lang::Ru, Lang::Ru).contains("отказ"))));
    assert!(d[0]
        .ron
        .contains("// Черновик: regflow import из test.txt, строки"));
    let dir = temp("base");
    write_check_render(&dir, &d);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_roster_before_the_procedures_reads_the_same() {
    let src = BASE.replace("@PROC@", ROSTER).replace("@ROSTER@", PROC);
    assert_eq!(read(&import(&src)[0].process), expected());
}

/// The procedures renumbered with another marker.
fn renumbered(marker: impl Fn(usize) -> String) -> String {
    let mut proc = PROC.to_string();
    for k in 1..=5 {
        proc = proc.replace(&format!("\n{k}) "), &format!("\n{} ", marker(k)));
    }
    BASE.replace("@PROC@", &proc).replace("@ROSTER@", ROSTER)
}

#[test]
fn other_numbering_styles_read_the_same() {
    for (what, src) in [
        ("1.", renumbered(|k| format!("{k}."))),
        ("- 1)", renumbered(|k| format!("- {k})"))),
        (
            "а)",
            renumbered(|k| format!("{})", ['а', 'б', 'в', 'г', 'д'][k - 1])),
        ),
    ] {
        let d = import(&src);
        assert_eq!(d.len(), 1, "{what}");
        let got = read(&d[0].process);
        let mut want = expected();
        if what == "а)" {
            // Letters are kept as the text writes them.
            let l = ["а", "б", "в", "г", "д"];
            let num = |n: &str| l[n.parse::<usize>().unwrap() - 1].to_string();
            want.steps.iter_mut().for_each(|s| s.0 = num(&s.0));
            want.times.iter_mut().for_each(|s| s.0 = num(&s.0));
            want.loops = vec![("г".into(), "в".into())];
        }
        assert_eq!(got, want, "{what}\n{}", d[0].ron);
    }
}

#[test]
fn broken_lines_nbsp_lines_and_extra_spaces_read_the_same() {
    // Every paragraph wrapped at about 50 characters, as a PDF copy does.
    let wrapped: String = base()
        .split("\n\n")
        .map(|para| {
            let mut out = String::new();
            let mut len = 0;
            for w in para.split(' ') {
                if len > 50 {
                    out.push('\n');
                    len = 0;
                } else if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(w);
                len += w.chars().count() + 1;
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    assert_eq!(read(&import(&wrapped)[0].process), expected(), "wrapped");
    let spaced = base()
        .replace("\n\n", "\n\u{a0}\u{a0}\n  \n")
        .replace(" документы", "  документы");
    assert_eq!(read(&import(&spaced)[0].process), expected(), "NBSP");
    let markdown = base()
        .replace(
            "Регламент государственной",
            "## **Регламент государственной",
        )
        .replace("тестировании\"\n", "тестировании\"**\n");
    assert_eq!(read(&import(&markdown)[0].process), expected(), "Markdown");
}

#[test]
fn a_unit_of_the_roster_no_step_names_is_not_a_lane_and_says_why() {
    let d = import(&base());
    let p = &d[0].process;
    assert!(!p
        .lanes
        .iter()
        .any(|l| l.name.get(Lang::Ru, Lang::Ru).contains("ухгалтер")));
    let nl = &p.source.as_ref().unwrap().not_lanes;
    assert_eq!(nl.len(), 1);
    assert!(nl[0].why.contains("не назван"), "{}", nl[0].why);
}

const KK: &str = "Тест облысы әкімдігінің 2019 жылғы 5 мамырдағы № 77 қаулысы. Тест облысының Әділет департаментінде 2019 жылғы 10 мамырда № 1234 болып тіркелді.

«Тестілеу туралы анықтама беру» мемлекеттік көрсетілетін қызмет регламенті

1. Жалпы ережелер

3. Мемлекеттік қызметті көрсету нәтижесі – тестілеу туралы анықтама.

2. Мемлекеттік қызмет көрсету процесінде көрсетілетін қызметті берушінің құрылымдық бөлімшелерінің (қызметкерлерінің) іс-қимыл тәртібін сипаттау

5. Мемлекеттік қызмет көрсету процесінің құрамына кіретін әрбір рәсімнің (іс-қимылдың) мазмұны, оның орындалу ұзақтығы:

1) көрсетілетін қызметті берушінің кеңсе қызметкері құжаттарды қабылдайды және тіркейді – 20 (жиырма) минут;

2) көрсетілетін қызметті берушінің басшысы жауапты орындаушыны анықтайды – 3 (үш) сағат;

3) көрсетілетін қызметті берушінің жауапты орындаушысы құжаттарды қарайды – 10 (он) жұмыс күні;

4) көрсетілетін қызметті берушінің кеңсе қызметкері анықтаманы береді – 15 (он бес) минут.

3. Мемлекеттік қызмет көрсету процесінде көрсетілетін қызметті берушінің құрылымдық бөлімшелерінің (қызметкерлерінің) өзара іс-қимыл тәртібін сипаттау

6. Мемлекеттік қызмет көрсету процесіне қатысатын көрсетілетін қызметті берушінің құрылымдық бөлімшелерінің (қызметкерлерінің) тізбесі:

1) көрсетілетін қызметті берушінің кеңсе қызметкері;

2) көрсетілетін қызметті берушінің басшысы;

3) көрсетілетін қызметті берушінің жауапты орындаушысы.
";

#[test]
fn a_kazakh_regulation_reads_in_kazakh() {
    let d = import(KK);
    assert_eq!(d.len(), 1);
    let p = &d[0].process;
    assert_eq!(p.lang, Lang::Kk);
    assert_eq!(
        p.service.get(Lang::Kk, Lang::Kk),
        "Тестілеу туралы анықтама беру"
    );
    let r = read(p);
    let lanes: Vec<&str> = r.steps.iter().map(|s| s.1.as_str()).collect();
    assert_eq!(
        lanes,
        [
            "көрсетілетін қызметті берушінің кеңсе қызметкері",
            "көрсетілетін қызметті берушінің басшысы",
            "көрсетілетін қызметті берушінің жауапты орындаушысы",
            "көрсетілетін қызметті берушінің кеңсе қызметкері"
        ],
        "{}",
        d[0].ron
    );
    assert_eq!(r.times.len(), 4, "{}", d[0].ron);
    assert_eq!(p.source.as_ref().unwrap().number.as_deref(), Some("77"));
    let dir = temp("kk");
    write_check_render(&dir, &d);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The procedures of [`PROC`] as the old regulations print them: an action
/// table in an appendix («Описание действий СФЕ»), one cell a line, row
/// after row. `layout` "bars": cells end in « |», narrow cells are cut
/// («Руководи-», «Сроки ис-»), the table goes on in a second block;
/// "indexed": cells a paragraph each, the row's index before each heading,
/// a word broken over two lines of a narrow column.
fn tabled(layout: &str) -> String {
    let units = [
        "Сотрудник канцелярии услугодателя",
        "Руководи-",
        "Ответственный исполнитель услугодателя",
        "Руководитель",
        "Сотрудник канце-",
    ];
    let acts = [
        "Прием и регистрация документов",
        "Определение ответственного исполнителя",
        "Рассмотрение документов, подготовка справки",
        "Подписание справки",
        "Выдача справки",
    ];
    let times = [
        "не более 20 минут",
        "в течение 1 рабочего дня",
        "в течение 3 рабочих дней",
        "в течение 4 часов",
        "15 минут",
    ];
    let forms = [
        "Талон",
        "Резолюция",
        "Проект справки",
        "Справка",
        "Расписка",
    ];
    let table = match layout {
        "bars" => {
            let block = |r: std::ops::Range<usize>, cut: bool| {
                let mut t =
                    String::from("Действия основного процесса (хода, потока работ) |\n|||\n");
                let h =
                    |whole: &str, short: &str| format!("{} |\n", if cut { short } else { whole });
                t += &h("№ действия (хода, потока работ)", "№ действия (хода,");
                r.clone().for_each(|k| t += &format!("{} |\n", k + 1));
                t += &h("Наименование СФЕ", "Наимено-");
                r.clone().for_each(|k| t += &format!("{} |\n", units[k]));
                t += &h(
                    "Наименование действия (процесса, процедуры, операции) и их описание",
                    "Наимено-",
                );
                r.clone().for_each(|k| t += &format!("{} |\n", acts[k]));
                t += &h(
                    "Форма завершения (данные, документ, организационно-распорядительное решение)",
                    "Форма за-",
                );
                r.clone().for_each(|k| t += &format!("{} |\n", forms[k]));
                t += &h("Сроки исполнения", "Сроки ис-");
                r.clone().for_each(|k| t += &format!("{} |\n", times[k]));
                t += &h("Номер следующего действия", "Номер следующ. действия");
                r.clone()
                    .filter(|&k| k < 4)
                    .for_each(|k| t += &format!("{} |\n", k + 2));
                t
            };
            format!(
                "Описание последовательности и взаимодействие административных действий (процедур) Таблица 1. Описание действий СФЕ услугодателя\n{}Продолжение описания действий |\n{}",
                block(0..3, false),
                block(3..5, true)
            )
        }
        _ => {
            let mut t = String::from("Таблица 1. Описание действий СФЕ услугодателя\n\n1) Действия основного процесса (хода, потока работ)\n\n1\n\n№ действия (хода, потока работ)\n\n");
            let cells = |t: &mut String, v: Vec<String>, next_index: usize| {
                for c in v {
                    *t += &c;
                    *t += "\n\n";
                }
                if next_index > 0 {
                    *t += &format!("{next_index}\n\n");
                }
            };
            cells(&mut t, (1..=5).map(|k| k.to_string()).collect(), 2);
            t += "Наименование СФЕ, ИС\n\n";
            cells(&mut t, units.iter().map(|u| u.to_string()).collect(), 3);
            t += "Наименование действия (процесса, процедуры, операции) и их описание\n\n";
            let mut a: Vec<String> = acts.iter().map(|u| u.to_string()).collect();
            a[3] = "Подписа\nние справки".into();
            cells(&mut t, a, 4);
            t += "Форма завершения (данные, документ, организационно-распорядительное решение)\n\n";
            cells(&mut t, forms.iter().map(|u| u.to_string()).collect(), 5);
            t += "Сроки исполнения\n\n";
            cells(&mut t, times.iter().map(|u| u.to_string()).collect(), 6);
            t += "Номер следующего действия\n\n";
            cells(
                &mut t,
                vec!["2".into(), "3".into(), "4".into(), "5".into(), "-".into()],
                0,
            );
            t
        }
    };
    let pointer = "2. Описание порядка действий структурных подразделений (работников) услугодателя в процессе оказания государственной услуги\n\n5. Текстовое табличное описание последовательности и взаимодействие административных действий (процедур) каждой СФЕ приведено в приложении 1 к настоящему регламенту.";
    BASE.replace("@PROC@", pointer).replace("@ROSTER@", ROSTER)
        + "\nПриложение 1\nк регламенту государственной услуги\n«Выдача справки о тестировании»\n"
        + &table
}

#[test]
fn a_flattened_action_table_reads_to_numbered_timed_steps_in_their_lanes() {
    let office = "сотрудник канцелярии услугодателя".to_string();
    let head = "руководитель услугодателя".to_string();
    let officer = "ответственный исполнитель услугодателя".to_string();
    let want_steps = vec![
        ("1".to_string(), office.clone()),
        ("2".into(), head.clone()),
        ("3".into(), officer),
        ("4".into(), head),
        ("5".into(), office),
    ];
    let want_times: Vec<(String, String)> = [
        Duration::NoMore(Box::new(Duration::Minutes(20))),
        Duration::Within(Box::new(Duration::WorkDays(1))),
        Duration::Within(Box::new(Duration::WorkDays(3))),
        Duration::Within(Box::new(Duration::Hours(4))),
        Duration::Minutes(15),
    ]
    .iter()
    .enumerate()
    .map(|(k, d)| ((k + 1).to_string(), format!("{d:?}")))
    .collect();
    for layout in ["bars", "indexed"] {
        let src = tabled(layout);
        let d = import(&src);
        assert_eq!(
            d.len(),
            1,
            "{layout}: {:?}",
            d.iter().map(|x| &x.stem).collect::<Vec<_>>()
        );
        let r = read(&d[0].process);
        assert_eq!(r.steps, want_steps, "{layout}\n{}", d[0].ron);
        assert_eq!(r.times, want_times, "{layout}\n{}", d[0].ron);
        assert!(
            d[0].ron.contains("Подписание справки"),
            "{layout}: a word broken over lines is mended\n{}",
            d[0].ron
        );
        let dir = temp(&format!("table-{layout}"));
        write_check_render(&dir, &d);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A Kazakh e-service list whose processes name their agent in the
/// genitive («көрсетілетін қызметті алушының … таңдауы»).
#[test]
fn a_kazakh_agent_in_the_genitive_gets_the_step() {
    let src = KK.replace(
        "1) көрсетілетін қызметті берушінің кеңсе қызметкері құжаттарды қабылдайды және тіркейді – 20 (жиырма) минут;",
        "1) көрсетілетін қызметті берушінің кеңсе қызметкері құжаттарды қабылдайды және тіркейді – 20 (жиырма) минут;\n\nпортал арқылы жүгінген кезде:\n\n1) 1 үдеріс – көрсетілетін қызметті алушының осы регламентте көрсетілген қызметті таңдауы және үлгіні толтыруы;\n\n2) 2 үдеріс – көрсетілетін қызметті алушының мәліметтерінің бұзылушылықтары болған жағдайда порталмен бас тарту туралы хабарламаны қалыптастыру;",
    );
    let d = import(&src);
    let portal = d
        .iter()
        .find(|x| x.stem.contains("portal"))
        .unwrap_or_else(|| panic!("{:?}", d.iter().map(|x| &x.stem).collect::<Vec<_>>()));
    let p = &portal.process;
    let lane_of = |id: &str| {
        let n = p
            .nodes
            .iter()
            .find(|n| n.given_id() == Some(id))
            .unwrap_or_else(|| panic!("{id}\n{}", portal.ron));
        p.lanes
            .iter()
            .find(|l| l.id == n.lane())
            .unwrap()
            .name
            .get(Lang::Kk, Lang::Kk)
            .to_lowercase()
    };
    assert_eq!(
        lane_of("1"),
        "көрсетілетін қызметті алушы",
        "{}",
        portal.ron
    );
    assert_ne!(
        lane_of("2"),
        "көрсетілетін қызметті алушы",
        "{}",
        portal.ron
    );
}

#[test]
fn what_is_not_a_regulation_is_refused_clearly() {
    for (what, src) in [
        ("empty", String::new()),
        (
            "news",
            "Сегодня в Алматы прошел форум.\n\nУчастники обсудили погоду, цены и транспорт.\n"
                .to_string(),
        ),
        (
            "a list that is no procedure",
            "Список покупок:\n\n1) хлеб;\n\n2) молоко;\n\n3) сыр.\n".to_string(),
        ),
        (
            "a heading and nothing",
            "Регламент государственной услуги \"Выдача справки\"\n\n1. Общие положения\n"
                .to_string(),
        ),
    ] {
        match text::import_text(&src, "x.txt", "x") {
            Err(TextError::NotRegulation { file, why }) => {
                assert_eq!(file, "x.txt");
                assert!(!why.is_empty(), "{what}");
            }
            other => panic!("{what}: {other:?}"),
        }
    }
    let dir = temp("binary");
    let f = dir.join("scan.txt");
    std::fs::write(&f, [0x89u8, b'P', b'N', b'G', 0, 0, 1, 2]).unwrap();
    let e = text::import_path(&f, "scan.txt").unwrap_err();
    assert!(matches!(e, TextError::NotText { .. }), "{e}");
    assert!(e.to_string().contains("UTF-8"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_command_writes_drafts_and_refuses_other_input_without_writing() {
    let dir = temp("cli");
    let bin = env!("CARGO_BIN_EXE_regflow");
    let reg = dir.join("regulation.txt");
    std::fs::write(&reg, base()).unwrap();
    let out = dir.join("drafts");
    let run = std::process::Command::new(bin)
        .arg("import")
        .arg(&reg)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let files: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(files.len(), 1);
    let check = std::process::Command::new(bin)
        .arg("check")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let score = std::process::Command::new(bin)
        .args(["import", "--score"])
        .arg(&out)
        .arg(&out)
        .output()
        .unwrap();
    assert!(score.status.success());
    assert!(String::from_utf8_lossy(&score.stdout)
        .contains("| **total** | | 1.00 | 1.00 | 1.00 | 1.00"));

    let news = dir.join("news.txt");
    std::fs::write(&news, "Сегодня прошел форум.\n").unwrap();
    let none = dir.join("none");
    let run = std::process::Command::new(bin)
        .arg("import")
        .arg(&news)
        .arg("-o")
        .arg(&none)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("news.txt") && err.contains("not a regulation"),
        "{err}"
    );
    assert!(!none.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A regulation served through two offices: the Перечень names each role
/// once for both («… Центра или акима сельского округа»), the procedures
/// name one side at a time, in the instrumental, with a time for each;
/// the term's extension is a note, not a case; the signing is by the head
/// the work was sent to.
const EITHER: &str = "Регламент государственной услуги \"Назначение тестовой помощи\"

5. Содержание каждой процедуры (действия), входящей в состав процесса оказания государственной услуги:

1) прием, регистрация документов сотрудником канцелярии Центра или акима сельского округа – 30 (тридцать) минут;

2) рассмотрение документов и определение ответственного исполнителя Центра или акима сельского округа – 2 (два) часа;

3) оформление результата оказания государственной услуги:

ответственным исполнителем Центра – 6 (шесть) рабочих дней;

ответственным исполнителем акима сельского округа – 4 (четыре) рабочих дня.

В случае запроса в государственные органы срок продлевается на срок до 30 (тридцати) календарных дней;

4) направление результата оказания государственной услуги на подпись руководителю услугодателя – 30 (тридцать) минут;

5) подписание результата оказания государственной услуги и направление:

ответственному исполнителю Центра – 4 (четыре) часа;

ответственному исполнителю акима сельского округа – 2 (два) рабочих дня;

б) выдача результата оказания государственной услуги услугополучателю – 30 (тридцать) минут.

6. Перечень структурных подразделений (работников) услугодателя, которые участвуют в процессе оказания государственной услуги:

1) сотрудник канцелярии Центра или акима сельского округа;

2) руководитель Центра или аким сельского округа;

3) ответственный исполнитель Центра или акима сельского округа;

4) руководитель услугодателя.
";

#[test]
fn one_side_of_a_unit_named_for_two_offices_is_that_unit() {
    let lane_of = |p: &Process, n: &str| -> Vec<String> {
        p.nodes
            .iter()
            .filter(|x| x.number() == Some(n))
            .map(|x| {
                let l = p.lanes.iter().find(|l| l.id == x.lane()).unwrap();
                l.name.get(Lang::Ru, Lang::Ru).to_lowercase()
            })
            .collect()
    };
    let numbered_dash = EITHER
        .replace("\n1) ", "\n- 1) ")
        .replace("\n2) ", "\n- 2) ");
    let nbsp = EITHER.replace("\n\n", "\n\u{a0}\n");
    for (what, src) in [
        ("plain", EITHER.to_string()),
        ("- 1)", numbered_dash),
        ("NBSP", nbsp),
    ] {
        let d = import(&src);
        assert_eq!(d.len(), 1, "{what}");
        let p = &d[0].process;
        let names: Vec<String> = p
            .lanes
            .iter()
            .map(|l| l.name.get(Lang::Ru, Lang::Ru).to_lowercase())
            .collect();
        assert_eq!(
            names,
            [
                "сотрудник канцелярии центра или акима сельского округа",
                "руководитель центра или аким сельского округа",
                "ответственный исполнитель центра или акима сельского округа",
                "руководитель услугодателя",
            ],
            "{what}\n{}",
            d[0].ron
        );
        let staff = "ответственный исполнитель центра или акима сельского округа";
        // Two cases of step 3, each in the unit; the extension is no case.
        assert_eq!(lane_of(p, "3"), [staff, staff], "{what}\n{}", d[0].ron);
        // The head the result was sent to signs, in both cases.
        assert_eq!(
            lane_of(p, "5"),
            ["руководитель услугодателя", "руководитель услугодателя"],
            "{what}\n{}",
            d[0].ron
        );
        // «б)» after «5)» is item 6.
        assert_eq!(lane_of(p, "6").len(), 1, "{what}\n{}", d[0].ron);
        let dir = temp(&format!("either-{}", what.len()));
        write_check_render(&dir, &d);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_sentence_broken_over_an_empty_line_stays_one_procedure() {
    let broken = base().replace(
        "3) ответственный исполнитель услугодателя рассматривает документы и готовит справку",
        "3) ответственный исполнитель услугодателя рассматривает документы и\n\nготовит справку",
    );
    let d = import(&broken);
    assert_eq!(read(&d[0].process), expected(), "{}", d[0].ron);
}

#[test]
fn terms_listed_inside_a_clause_are_not_procedures() {
    let terms = base().replace(
        "1. Общие положения\n",
        "1. Общие положения\n\n1. В настоящем регламенте используются следующие понятия:\n\n1) уполномоченный орган – отдел занятости и социальных программ района;\n\n2) участковая комиссия – комиссия, создаваемая решением акима;\n",
    );
    let d = import(&terms);
    assert_eq!(
        d.len(),
        1,
        "{}",
        d.iter().map(|x| x.ron.as_str()).collect::<String>()
    );
    assert_eq!(read(&d[0].process), expected());
}

/// An e-service list: a step that refers to the items of another clause,
/// an impersonal step placed in the portal, the two gateways, a
/// continuation that names its performer and has no time.
const PORTAL: &str = "Регламент государственной услуги \"Выдача тестовой справки\"

6. Содержание каждой процедуры (действия), входящей в состав процесса оказания государственной услуги:

1) услугополучатель предоставляет услугодателю документы;

2) исполнитель услугодателя регистрирует документы и готовит справку (не более пяти минут);

исполнитель услугодателя получает письменное согласие услугополучателя на использование сведений;

3) руководитель услугодателя подписывает справку (не более пяти минут);

4) исполнитель услугодателя выдает справку услугополучателю (не более пяти минут).

9. Описание порядка обращения и последовательности процедур (действий) услугодателя и услугополучателя при оказании услуги через портал:

1) услугополучатель осуществляет регистрацию на портале;

2) после введения ИИН и пароля на портале производится проверка подлинности данных о регистрируемом услугополучателе;

3) электронный запрос направляется через \"шлюз электронного правительства\"/\"региональный шлюз электронного правительства\" услугодателю;

4) после принятия электронного запроса действия структурных подразделений услугодателя осуществляются в соответствии с подпунктами 2-3) пункта 6 настоящего регламента;

5) исполнитель услугодателя направляет результат в \"личный кабинет\" услугополучателя (не более тридцати минут).
";

#[test]
fn e_service_steps_go_to_their_systems_and_refer_to_their_clause() {
    let d = import(PORTAL);
    assert_eq!(
        d.len(),
        2,
        "{}",
        d.iter().map(|x| x.ron.as_str()).collect::<String>()
    );
    let provider = &d[0].process;
    // Step 2 and the consent it goes on with, in the same lane.
    let twos: Vec<&Node> = provider
        .nodes
        .iter()
        .filter(|n| n.number() == Some("2"))
        .collect();
    assert_eq!(twos.len(), 2, "{}", d[0].ron);
    assert_eq!(twos[0].lane(), twos[1].lane());
    let portal = &d[1].process;
    let lane = |n: &str| {
        let node = portal.nodes.iter().find(|x| x.number() == Some(n)).unwrap();
        let l = portal.lanes.iter().find(|l| l.id == node.lane()).unwrap();
        l.name.get(Lang::Ru, Lang::Ru).to_string()
    };
    assert_eq!(lane("2"), "Портал", "{}", d[1].ron);
    assert_eq!(
        lane("3"),
        "Шлюз «электронного правительства» / региональный шлюз «электронного правительства»"
    );
    let step4 = portal
        .nodes
        .iter()
        .find(|x| x.number() == Some("4"))
        .unwrap();
    assert!(matches!(step4, Node::Ref { .. }), "{}", d[1].ron);
    let dir = temp("portal");
    write_check_render(&dir, &d);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn procedures_split_into_the_same_cases_share_one_choice() {
    let split = base()
        .replace(
            "2) руководитель услугодателя определяет ответственного исполнителя (в течение одного рабочего дня);",
            "2) определение ответственного исполнителя:\n\nуведомление о назначении пособия – 30 (тридцать) минут;\n\nполучение информации о назначении пособия – 6 (шесть) минут;",
        )
        .replace(
            "3) ответственный исполнитель услугодателя рассматривает документы и готовит справку (в течение трех рабочих дней);",
            "3) рассмотрение документов, оформление справки ответственным исполнителем услугодателя:\n\nуведомление о назначении пособия – 3 (три) рабочих дня;\n\nполучение информации о назначении пособия – 6 (шесть) минут;",
        );
    let d = import(&split);
    let p = &d[0].process;
    let cases = p
        .nodes
        .iter()
        .filter(|n| matches!(n, Node::Choice { question, .. } if question.get(Lang::Ru, Lang::Ru).contains("какой случай")))
        .count();
    assert_eq!(cases, 1, "{}", d[0].ron);
    // Each case of step 2 goes on to the same case of step 3.
    let next_of = |id: &str| {
        p.nodes.iter().find_map(|n| match n {
            Node::Step {
                id: Some(i), next, ..
            } if i == id => next.clone(),
            _ => None,
        })
    };
    assert_eq!(next_of("2b"), Some(vec!["3b".to_string()]), "{}", d[0].ron);
    assert_eq!(next_of("2c"), Some(vec!["3c".to_string()]), "{}", d[0].ron);
    let dir = temp("cases");
    write_check_render(&dir, &d);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_kazakh_extension_of_the_term_is_no_step() {
    let extended = KK.replace(
        "3) көрсетілетін қызметті берушінің жауапты орындаушысы құжаттарды қарайды – 10 (он) жұмыс күні;\n",
        "3) көрсетілетін қызметті берушінің жауапты орындаушысы құжаттарды қарайды – 10 (он) жұмыс күні;\n\nМемлекеттік органдарға сұрау салынған жағдайда мерзім 30 (отыз) күнтізбелік күнге дейін ұзартылады;\n",
    );
    assert_ne!(extended, KK);
    let d = import(&extended);
    assert_eq!(
        read(&d[0].process),
        read(&import(KK)[0].process),
        "{}",
        d[0].ron
    );
}

/// The choice a case of a procedure ends in («принятие решения о
/// назначении либо об отказе в назначении»), if any: its line and labels.
fn decision_after_case(p: &Process) -> Vec<(Option<u32>, Vec<String>)> {
    p.nodes
        .iter()
        .filter_map(|n| match n {
            Node::Choice {
                id: Some(id),
                outcomes,
                line,
                ..
            } if id.starts_with("c3") && id.len() > 2 => Some((
                *line,
                outcomes
                    .iter()
                    .map(|o| o.label.get(Lang::Ru, p.default_lang()).to_string())
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn a_case_that_decides_or_refuses_is_a_choice() {
    let split = base().replace(
        "3) ответственный исполнитель услугодателя рассматривает документы и готовит справку (в течение трех рабочих дней);",
        "3) рассмотрение документов, оформление справки ответственным исполнителем услугодателя:\n\nпринятие решения о назначении пособия либо об отказе в назначении – 5 (пять) рабочих дней;\n\nвыдача дубликата справки – 2 (два) рабочих дня;",
    );
    let d = import(&split);
    let p = &d[0].process;
    let found = decision_after_case(p);
    assert_eq!(found.len(), 1, "{}", d[0].ron);
    assert!(
        found[0].1.iter().any(|l| l.contains("отказ")),
        "{}",
        d[0].ron
    );
    let line = split
        .lines()
        .position(|l| l.starts_with("принятие решения о назначении"))
        .map(|i| i as u32 + 1);
    assert_eq!(found[0].0, line, "{}", d[0].ron);
    // The other case decides nothing; «или» without a refusal is no decision.
    let plain = split.replace("либо об отказе в назначении", "или перерасчете");
    assert!(decision_after_case(&import(&plain)[0].process).is_empty());
    let dir = temp("decision");
    write_check_render(&dir, &d);
    // A first stage that decides: its positive side goes on to the second.
    let staged = base().replace(
        "3) ответственный исполнитель услугодателя рассматривает документы и готовит справку (в течение трех рабочих дней);",
        "3) рассмотрение документов, оформление справки ответственным исполнителем услугодателя:\n\n1 этап: уведомление о назначении либо об отказе в назначении – 3 (три) рабочих дня;\n\n2 этап: выдача справки – 2 (два) рабочих дня;",
    );
    let ds = import(&staged);
    let outs: Vec<String> = ds[0]
        .process
        .nodes
        .iter()
        .find_map(|n| match n {
            Node::Choice {
                id: Some(i),
                outcomes,
                ..
            } if i == "c3b" => Some(outcomes.iter().map(|o| o.to.clone()).collect()),
            _ => None,
        })
        .unwrap_or_default();
    // The refusal goes on to what follows the cases (the check before 4).
    assert_eq!(outs, ["3c", "c4"], "{}", ds[0].ron);
    write_check_render(&dir, &ds);
    // In Kazakh: «… тағайындау немесе тағайындаудан бас тарту туралы шешім».
    let kk = KK.replace(
        "3) көрсетілетін қызметті берушінің жауапты орындаушысы құжаттарды қарайды – 10 (он) жұмыс күні;",
        "3) көрсетілетін қызметті берушінің жауапты орындаушысы құжаттарды қарайды:\n\nжәрдемақы тағайындау немесе тағайындаудан бас тарту туралы шешім қабылдау – 5 (бес) жұмыс күні;\n\nанықтаманың телнұсқасын беру – 2 (екі) жұмыс күні;",
    );
    assert_ne!(kk, KK);
    let dk = import(&kk);
    let found = decision_after_case(&dk[0].process);
    assert_eq!(found.len(), 1, "{}", dk[0].ron);
    assert!(
        found[0].1.iter().any(|l| l.contains("бас тарту")),
        "{}",
        dk[0].ron
    );
    write_check_render(&dir, &dk);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cases_under_a_heading_are_a_choice_of_their_own() {
    let nested = base().replace(
        "3) ответственный исполнитель услугодателя рассматривает документы и готовит справку (в течение трех рабочих дней);",
        "3) рассмотрение документов, оформление справки ответственным исполнителем услугодателя:\n\nвыдача справки – 3 (три) рабочих дня;\n\nдля лиц, обратившихся повторно:\n\nвыдача дубликата справки – 1 (один) рабочий день;\n\nпереоформление справки – 2 (два) рабочих дня;",
    );
    let d = import(&nested);
    let p = &d[0].process;
    let heading = nested
        .lines()
        .position(|l| l.starts_with("для лиц, обратившихся повторно:"))
        .map(|i| i as u32 + 1);
    let choices: Vec<(Option<u32>, Vec<String>)> = p
        .nodes
        .iter()
        .filter_map(|n| match n {
            Node::Choice { outcomes, line, .. } => {
                Some((*line, outcomes.iter().map(|o| o.to.clone()).collect()))
            }
            _ => None,
        })
        .collect();
    let inner = choices
        .iter()
        .find(|c| c.0 == heading)
        .unwrap_or_else(|| panic!("no choice at the heading\n{}", d[0].ron));
    assert_eq!(inner.1.len(), 2, "{}", d[0].ron);
    // The procedure's own choice leads to the case and to the heading's choice.
    let outer = choices
        .iter()
        .find(|c| c.1.iter().any(|t| t == "3b"))
        .unwrap_or_else(|| panic!("{}", d[0].ron));
    assert_eq!(outer.1.len(), 2, "{}", d[0].ron);
    let dir = temp("nested");
    write_check_render(&dir, &d);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--score --misses`: what a draft missed and added against the model,
/// each with the line of the text that says it. The draft here is read
/// from the regulation with step 5 left out and step 3 given to another
/// unit; the model is the whole regulation's draft.
#[test]
fn misses_list_what_the_draft_lost_and_added_with_lines() {
    let dir = temp("misses");
    let bin = env!("CARGO_BIN_EXE_regflow");
    let whole = base();
    let line_of = |t: &str, key: &str| t.lines().position(|l| l.starts_with(key)).unwrap() + 1;
    let five = line_of(&whole, "5) сотрудник канцелярии");
    let three = line_of(&whole, "3) ответственный");
    let cut = whole
        .replace(
            "3) ответственный исполнитель услугодателя рассматривает",
            "3) бухгалтер услугодателя рассматривает",
        )
        .replace(
            "5) сотрудник канцелярии услугодателя выдает справку услугополучателю – 15 (пятнадцать) минут.",
            "",
        );
    let (models, drafts) = (dir.join("models"), dir.join("drafts"));
    for (folder, src) in [(&models, &whole), (&drafts, &cut)] {
        std::fs::create_dir_all(folder).unwrap();
        for d in text::import_text(src, "reg.txt", "reg").unwrap() {
            std::fs::write(folder.join(format!("{}.ron", d.stem)), &d.ron).unwrap();
        }
    }
    let run = std::process::Command::new(bin)
        .args(["import", "--score", "--misses"])
        .arg(&models)
        .arg(&drafts)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let want = [
        format!("- missed steps: 3 [Ответственный исполнитель услугодателя] (line {three}); 5 [Сотрудник канцелярии услугодателя] (line {five})"),
        format!("- added steps: 3 [Бухгалтер услугодателя] (line {three})"),
        format!("- missed durations: 5 Exact Minutes(15) (line {five})"),
        format!("- added lanes: Бухгалтер услугодателя (line {three})"),
        "- missed lanes: Ответственный исполнитель услугодателя".to_string(),
    ];
    for w in &want {
        assert!(out.contains(w.as_str()), "{w}\n{out}");
    }
    // The table comes first, unchanged by the flag.
    assert!(out.starts_with("| model | draft |"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// An e-service list where a condition is checked in a system and the
/// refusal after it names no performer («2 үдеріс – … бас тарту туралы
/// хабарламаны қалыптастыру», «процесс 2 – формирование сообщения об
/// отказе …»): the refusal is the system's, where the check was, not the
/// applicant's who acted before the check.
#[test]
fn a_refusal_after_a_condition_is_drawn_where_the_check_was() {
    let kk = KK.replace(
        "1) көрсетілетін қызметті берушінің кеңсе қызметкері құжаттарды қабылдайды және тіркейді – 20 (жиырма) минут;",
        "1) көрсетілетін қызметті берушінің кеңсе қызметкері құжаттарды қабылдайды және тіркейді – 20 (жиырма) минут;\n\nпортал арқылы жүгінген кезде:\n\n1) 1 үдеріс – көрсетілетін қызметті алушының осы регламентте көрсетілген қызметті таңдауы және үлгіні толтыруы;\n\n2) 1 шарт – порталда электрондық цифрлық қолтаңбаның тіркеу куәлігінің жарамдылық мерзімін тексеру;\n\n3) 2 үдеріс – көрсетілетін қызметті алушының электрондық цифрлық қолтаңбасының расталмауына байланысты бас тарту туралы хабарламаны қалыптастыру;\n\n4) 3 үдеріс – көрсетілетін қызметті алушының тапсырысты куәландыруы және жіберуі;",
    );
    let head = PORTAL
        .split("1) услугополучатель осуществляет регистрацию")
        .next()
        .unwrap();
    let ru = format!("{head}1) процесс 1 – выбор услугополучателем услуги и заполнение формы запроса;\n\n2) условие 1 – проверка на портале подлинности электронной цифровой подписи услугополучателя;\n\n3) процесс 2 – формирование сообщения об отказе в запрашиваемой услуге в связи с неподтверждением подлинности подписи;\n\n4) процесс 3 – направление электронного запроса услугодателю.\n");
    for (src, lang) in [(kk, Lang::Kk), (ru, Lang::Ru)] {
        let d = import(&src);
        let portal = d
            .iter()
            .find(|x| x.stem.contains("portal"))
            .unwrap_or_else(|| panic!("{:?}", d.iter().map(|x| &x.stem).collect::<Vec<_>>()));
        let p = &portal.process;
        let lane_of = |pick: &dyn Fn(&Node) -> bool| {
            let n = p
                .nodes
                .iter()
                .find(|n| pick(n))
                .unwrap_or_else(|| panic!("{}", portal.ron));
            p.lanes
                .iter()
                .find(|l| l.id == n.lane())
                .unwrap()
                .name
                .get(lang, lang)
                .to_lowercase()
        };
        let check = lane_of(&|n| matches!(n, Node::Choice { .. }));
        let refusal = lane_of(&|n| n.number() == Some("2"));
        assert_eq!(refusal, check, "{}", portal.ron);
        assert!(check.contains("портал"), "{}", portal.ron);
        let dir = temp(&format!("cond-{lang:?}"));
        write_check_render(&dir, &d);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A timed paragraph under a procedure that opens with another office of
/// a unit and says what for, with no verb («Районные (городские) отделения
/// … для обеспечения доставки … курьером – 2 рабочих дня»): a step of that
/// office, in a lane of its own, not the procedure's performer's.
#[test]
fn an_office_named_before_its_purpose_is_the_cases_performer() {
    for office in [
        "Районные (городские) отделения услугодателя",
        "Филиал услугодателя",
    ] {
        let src = base().replace(
            "2) руководитель услугодателя определяет ответственного исполнителя (в течение одного рабочего дня);",
            &format!("2) руководитель услугодателя определяет ответственного исполнителя (в течение одного рабочего дня);\n\n{office} для обеспечения доставки документов курьером – 2 (два) рабочих дня;"),
        );
        let d = import(&src);
        let p = &d[0].process;
        let courier = p
            .nodes
            .iter()
            .find(|n| {
                n.source_line()
                    .is_some_and(|l| src.lines().nth(l as usize - 1).unwrap().starts_with(office))
            })
            .unwrap_or_else(|| panic!("{}", d[0].ron));
        let lane = p.lanes.iter().find(|l| l.id == courier.lane()).unwrap();
        assert_eq!(lane.name.get(Lang::Ru, Lang::Ru), office, "{}", d[0].ron);
        assert_eq!(courier.number(), Some("2"), "{}", d[0].ron);
        assert_eq!(
            format!("{:?}", courier.time()),
            format!("{:?}", Some(Duration::WorkDays(2)))
        );
        // The procedures around it keep their performers.
        assert_eq!(read(p).steps, expected().steps, "{}", d[0].ron);
        let dir = temp("office");
        write_check_render(&dir, &d);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Unnumbered steps (an e-service's processes drawn beside its table) all
/// share the empty number, so `--misses` meets each draft step with the
/// model's step of its own source line first: the step the draft put in
/// the wrong lane is the one listed, with its line, not the right one.
#[test]
fn misses_point_at_the_misplaced_unnumbered_step() {
    let model = |first_lane: &str| {
        format!(
            r#"Process(
    service: "Тест",
    lanes: [
        Lane(id: "app", name: "Услугополучатель", kind: Applicant),
        Lane(id: "sys", name: "Портал", kind: InformationSystem),
    ],
    nodes: [
        Start(lane: "app"),
        Step(id: "p1", lane: "{first_lane}", line: 10, text: "Ввод ИИН и пароля"),
        Step(id: "p2", lane: "sys", line: 11, text: "Проверка данных"),
        End(lane: "sys"),
    ],
)"#
        )
    };
    let load = |src: &str| {
        regflow::model::load_str(Path::new("t.ron"), src)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .process
    };
    let (m, d) = (load(&model("app")), load(&model("sys")));
    let r = score::misses(&d, &m);
    let line = |v: &[score::Item]| v.iter().map(|x| x.line).collect::<Vec<_>>();
    assert_eq!(line(&r.added[1]), [10], "{r:?}");
    assert_eq!(line(&r.missed[1]), [10], "{r:?}");
    assert_eq!(score::compare(&d, &m)[1].matched, 1);
}

/// A Russian e-service process that names its doer in the instrumental
/// and the system it happens in («ввод услугополучателем ИИН и пароля на
/// портале», «формирование исполнителем услугодателя результата в ИС»):
/// the doer's step, not the system's; a process that names no doer
/// («проверка данных на портале») stays the system's.
#[test]
fn a_doer_in_the_instrumental_outranks_the_system_named() {
    let head = PORTAL
        .split("1) услугополучатель осуществляет регистрацию")
        .next()
        .unwrap();
    let src = format!("{head}1) процесс 1 – ввод услугополучателем ИИН и пароля на портале;\n\n2) процесс 2 – проверка данных услугополучателя на портале;\n\n3) процесс 3 – формирование исполнителем услугодателя результата оказания услуги в информационной системе (не более пяти минут).\n");
    let d = import(&src);
    let portal = d
        .iter()
        .find(|x| x.stem.contains("portal"))
        .unwrap_or_else(|| panic!("{:?}", d.iter().map(|x| &x.stem).collect::<Vec<_>>()));
    let p = &portal.process;
    let lane = |n: &str| {
        let node = p.nodes.iter().find(|x| x.number() == Some(n)).unwrap();
        let l = p.lanes.iter().find(|l| l.id == node.lane()).unwrap();
        l.name.get(Lang::Ru, Lang::Ru).to_lowercase()
    };
    assert_eq!(lane("1"), "услугополучатель", "{}", portal.ron);
    assert_eq!(lane("2"), "портал", "{}", portal.ron);
    assert_eq!(lane("3"), "исполнитель услугодателя", "{}", portal.ron);
}

/// A regulation served at a department or at a village akim's office,
/// whose Перечень lists the head of each as a unit of its own.
const TWO_HEADS: &str = "Регламент государственной услуги \"Выдача тестового разрешения\"

4. Содержание каждой процедуры (действия), входящей в состав процесса оказания государственной услуги:

1. регистрация заявления специалистом приемной отдела или аппарата акима поселка и передача документов руководителю отдела или акиму поселка для наложения резолюции – 20 (двадцать) минут;

2. ознакомление с документами, наложение резолюции – 1 (один) час;

3. исполнитель отдела или аппарата акима поселка готовит разрешение – 3 (три) рабочих дня;

4. выдача разрешения заявителю – 15 (пятнадцать) минут.

5. Перечень структурных подразделений (работников), которые участвуют в процессе оказания государственной услуги:

1) специалист приемной отдела или аппарата акима поселка;

2) руководитель отдела;

3) аким поселка;

4) исполнитель отдела или аппарата акима поселка.
";

#[test]
fn work_sent_to_one_head_or_another_is_done_by_either() {
    // The sending broken over a line, and «- 1)» numbering.
    let broken = TWO_HEADS.replace(
        "передача документов руководителю отдела или",
        "передача документов руководителю отдела или\n",
    );
    let dashed = TWO_HEADS
        .replace("\n1. ", "\n- 1) ")
        .replace("\n2. ", "\n- 2) ")
        .replace("\n3. ", "\n- 3) ")
        .replace("\n4. р", "\n- 4) р")
        .replace("\n4. в", "\n- 4) в");
    for (what, src) in [
        ("1.", TWO_HEADS.to_string()),
        ("broken", broken),
        ("- 1)", dashed),
    ] {
        let d = import(&src);
        assert_eq!(d.len(), 1, "{what}");
        let p = &d[0].process;
        let lane_name = |n: &Node| {
            let l = p.lanes.iter().find(|l| l.id == n.lane()).unwrap();
            l.name.get(Lang::Ru, Lang::Ru).to_lowercase()
        };
        let second: Vec<String> = p
            .nodes
            .iter()
            .filter(|x| x.number() == Some("2"))
            .map(lane_name)
            .collect();
        assert_eq!(
            second,
            ["руководитель отдела", "аким поселка"],
            "{what}\n{}",
            d[0].ron
        );
        // One choice after step 1 leads to both, and both go on to step 3.
        let choice = p
            .nodes
            .iter()
            .position(|x| matches!(x, Node::Choice { .. }))
            .unwrap_or_else(|| panic!("{what}\n{}", d[0].ron));
        assert_eq!(
            p.nodes[choice - 1].number(),
            Some("1"),
            "{what}\n{}",
            d[0].ron
        );
        let edges = p.edges();
        let after = |i: usize| -> Vec<Option<&str>> {
            edges
                .iter()
                .filter(|e| e.from == i)
                .map(|e| p.nodes[e.to].number())
                .collect()
        };
        assert_eq!(
            after(choice),
            [Some("2"), Some("2")],
            "{what}\n{}",
            d[0].ron
        );
        for (i, n) in p.nodes.iter().enumerate() {
            if n.number() == Some("2") {
                assert_eq!(after(i), [Some("3")], "{what}\n{}", d[0].ron);
                assert_eq!(
                    format!("{:?}", n.time()),
                    format!("{:?}", Some(Duration::Hours(1)))
                );
            }
        }
        let dir = temp(&format!("two-heads-{}", what.len()));
        write_check_render(&dir, &d);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A procedure whose case holds the applicant's part inside its time.
const INNER: &str = "Регламент государственной услуги \"Выдача тестовой лицензии\"

5. Содержание каждой процедуры (действия), входящей в состав процесса оказания государственной услуги:

1) сотрудник канцелярии отдела принимает и регистрирует документы – 20 (двадцать) минут;

2) рассмотрение документов и оформление лицензии исполнителем отдела:

выдача лицензии – 20 (двадцать) рабочих дней, из них заявитель в течение 5 (пяти) календарных дней представляет отделу квитанцию об оплате сбора;

переоформление лицензии – 3 (три) рабочих дня;

3) руководитель отдела подписывает лицензию – 2 (два) часа.

6. Перечень структурных подразделений (работников), которые участвуют в процессе оказания государственной услуги:

1) сотрудник канцелярии отдела;

2) исполнитель отдела;

3) руководитель отдела.
";

#[test]
fn the_applicants_part_inside_a_cases_time_is_a_step_of_its_own() {
    let broken = INNER.replace(
        "из них заявитель в течение 5 (пяти) календарных дней представляет",
        "из которых заявитель\nв течение 5 (пяти) календарных дней представляет",
    );
    for (what, src) in [
        ("из них", INNER.to_string()),
        ("из которых, broken", broken),
    ] {
        let d = import(&src);
        assert_eq!(d.len(), 1, "{what}");
        let p = &d[0].process;
        let i = p
            .nodes
            .iter()
            .position(|n| n.part_of().is_some())
            .unwrap_or_else(|| panic!("{what}\n{}", d[0].ron));
        let lane = p.lanes.iter().find(|l| l.id == p.nodes[i].lane()).unwrap();
        assert_eq!(
            lane.name.get(Lang::Ru, Lang::Ru),
            "Заявитель",
            "{what}\n{}",
            d[0].ron
        );
        assert_eq!(
            format!("{:?}", p.nodes[i].time()),
            format!("{:?}", Some(Duration::Within(Box::new(Duration::Days(5))))),
            "{what}"
        );
        assert_eq!(p.nodes[i].number(), Some("2"), "{what}");
        // It lies inside the case that follows it, which keeps its 20 days;
        // the choice of cases leads to the applicant's part first.
        let ids = p.node_ids();
        let case = i + 1;
        assert_eq!(
            p.nodes[i].part_of(),
            Some(ids[case].as_str()),
            "{what}\n{}",
            d[0].ron
        );
        assert_eq!(
            format!("{:?}", p.nodes[case].time()),
            format!("{:?}", Some(Duration::WorkDays(20)))
        );
        let edges = p.edges();
        assert!(
            edges
                .iter()
                .any(|e| e.to == i && matches!(p.nodes[e.from], Node::Choice { .. })),
            "{what}\n{}",
            d[0].ron
        );
        assert!(edges.iter().any(|e| e.from == i && e.to == case), "{what}");
        let dir = temp(&format!("inner-{}", what.len()));
        write_check_render(&dir, &d);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
