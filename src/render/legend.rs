//! The legend, «Условные обозначения» / «Шартты белгілер», in the wording
//! of the regulations, with only the symbols the diagram uses by default.

use super::svg::{self, TextMode, INK};
use super::xml::num;
use crate::font;
use crate::i18n::{self, Symbol};
use crate::layout::{Point, Rect, TextBlock};
use crate::model::{LaneKind, Lang, LegendWording, NodeKind, Process};
use std::fmt::Write;

const WIDTH: f64 = 520.0;
const SYMBOL_W: f64 = 64.0;

/// The symbols a process's diagram uses, in legend order.
pub fn used_symbols(p: &Process) -> Vec<Symbol> {
    let has = |k: &[NodeKind]| p.nodes.iter().any(|n| k.contains(&n.kind()));
    let mut v = Vec::new();
    if has(&[NodeKind::Start, NodeKind::End]) {
        v.push(Symbol::StartEnd);
    }
    if has(&[NodeKind::Step, NodeKind::Ref]) {
        v.push(Symbol::Procedure);
    }
    if has(&[NodeKind::Choice]) {
        v.push(Symbol::Choice);
    }
    if !p.edges().is_empty() {
        v.push(Symbol::Transition);
    }
    v
}

/// Who takes part, for the СФЕ footnote.
pub fn participants(p: &Process, lang: Lang) -> String {
    let mut who: Vec<&str> = Vec::new();
    let mut add = |s: &'static str| {
        if !who.contains(&s) {
            who.push(s)
        }
    };
    add(if lang == Lang::Kk {
        "көрсетілетін қызметті берушінің"
    } else {
        "услугодателя"
    });
    for l in &p.lanes {
        match (l.kind, lang) {
            (LaneKind::StateCorporation, Lang::Ru) => add("Государственной корпорации"),
            (LaneKind::StateCorporation, Lang::Kk) => add("Мемлекеттік корпорацияның"),
            (LaneKind::Akim, Lang::Ru) => add("акима сельского округа"),
            (LaneKind::Akim, Lang::Kk) => add("ауылдық округ әкімінің"),
            (LaneKind::InformationSystem, Lang::Ru) => add("портала"),
            (LaneKind::InformationSystem, Lang::Kk) => add("порталдың"),
            _ => {}
        }
    }
    who.join(", ")
}

/// Height the legend needs at `width`.
fn items(p: &Process, lang: Lang, all: bool) -> (Vec<(Symbol, TextBlock)>, TextBlock, TextBlock) {
    let wording = p.legend;
    let syms = if all {
        vec![
            Symbol::StartEnd,
            Symbol::Procedure,
            Symbol::Choice,
            Symbol::Transition,
        ]
    } else if wording == LegendWording::FootnoteOnly {
        Vec::new()
    } else {
        used_symbols(p)
    };
    let text_w = WIDTH - SYMBOL_W - 28.0;
    let items = syms
        .into_iter()
        .map(|s| {
            let lines = font::wrap(
                &format!("– {}", i18n::legend_item(s, lang, wording)),
                11.0,
                false,
                text_w,
            );
            let h = lines.len() as f64 * font::line_height(11.0);
            (
                s,
                TextBlock {
                    rect: Rect {
                        x: 0.0,
                        y: 0.0,
                        w: text_w,
                        h,
                    },
                    lines,
                    size: 11.0,
                    bold: false,
                    centered: false,
                },
            )
        })
        .collect();
    let heading = TextBlock {
        rect: Rect::default(),
        lines: vec![i18n::legend_title(lang).to_string()],
        size: 12.0,
        bold: true,
        centered: false,
    };
    let note = i18n::footnote(lang, &participants(p, lang));
    let lines = font::wrap(&note, 10.0, false, WIDTH - 24.0);
    let footnote = TextBlock {
        rect: Rect {
            x: 0.0,
            y: 0.0,
            w: WIDTH - 24.0,
            h: lines.len() as f64 * font::line_height(10.0),
        },
        lines,
        size: 10.0,
        bold: false,
        centered: false,
    };
    (items, heading, footnote)
}

/// Draws the legend at (x, y) into `out`; returns its height.
pub fn draw(out: &mut String, p: &Process, lang: Lang, all: bool, x: f64, y: f64) -> f64 {
    let (items, mut heading, mut footnote) = items(p, lang, all);
    let mut cy = y + 12.0;
    heading.rect = Rect {
        x: x + 12.0,
        y: cy,
        w: WIDTH - 24.0,
        h: font::line_height(12.0),
    };
    svg::text_block(out, &heading);
    cy += heading.rect.h + 8.0;
    for (sym, mut tb) in items {
        let row_h = tb.rect.h.max(28.0);
        let sr = match sym {
            Symbol::StartEnd => Rect {
                x: x + 12.0 + SYMBOL_W / 2.0 - 12.0,
                y: cy + row_h / 2.0 - 12.0,
                w: 24.0,
                h: 24.0,
            },
            Symbol::Procedure => Rect {
                x: x + 12.0 + 6.0,
                y: cy + row_h / 2.0 - 12.0,
                w: SYMBOL_W - 12.0,
                h: 24.0,
            },
            Symbol::Choice => Rect {
                x: x + 12.0 + 10.0,
                y: cy + row_h / 2.0 - 13.0,
                w: SYMBOL_W - 20.0,
                h: 26.0,
            },
            Symbol::Transition => Rect {
                x: x + 12.0 + 4.0,
                y: cy + row_h / 2.0,
                w: SYMBOL_W - 8.0,
                h: 0.0,
            },
        };
        match sym {
            Symbol::StartEnd => svg::symbol(out, NodeKind::Start, sr),
            Symbol::Procedure => svg::symbol(out, NodeKind::Step, sr),
            Symbol::Choice => svg::symbol(out, NodeKind::Choice, sr),
            Symbol::Transition => {
                let (a, b) = (
                    Point { x: sr.x, y: sr.y },
                    Point {
                        x: sr.right(),
                        y: sr.y,
                    },
                );
                let _ = writeln!(out, "<polyline points=\"{},{} {},{}\" fill=\"none\" stroke=\"{INK}\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>", num(a.x), num(a.y), num(b.x), num(b.y));
            }
        }
        tb.rect.x = x + 12.0 + SYMBOL_W + 12.0;
        tb.rect.y = cy + (row_h - tb.rect.h) / 2.0;
        svg::text_block(out, &tb);
        cy += row_h + 6.0;
    }
    cy += 4.0;
    footnote.rect.x = x + 12.0;
    footnote.rect.y = cy;
    svg::text_block(out, &footnote);
    cy += footnote.rect.h + 12.0;
    cy - y
}

/// Height of the legend without drawing it.
pub fn height(p: &Process, lang: Lang, all: bool) -> f64 {
    let mut scratch = String::new();
    draw(&mut scratch, p, lang, all, 0.0, 0.0)
}

pub fn width() -> f64 {
    WIDTH
}

/// The legend as its own SVG document.
pub fn document(p: &Process, lang: Lang, all: bool, mode: TextMode) -> String {
    let h = height(p, lang, all);
    let mut out = String::new();
    let title = format!(
        "{}: {}",
        i18n::legend_title(lang),
        p.service.get(lang, p.default_lang())
    );
    svg::open(
        &mut out,
        WIDTH,
        h,
        &title,
        i18n::legend_title(lang),
        mode,
        lang.code(),
    );
    draw(&mut out, p, lang, all, 0.0, 0.0);
    out.push_str("</svg>\n");
    svg::finish(out, mode)
}
