//! A task's name as bpmn.io lays it out, so the layout (BPMN-form box
//! sizes) and the BPMN export can size a box for it. It belongs to neither
//! stage: both measure with it.
//!
//! bpmn-js draws a task's name in 12 px Arial (Liberation Sans, Arial's
//! metrics, where there is no Arial) and wraps it at the box's width less
//! 7 px a side, lines 14.4 px apart, centred in the box; it never resizes
//! the box. regflow lays its boxes out for PT Sans, which is narrower, so
//! a name that fits regflow's box can take more lines in bpmn.io and run
//! past the box. This module repeats diagram-js's `util/Text.js`
//! (`layoutNext`, `shortenLine`, `semanticShorten`) step for step, with the
//! advance widths bpmn-js's canvas measures (`tests/interop/arial-widths.mjs`
//! prints [`WIDTHS`]), so the export knows how many lines bpmn.io draws.

/// bpmn-js's padding of a task's name inside its box, on each side.
pub const PADDING: f64 = 7.0;
/// bpmn-js's distance between lines: 1.2 × 12 px.
pub const LINE_HEIGHT: f64 = 14.4;
/// Height the lines need beyond `lines × LINE_HEIGHT`: bpmn-js centres the
/// lines' advance and the glyphs reach 0.1 px past it above, so a little
/// room keeps them inside at any zoom.
pub const ROOM: f64 = 4.0;
/// The width of a character the table does not hold: as wide as the
/// widest Cyrillic capital, so a guess errs towards one line more.
const UNKNOWN: f64 = 11.3;

