//! Bilingual text: every label in a model may be Russian, Kazakh or both.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Languages of the regulations.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, Default,
)]
pub enum Lang {
    #[default]
    Ru,
    Kk,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::Kk => "kk",
        }
    }
}

/// A text in one or both languages. In RON a bare string is the model's
/// default language; `(ru: "…", kk: "…")` gives both.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// A bare string, in the model's default language.
    pub any: Option<String>,
    pub ru: Option<String>,
    pub kk: Option<String>,
}

impl Serialize for Text {
    /// Writes back what a person would write: a bare string, or `(ru: …, kk: …)`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        match (&self.any, &self.ru, &self.kk) {
            (Some(a), None, None) => s.serialize_str(a),
            (any, ru, kk) => {
                let n = usize::from(ru.is_some() || any.is_some()) + usize::from(kk.is_some());
                let mut st = s.serialize_struct("Text", n)?;
                if let Some(r) = ru.as_ref().or(any.as_ref()) {
                    st.serialize_field("ru", r)?;
                }
                if let Some(k) = kk {
                    st.serialize_field("kk", k)?;
                }
                st.end()
            }
        }
    }
}

impl Text {
    pub fn plain(s: impl Into<String>) -> Self {
        Text {
            any: Some(s.into()),
            ..Default::default()
        }
    }

    /// The text in `lang`: the bare string counts as the model's default
    /// language `default`; otherwise falls back to the other language so a
    /// diagram never shows an empty box.
    pub fn get(&self, lang: Lang, default: Lang) -> &str {
        let own = match lang {
            Lang::Ru => self.ru.as_deref(),
            Lang::Kk => self.kk.as_deref(),
        };
        own.or(if lang == default {
            self.any.as_deref()
        } else {
            None
        })
        .or(self.any.as_deref())
        .or(self.ru.as_deref())
        .or(self.kk.as_deref())
        .unwrap_or("")
    }

    /// Whether the text exists in `lang` (not by fallback).
    pub fn has(&self, lang: Lang, default: Lang) -> bool {
        match lang {
            Lang::Ru => self.ru.is_some() || (default == Lang::Ru && self.any.is_some()),
            Lang::Kk => self.kk.is_some() || (default == Lang::Kk && self.any.is_some()),
        }
    }

    pub fn is_blank(&self) -> bool {
        self.all().all(|s| s.trim().is_empty())
    }

    /// Every string the text holds.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        [&self.any, &self.ru, &self.kk]
            .into_iter()
            .flatten()
            .map(String::as_str)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#"a string, or (ru: "…", kk: "…")"#)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text, E> {
                Ok(Text::plain(s))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Text, E> {
                Ok(Text::plain(s))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut t = Text::default();
                while let Some(key) = map.next_key::<String>()? {
                    let slot = match key.as_str() {
                        "ru" => &mut t.ru,
                        "kk" => &mut t.kk,
                        other => {
                            return Err(de::Error::custom(format!(
                                "unknown language `{other}`: write ru or kk"
                            )))
                        }
                    };
                    if slot.is_some() {
                        return Err(de::Error::custom(format!("language `{key}` given twice")));
                    }
                    *slot = Some(map.next_value()?);
                }
                if t.ru.is_none() && t.kk.is_none() {
                    return Err(de::Error::custom("a text needs ru or kk"));
                }
                Ok(t)
            }
        }
        d.deserialize_any(V)
    }
}
