//! A font subset for embedding in an SVG: every glyph the document does
//! not use is emptied, so the file stays small while glyph ids, `cmap`,
//! metrics and kerning stay as they are and browsers read it as usual.
//!
//! (The `subsetter` crate drops `cmap`, which PDF does not need but a
//! browser's `@font-face` does; hence this small TrueType rewrite.)

use std::collections::BTreeSet;

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(i..i + 4)?.try_into().ok()?))
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |acc, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        acc.wrapping_add(u32::from_be_bytes(w))
    })
}

/// Glyph ids `text` shapes to with `font` (ligatures and all).
pub fn glyphs_of(face: &rustybuzz::Face, text: &str, out: &mut BTreeSet<u16>) {
    let mut buf = rustybuzz::UnicodeBuffer::new();
    buf.push_str(text);
    let shaped = rustybuzz::shape(face, &[], buf);
    out.extend(shaped.glyph_infos().iter().map(|g| g.glyph_id as u16));
}

/// The font with only `keep` glyphs (plus .notdef and the components of
/// composite glyphs) left in `glyf`; `None` if the font is not the kind
/// of TrueType this understands, in which case embed the whole font.
pub fn subset(font: &[u8], keep: &BTreeSet<u16>) -> Option<Vec<u8>> {
    let num_tables = usize::from(u16_at(font, 4)?);
    let mut tables: Vec<([u8; 4], &[u8])> = Vec::with_capacity(num_tables);
    for i in 0..num_tables {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let off = u32_at(font, rec + 8)? as usize;
        let len = u32_at(font, rec + 12)? as usize;
        tables.push((tag, font.get(off..off.checked_add(len)?)?));
    }
    let find = |t: &[u8; 4]| tables.iter().find(|(tag, _)| tag == t).map(|(_, d)| *d);
    let head = find(b"head")?;
    let long = u16_at(head, 50)? == 1;
    let num_glyphs = usize::from(u16_at(find(b"maxp")?, 4)?);
    let loca = find(b"loca")?;
    let glyf = find(b"glyf")?;
    let offset = |g: usize| -> Option<usize> {
        if long {
            u32_at(loca, 4 * g).map(|v| v as usize)
        } else {
            u16_at(loca, 2 * g).map(|v| 2 * v as usize)
        }
    };
    let glyph = |g: usize| -> Option<&[u8]> { glyf.get(offset(g)?..offset(g + 1)?) };

    // Close the set over composite glyph components.
    let mut wanted: BTreeSet<usize> = keep
        .iter()
        .map(|&g| usize::from(g))
        .filter(|&g| g < num_glyphs)
        .collect();
    wanted.insert(0);
    let mut todo: Vec<usize> = wanted.iter().copied().collect();
    while let Some(g) = todo.pop() {
        let data = glyph(g)?;
        if data.len() < 10 || (u16_at(data, 0)? as i16) >= 0 {
            continue;
        }
        let mut i = 10;
        loop {
            let flags = u16_at(data, i)?;
            let comp = usize::from(u16_at(data, i + 2)?);
            if comp < num_glyphs && wanted.insert(comp) {
                todo.push(comp);
            }
            i += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
            i += if flags & 0x0008 != 0 {
                2
            } else if flags & 0x0040 != 0 {
                4
            } else if flags & 0x0080 != 0 {
                8
            } else {
                0
            };
            if flags & 0x0020 == 0 {
                break;
            }
        }
    }

    // New glyf and loca (long offsets, so any size fits).
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(4 * (num_glyphs + 1));
    for g in 0..num_glyphs {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        if wanted.contains(&g) {
            new_glyf.extend_from_slice(glyph(g)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
    let mut new_head = head.to_vec();
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);

    // Device metrics and signatures refer to the old file; drop them.
    let out_tables: Vec<([u8; 4], Vec<u8>)> = tables
        .iter()
        .filter(|(t, _)| !matches!(t, b"hdmx" | b"DSIG" | b"LTSH" | b"VDMX"))
        .map(|(t, d)| {
            let data = match t {
                b"glyf" => new_glyf.clone(),
                b"loca" => new_loca.clone(),
                b"head" => new_head.clone(),
                // Version 3 keeps the metrics and drops the glyph names.
                b"post" if d.len() >= 32 => {
                    let mut p = d[..32].to_vec();
                    p[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
                    p
                }
                _ => d.to_vec(),
            };
            (*t, data)
        })
        .collect();

    let n = out_tables.len();
    let mut out = Vec::new();
    out.extend_from_slice(font.get(0..4)?);
    let pow = (n as u16)
        .checked_next_power_of_two()
        .map_or(1, |p| if p as usize > n { p / 2 } else { p })
        .max(1);
    let sr = pow * 16;
    out.extend_from_slice(&(n as u16).to_be_bytes());
    out.extend_from_slice(&sr.to_be_bytes());
    out.extend_from_slice(&(pow.trailing_zeros() as u16).to_be_bytes());
    out.extend_from_slice(&((n as u16) * 16 - sr).to_be_bytes());
    let mut off = 12 + 16 * n;
    let mut head_at = None;
    for (tag, data) in &out_tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(off as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(off);
        }
        off += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &out_tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    let h = head_at?;
    out.get_mut(h + 8..h + 12)?
        .copy_from_slice(&adjust.to_be_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font;

    #[test]
    fn subset_keeps_used_glyphs_and_shrinks() {
        let face = rustybuzz::Face::from_slice(font::REGULAR, 0).unwrap();
        let mut keep = BTreeSet::new();
        glyphs_of(&face, "Өтініш ёлка Ё й «»", &mut keep);
        let small = subset(font::REGULAR, &keep).expect("subset");
        assert!(
            small.len() < font::REGULAR.len() / 3,
            "{} bytes",
            small.len()
        );
        let f = ttf_parser::Face::parse(&small, 0).expect("the subset is a valid font");
        for c in "Өтініш ёлка Ё й «»".chars().filter(|c| !c.is_whitespace()) {
            let g = f.glyph_index(c).expect("cmap kept");
            assert!(f.glyph_bounding_box(g).is_some(), "outline of {c} kept");
        }
        let dropped = f.glyph_index('Ж').unwrap();
        assert!(
            f.glyph_bounding_box(dropped).is_none(),
            "unused glyph emptied"
        );
        // Shaping with the subset gives the same advances (metrics kept).
        let a = crate::font::width("Өтініш", 12.0, false);
        let sf = rustybuzz::Face::from_slice(&small, 0).unwrap();
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str("Өтініш");
        let adv: i32 = rustybuzz::shape(&sf, &[], buf)
            .glyph_positions()
            .iter()
            .map(|p| p.x_advance)
            .sum();
        assert!((f64::from(adv) * 12.0 / f64::from(sf.units_per_em()) - a).abs() < 1e-9);
    }
}