/// The advance width of a character in bpmn-js's task font, in
/// thousandths of a pixel, sorted by code point.
#[rustfmt::skip]
const WIDTHS: &[(u32, u32)] = &[
    (0x0020, 3334),
    (0x0021, 3334),
    (0x0022, 4260),
    (0x0023, 6674),
    (0x0024, 6674),
    (0x0025, 10670),
    (0x0026, 8004),
    (0x0027, 2291),
    (0x0028, 3996),
    (0x0029, 3996),
    (0x002a, 4670),
    (0x002b, 7008),
    (0x002c, 3334),
    (0x002d, 3996),
    (0x002e, 3334),
    (0x002f, 3334),
    (0x0030, 6674),
    (0x0031, 5828),
    (0x0032, 6674),
    (0x0033, 6674),
    (0x0034, 6674),
    (0x0035, 6674),
    (0x0036, 6674),
    (0x0037, 6674),
    (0x0038, 6674),
    (0x0039, 6674),
    (0x003a, 3334),
    (0x003b, 3334),
    (0x003c, 7008),
    (0x003d, 7008),
    (0x003e, 7008),
    (0x003f, 6674),
    (0x0040, 12182),
    (0x0041, 8004),
    (0x0042, 8004),
    (0x0043, 8666),
    (0x0044, 8666),
    (0x0045, 8004),
    (0x0046, 7330),
    (0x0047, 9334),
    (0x0048, 8666),
    (0x0049, 3334),
    (0x004a, 6000),
    (0x004b, 8004),
    (0x004c, 6674),
    (0x004d, 9996),
    (0x004e, 8666),
    (0x004f, 9334),
    (0x0050, 8004),
    (0x0051, 9334),
    (0x0052, 8666),
    (0x0053, 8004),
    (0x0054, 7330),
    (0x0055, 8666),
    (0x0056, 8004),
    (0x0057, 11326),
    (0x0058, 8004),
    (0x0059, 8004),
    (0x005a, 7330),
    (0x005b, 3334),
    (0x005c, 3334),
    (0x005d, 3334),
    (0x005e, 5631),
    (0x005f, 6674),
    (0x0060, 3996),
    (0x0061, 6674),
    (0x0062, 6674),
    (0x0063, 6000),
    (0x0064, 6674),
    (0x0065, 6674),
    (0x0066, 3128),
    (0x0067, 6674),
    (0x0068, 6674),
    (0x0069, 2666),
    (0x006a, 2666),
    (0x006b, 6000),
    (0x006c, 2666),
    (0x006d, 9996),
    (0x006e, 6674),
    (0x006f, 6674),
    (0x0070, 6674),
    (0x0071, 6674),
    (0x0072, 3996),
    (0x0073, 6000),
    (0x0074, 3334),
    (0x0075, 6674),
    (0x0076, 6000),
    (0x0077, 8666),
    (0x0078, 6000),
    (0x0079, 6000),
    (0x007a, 6000),
    (0x007b, 4008),
    (0x007c, 3117),
    (0x007d, 4008),
    (0x007e, 7008),
    (0x00a0, 3334),
    (0x00a1, 3996),
    (0x00a2, 6674),
    (0x00a3, 6674),
    (0x00a4, 6674),
    (0x00a5, 6674),
    (0x00a6, 3117),
    (0x00a7, 6674),
    (0x00a8, 3996),
    (0x00a9, 8842),
    (0x00aa, 4441),
    (0x00ab, 6674),
    (0x00ac, 7008),
    (0x00ad, 0),
    (0x00ae, 8842),
    (0x00af, 6627),
    (0x00b0, 4799),
    (0x00b1, 6586),
    (0x00b2, 3996),
    (0x00b3, 3996),
    (0x00b4, 3996),
    (0x00b5, 6914),
    (0x00b6, 6445),
    (0x00b7, 3996),
    (0x00b8, 3996),
    (0x00b9, 3996),
    (0x00ba, 4383),
    (0x00bb, 6674),
    (0x00bc, 10008),
    (0x00bd, 10008),
    (0x00be, 10008),
    (0x00bf, 7330),
    (0x00c0, 8004),
    (0x00c1, 8004),
    (0x00c2, 8004),
    (0x00c3, 8004),
    (0x00c4, 8004),
    (0x00c5, 8004),
    (0x00c6, 12000),
    (0x00c7, 8666),
    (0x00c8, 8004),
    (0x00c9, 8004),
    (0x00ca, 8004),
    (0x00cb, 8004),
    (0x00cc, 3334),
    (0x00cd, 3334),
    (0x00ce, 3334),
    (0x00cf, 3334),
    (0x00d0, 8666),
    (0x00d1, 8666),
    (0x00d2, 9334),
    (0x00d3, 9334),
    (0x00d4, 9334),
    (0x00d5, 9334),
    (0x00d6, 9334),
    (0x00d7, 7008),
    (0x00d8, 9334),
    (0x00d9, 8666),
    (0x00da, 8666),
    (0x00db, 8666),
    (0x00dc, 8666),
    (0x00dd, 8004),
    (0x00de, 8004),
    (0x00df, 7330),
    (0x00e0, 6674),
    (0x00e1, 6674),
    (0x00e2, 6674),
    (0x00e3, 6674),
    (0x00e4, 6674),
    (0x00e5, 6674),
    (0x00e6, 10670),
    (0x00e7, 6000),
    (0x00e8, 6674),
    (0x00e9, 6674),
    (0x00ea, 6674),
    (0x00eb, 6674),
    (0x00ec, 3334),
    (0x00ed, 3334),
    (0x00ee, 3334),
    (0x00ef, 3334),
    (0x00f0, 6674),
    (0x00f1, 6674),
    (0x00f2, 6674),
    (0x00f3, 6674),
    (0x00f4, 6674),
    (0x00f5, 6674),
    (0x00f6, 6674),
    (0x00f7, 6586),
    (0x00f8, 7330),
    (0x00f9, 6674),
    (0x00fa, 6674),
    (0x00fb, 6674),
    (0x00fc, 6674),
    (0x00fd, 6000),
    (0x00fe, 6674),
    (0x00ff, 6000),
    (0x0400, 8004),
    (0x0401, 8010),
    (0x0402, 10377),
    (0x0403, 6498),
    (0x0404, 8625),
    (0x0405, 8004),
    (0x0406, 3334),
    (0x0407, 3334),
    (0x0408, 6000),
    (0x0409, 12686),
    (0x040a, 12123),
    (0x040b, 10248),
    (0x040c, 6990),
    (0x040d, 8625),
    (0x040e, 7623),
    (0x040f, 8625),
    (0x0410, 8004),
    (0x0411, 7875),
    (0x0412, 8004),
    (0x0413, 6498),
    (0x0414, 8127),
    (0x0415, 8004),
    (0x0416, 11080),
    (0x0417, 7248),
    (0x0418, 8625),
    (0x0419, 8625),
    (0x041a, 6990),
    (0x041b, 7875),
    (0x041c, 9996),
    (0x041d, 8666),
    (0x041e, 9334),
    (0x041f, 8625),
    (0x0420, 8004),
    (0x0421, 8666),
    (0x0422, 7330),
    (0x0423, 7623),
    (0x0424, 9123),
    (0x0425, 8004),
    (0x0426, 8877),
    (0x0427, 7998),
    (0x0428, 10998),
    (0x0429, 11250),
    (0x042a, 9498),
    (0x042b, 10623),
    (0x042c, 7875),
    (0x042d, 8625),
    (0x042e, 12123),
    (0x042f, 8666),
    (0x0430, 6674),
    (0x0431, 6873),
    (0x0432, 6375),
    (0x0433, 4377),
    (0x0434, 7002),
    (0x0435, 6674),
    (0x0436, 8027),
    (0x0437, 5374),
    (0x0438, 6703),
    (0x0439, 6703),
    (0x043a, 5250),
    (0x043b, 7002),
    (0x043c, 8250),
    (0x043d, 6627),
    (0x043e, 6674),
    (0x043f, 6498),
    (0x0440, 6674),
    (0x0441, 6000),
    (0x0442, 5496),
    (0x0443, 6000),
    (0x0444, 9873),
    (0x0445, 6000),
    (0x0446, 6873),
    (0x0447, 6252),
    (0x0448, 9627),
    (0x0449, 9873),
    (0x044a, 7500),
    (0x044b, 8625),
    (0x044c, 6252),
    (0x044d, 6123),
    (0x044e, 9000),
    (0x044f, 6498),
    (0x0450, 6674),
    (0x0451, 6674),
    (0x0452, 6674),
    (0x0453, 4377),
    (0x0454, 6123),
    (0x0455, 6000),
    (0x0456, 2666),
    (0x0457, 3334),
    (0x0458, 2666),
    (0x0459, 10875),
    (0x045a, 9750),
    (0x045b, 6674),
    (0x045c, 5250),
    (0x045d, 6703),
    (0x045e, 6000),
    (0x045f, 6627),
    (0x0460, 16055),
    (0x0461, 7488),
    (0x0462, 9334),
    (0x0463, 7354),
    (0x0464, 11396),
    (0x0465, 8561),
    (0x0466, 8016),
    (0x0467, 6000),
    (0x0468, 10770),
    (0x0469, 8344),
    (0x046a, 9943),
    (0x046b, 8221),
    (0x046c, 12639),
    (0x046d, 10406),
    (0x046e, 7248),
    (0x046f, 5502),
    (0x0470, 9557),
    (0x0471, 8262),
    (0x0472, 9334),
    (0x0473, 6674),
    (0x0474, 9639),
    (0x0475, 7570),
    (0x0476, 9639),
    (0x0477, 7570),
    (0x0478, 12891),
    (0x0479, 10758),
    (0x047a, 9996),
    (0x047b, 7348),
    (0x047c, 14291),
    (0x047d, 10219),
    (0x047e, 16055),
    (0x047f, 7488),
    (0x0480, 8666),
    (0x0481, 6000),
    (0x0482, 6041),
    (0x0483, 0),
    (0x0484, 0),
    (0x0485, 0),
    (0x0486, 0),
    (0x0487, 0),
    (0x0488, 0),
    (0x0489, 0),
    (0x048a, 8625),
    (0x048b, 6703),
    (0x048c, 7875),
    (0x048d, 6252),
    (0x048e, 8004),
    (0x048f, 6674),
    (0x0490, 5865),
    (0x0491, 4934),
    (0x0492, 6498),
    (0x0493, 4377),
    (0x0494, 8045),
    (0x0495, 6586),
    (0x0496, 11080),
    (0x0497, 8027),
    (0x0498, 7248),
    (0x0499, 5502),
    (0x049a, 6990),
    (0x049b, 5250),
    (0x049c, 6990),
    (0x049d, 5250),
    (0x049e, 6990),
    (0x049f, 5250),
    (0x04a0, 8900),
    (0x04a1, 6428),
    (0x04a2, 8666),
    (0x04a3, 6627),
    (0x04a4, 10553),
    (0x04a5, 7775),
    (0x04a6, 13641),
    (0x04a7, 10441),
    (0x04a8, 9035),
    (0x04a9, 6252),
    (0x04aa, 8666),
    (0x04ab, 6000),
    (0x04ac, 7330),
    (0x04ad, 5496),
    (0x04ae, 6674),
    (0x04af, 6000),
    (0x04b0, 6674),
    (0x04b1, 6000),
    (0x04b2, 8004),
    (0x04b3, 6000),
    (0x04b4, 11104),
    (0x04b5, 8291),
    (0x04b6, 7998),
    (0x04b7, 6252),
    (0x04b8, 7998),
    (0x04b9, 6252),
    (0x04ba, 7998),
    (0x04bb, 6674),
    (0x04bc, 10336),
    (0x04bd, 7992),
    (0x04be, 10336),
    (0x04bf, 7992),
    (0x04c0, 3334),
    (0x04c1, 11080),
    (0x04c2, 8027),
    (0x04c3, 8010),
    (0x04c4, 6609),
    (0x04c5, 7875),
    (0x04c6, 7002),
    (0x04c7, 8666),
    (0x04c8, 6627),
    (0x04c9, 8666),
    (0x04ca, 6627),
    (0x04cb, 7998),
    (0x04cc, 6252),
    (0x04cd, 9996),
    (0x04ce, 8250),
    (0x04cf, 2666),
    (0x04d0, 8004),
    (0x04d1, 6674),
    (0x04d2, 8004),
    (0x04d3, 6674),
    (0x04d4, 12000),
    (0x04d5, 10670),
    (0x04d6, 8004),
    (0x04d7, 6674),
    (0x04d8, 9029),
    (0x04d9, 6674),
    (0x04da, 9029),
    (0x04db, 6674),
    (0x04dc, 11080),
    (0x04dd, 8027),
    (0x04de, 7248),
    (0x04df, 5502),
    (0x04e0, 7248),
    (0x04e1, 6539),
    (0x04e2, 8625),
    (0x04e3, 6703),
    (0x04e4, 8625),
    (0x04e5, 6703),
    (0x04e6, 9334),
    (0x04e7, 6674),
    (0x04e8, 9334),
    (0x04e9, 6674),
    (0x04ea, 9334),
    (0x04eb, 6674),
    (0x04ec, 8625),
    (0x04ed, 6123),
    (0x04ee, 7623),
    (0x04ef, 6000),
    (0x04f0, 7623),
    (0x04f1, 6000),
    (0x04f2, 7623),
    (0x04f3, 6000),
    (0x04f4, 7998),
    (0x04f5, 6252),
    (0x04f6, 6498),
    (0x04f7, 4377),
    (0x04f8, 10623),
    (0x04f9, 8625),
    (0x04fa, 6498),
    (0x04fb, 4377),
    (0x04fc, 8004),
    (0x04fd, 6000),
    (0x04fe, 8004),
    (0x04ff, 6000),
    (0x2010, 3996),
    (0x2011, 3996),
    (0x2012, 6674),
    (0x2013, 6674),
    (0x2014, 12000),
    (0x2015, 12000),
    (0x2016, 4957),
    (0x2017, 6627),
    (0x2018, 2460),
    (0x2019, 2460),
    (0x201a, 2666),
    (0x201b, 2666),
    (0x201c, 3996),
    (0x201d, 3996),
    (0x201e, 3996),
    (0x201f, 3996),
    (0x2020, 6674),
    (0x2021, 6674),
    (0x2022, 4201),
    (0x2023, 7078),
    (0x2024, 4014),
    (0x2025, 8010),
    (0x2026, 12000),
    (0x2116, 12873),
];

fn advance(c: char) -> f64 {
    WIDTHS
        .binary_search_by_key(&(c as u32), |&(k, _)| k)
        .map_or(UNKNOWN, |k| f64::from(WIDTHS[k].1) / 1000.0)
}

/// A line's width as bpmn-js measures it: trailing white space left out.
pub fn width(line: &[char]) -> f64 {
    let end = line
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map_or(0, |k| k + 1);
    line[..end].iter().copied().map(advance).sum()
}

const SOFT_BREAK: char = '\u{ad}';

/// The lines bpmn-js draws `text` in, in a box `box_width` wide.
pub fn lines(text: &str, box_width: f64) -> Vec<String> {
    let max = box_width - 2.0 * PADDING;
    // Hard breaks first, as `text.split(/\u00AD?\r?\n/)`.
    let mut todo: Vec<Vec<char>> = text
        .split('\n')
        .map(|l| {
            let l = l.strip_suffix('\r').unwrap_or(l);
            let l = l.strip_suffix(SOFT_BREAK).unwrap_or(l);
            l.chars().collect()
        })
        .collect();
    todo.reverse();
    let mut out = Vec::new();
    while let Some(line) = todo.pop() {
        let fit = fit_line(&line, max);
        if fit.len() < line.len() {
            let rest: String = line[fit.len()..].iter().collect();
            todo.push(rest.trim().chars().collect());
        }
        out.push(fit.into_iter().collect());
    }
    out
}

/// `layoutNext`: the longest start of `line` that bpmn-js keeps on one line.
fn fit_line(line: &[char], max: f64) -> Vec<char> {
    let mut fit = line.to_vec();
    loop {
        let w = width(&fit);
        if fit.is_empty() || fit == [' '] || w <= max || fit.len() < 2 {
            return fit;
        }
        fit = shorten(&fit, w, max);
    }
}

/// `shortenLine`: cut at a space or hyphen, else inside the word, guessing
/// the length from the share of the width that fits.
fn shorten(line: &[char], width: f64, max: f64) -> Vec<char> {
    let length = (line.len() as f64 * (max / width)).max(1.0);
    let semantic = semantic_shorten(line, length);
    if semantic.is_empty() {
        let n = ((length - 1.0).round() as usize).max(1);
        line[..n.min(line.len())].to_vec()
    } else {
        semantic
    }
}

/// `semanticShorten`: the parts of `line.split(/(\s|-|\u00AD)/g)` while
/// they fit `max_length` characters, stopping at the first empty part as
/// the JavaScript loop does.
fn semantic_shorten(line: &[char], max_length: f64) -> Vec<char> {
    let is_break = |c: char| c.is_whitespace() || c == '-' || c == SOFT_BREAK;
    let mut parts: Vec<Vec<char>> = Vec::new();
    let mut word = Vec::new();
    for &c in line {
        if is_break(c) {
            parts.push(std::mem::take(&mut word));
            parts.push(vec![c]);
        } else {
            word.push(c);
        }
    }
    parts.push(word);
    let mut kept: Vec<Vec<char>> = Vec::new();
    if parts.len() > 1 {
        let mut length = 0usize;
        for part in parts {
            if part.is_empty() {
                break;
            }
            if ((part.len() + length) as f64) < max_length {
                length += part.len();
                kept.push(part);
            } else {
                if part == ['-'] || part == [SOFT_BREAK] {
                    kept.pop();
                }
                break;
            }
        }
    }
    if kept.last().is_some_and(|p| p == &[SOFT_BREAK]) {
        if let Some(last) = kept.last_mut() {
            *last = vec!['-'];
        }
    }
    kept.concat()
}

/// The height a box `box_width` wide needs for bpmn-js to draw `text`
/// inside it.
pub fn height(text: &str, box_width: f64) -> f64 {
    lines(text, box_width).len() as f64 * LINE_HEIGHT + ROOM
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_holds_the_letters_of_both_languages() {
        assert!(WIDTHS.windows(2).all(|w| w[0].0 < w[1].0));
        for c in "АаЯяӘәҒғҚқҢңӨөҰұҮүҺһІі«»№–".chars() {
            assert!(advance(c) != UNKNOWN, "{c}");
        }
        // Arial's own figures at 12 px: a space 3.33, «А» 8.00.
        assert_eq!(advance(' '), 3.334);
        assert_eq!(advance('А'), 8.004);
    }

    #[test]
    fn a_name_wraps_at_spaces_as_bpmn_js_wraps_it() {
        // 100 px box: 86 px for the text.
        // A line keeps the space it broke at, as bpmn-js's does.
        let l = lines("Прием и регистрация документов", 100.0);
        assert_eq!(l, vec!["Прием и ", "регистрация ", "документов"]);
        assert!(l
            .iter()
            .all(|s| width(&s.chars().collect::<Vec<_>>()) <= 86.0));
        assert_eq!(
            height("Прием и регистрация документов", 100.0),
            3.0 * 14.4 + ROOM
        );
    }

    #[test]
    fn a_word_longer_than_the_box_is_cut_inside() {
        let l = lines("Государственнаякорпорация", 60.0);
        assert!(l.len() >= 3, "{l:?}");
        assert_eq!(l.concat(), "Государственнаякорпорация");
    }

    #[test]
    fn hard_breaks_and_hyphens_are_kept() {
        assert_eq!(lines("а\nб", 200.0), vec!["а", "б"]);
        // A hyphenated word breaks after its hyphen.
        let l = lines("медико-социальной экспертизы", 100.0);
        assert_eq!(l[0], "медико-");
        assert!(lines("", 100.0).len() == 1);
    }
}
