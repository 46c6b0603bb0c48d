//! The formatted reference of an edition, by hayagriva's CSL engine with
//! the styles and locales of its archive: as HTML for the site, as plain
//! text, and as Typst markup for the PDF (the same rendering, so the site
//! and the PDF agree).

use hayagriva::archive::{ArchivedStyle, LOCALES};
use hayagriva::citationberg::{
    FontStyle, FontVariant, FontWeight, IndependentStyle, Locale, LocaleCode, Style, VerticalAlign,
};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest,
    ElemChild, ElemChildren, Library,
};
use serde_json::{Value, json};

use super::{Edition, Name};
use crate::diagnostic::Diagnostic;
use crate::escape;

/// An edition's reference in its language's style.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// HTML: text escaped, `<i>`/`<b>` for the style's emphasis, links
    /// where the style writes a URL or DOI.
    pub html: String,
    /// Plain text.
    pub text: String,
    /// Typst markup.
    pub typst: String,
    /// The style's full name.
    pub style_name: String,
}

impl Reference {
    /// Formats `edition` in its style. A publisher that is also the
    /// (organisation) author is named once, as the author, as APA asks.
    /// An organisation among the authors must come out as written: a
    /// style that rewrites it (GB/T 7714 upper-cases names, which is right
    /// for a person's family name and wrong for "brief 项目") gets the
    /// reference without it, the organisation named as the publisher.
    pub fn new(edition: &Edition) -> Result<Reference, Diagnostic> {
        let archived = ArchivedStyle::by_name(&edition.style)
            .ok_or_else(|| Diagnostic::new(format!("no CSL style `{}`", edition.style)))?;
        let Style::Independent(style) = archived.get() else {
            return Err(Diagnostic::new(format!(
                "the CSL style `{}` is a dependent style",
                edition.style
            )));
        };
        let name = archived.display_name().to_string();
        let locales = locales_for(&[
            edition.csl_locale.as_str(),
            style
                .default_locale
                .as_ref()
                .map_or("en-US", |l| l.0.as_str()),
        ]);
        let first = render(&style, &locales, edition, true, &name)?;
        let rewritten = edition.creators.iter().any(|c| match c {
            Name::Whole {
                name,
                organisation: true,
                ..
            } => {
                let exact = first.text.matches(name.as_str()).count();
                let any_case = first
                    .text
                    .to_lowercase()
                    .matches(&name.to_lowercase())
                    .count();
                exact < any_case
            }
            _ => false,
        });
        if rewritten {
            render(&style, &locales, edition, false, &name)
        } else {
            Ok(first)
        }
    }
}

/// One rendering of `edition`, with or without its organisation authors.
fn render(
    style: &IndependentStyle,
    locales: &[Locale],
    edition: &Edition,
    organisations: bool,
    style_name: &str,
) -> Result<Reference, Diagnostic> {
    let library: Library = serde_json::from_value(entry(edition, organisations))
        .map_err(|e| Diagnostic::new(format!("the bibliographic record did not convert: {e}")))?;
    let mut driver = BibliographyDriver::new();
    for item in library.iter() {
        let items = vec![CitationItem::with_entry(item)];
        driver.citation(CitationRequest::from_items(items, style, locales));
    }
    let rendered = driver.finish(BibliographyRequest {
        style,
        locale: Some(LocaleCode(edition.csl_locale.clone())),
        locale_files: locales,
    });
    let item = rendered
        .bibliography
        .and_then(|b| b.items.into_iter().next())
        .ok_or_else(|| Diagnostic::new("the CSL style wrote no reference"))?;
    let mut text = String::new();
    let _ = item.content.write_buf(&mut text, BufWriteFormat::Plain);
    Ok(Reference {
        html: html(&item.content),
        text: text.trim().to_string(),
        typst: typst(&item.content),
        style_name: style_name.to_string(),
    })
}

/// The archive's locales that a reference in the languages of `codes`
/// can use: those of the same base language (hayagriva looks for the code
/// itself, then its base language's main region) and American English
/// (its last resort). Only their language tag is read of the others:
/// decoding all sixty took a sixth of the shipped brief's build.
fn locales_for(codes: &[&str]) -> Vec<Locale> {
    let base = |code: &str| {
        code.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let bases: Vec<String> = codes.iter().map(|c| base(c)).chain([base("en")]).collect();
    LOCALES
        .iter()
        .filter(|bytes| locale_tag(bytes).is_some_and(|lang| bases.contains(&base(&lang))))
        .filter_map(|bytes| ciborium::from_reader::<Locale, _>(*bytes).ok())
        .collect()
}

/// The `@xml:lang` of an archived locale (its CBOR form), read without
/// decoding the rest: the archive writes it first, and the reading stops
/// there (a locale that has it later is read up to it).
fn locale_tag(bytes: &[u8]) -> Option<String> {
    struct Tag(Option<String>);
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Tag;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a CSL locale")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Tag, A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                if key == "@xml:lang" {
                    return map.next_value().map(Tag);
                }
                map.next_value::<serde::de::IgnoredAny>()?;
            }
            Ok(Tag(None))
        }
    }
    impl<'de> serde::Deserialize<'de> for Tag {
        fn deserialize<D: serde::Deserializer<'de>>(decoder: D) -> Result<Tag, D::Error> {
            decoder.deserialize_map(Visitor)
        }
    }
    ciborium::from_reader::<Tag, _>(bytes).ok()?.0
}

/// The edition as a one-entry hayagriva library (its serde form), so that
/// every text goes in as data.
fn entry(edition: &Edition, organisations: bool) -> Value {
    let mut entry = json!({
        "type": "report",
        "title": edition.title,
        "date": edition.date.to_string(),
        "url": edition.url,
        "language": edition.language_tag,
    });
    let authors: Vec<Value> = edition
        .creators
        .iter()
        .filter(|c| {
            organisations
                || !matches!(
                    c,
                    Name::Whole {
                        organisation: true,
                        ..
                    }
                )
        })
        .map(person)
        .collect();
    if !authors.is_empty() {
        entry["author"] = Value::Array(authors);
    }
    let publisher_is_author = organisations
        && edition.creators.iter().any(|c| {
            matches!(c, Name::Whole { name, organisation: true, .. } if Some(name) == edition.publisher.as_ref())
        });
    if let Some(publisher) = edition.publisher.as_ref().filter(|_| !publisher_is_author) {
        entry["publisher"] = json!({ "name": publisher });
    }
    let mut serial = serde_json::Map::new();
    if let Some(doi) = &edition.doi {
        serial.insert("doi".into(), json!(doi));
    }
    // hayagriva reads a number as CSL does: "2026-01" would become the
    // range "2026–1". A number it would rewrite is left out of the
    // formatted reference (the downloads and the metadata keep it).
    if let Some(number) = edition.number.as_ref().filter(|n| kept_as_written(n)) {
        serial.insert("serial".into(), json!(number));
    }
    if !serial.is_empty() {
        entry["serial-number"] = Value::Object(serial);
    }
    // The series is not given to the style: hayagriva would take a
    // parent for the container the report is "in".
    json!({ edition.key.clone(): entry })
}

/// Whether hayagriva writes `number` as it is (a plain number, or text
/// that is not a number at all).
fn kept_as_written(number: &str) -> bool {
    number
        .parse::<hayagriva::types::Numeric>()
        .map_or(true, |n| n.to_string() == number)
}

fn person(name: &Name) -> Value {
    match name {
        Name::Person { family, given, .. } => json!({ "name": family, "given-name": given }),
        Name::Whole { name, .. } => json!({ "name": name }),
    }
}

/// HTML of rendered elements, every text escaped.
fn html(children: &ElemChildren) -> String {
    let mut out = String::new();
    write_elements(children, &mut out, &Html);
    out.trim().to_string()
}

/// Typst markup of rendered elements, every text escaped.
fn typst(children: &ElemChildren) -> String {
    let mut out = String::new();
    write_elements(children, &mut out, &Typst);
    out.trim().to_string()
}

/// How one output format writes text, emphasis and links.
trait Writer {
    fn text(&self, text: &str, out: &mut String);
    /// The opening and closing of a formatting (`None` for plain).
    fn format(&self, italic: bool, bold: bool, small_caps: bool, sup: bool) -> (String, String);
    fn link(&self, url: &str, text: &str, out: &mut String);
}

struct Html;
struct Typst;

impl Writer for Html {
    /// Escaped, number ranges ("2024–2026") kept on one line as the
    /// Markdown's are.
    fn text(&self, text: &str, out: &mut String) {
        let mut at = 0;
        for (start, end) in crate::markdown::number_ranges(text) {
            out.push_str(&escape::html(&text[at..start]));
            out.push_str("<span class=\"range\">");
            out.push_str(&escape::html(&text[start..end]));
            out.push_str("</span>");
            at = end;
        }
        out.push_str(&escape::html(&text[at..]));
    }
    fn format(&self, italic: bool, bold: bool, small_caps: bool, sup: bool) -> (String, String) {
        let tags: Vec<&str> = [
            (italic, "i"),
            (bold, "b"),
            (sup, "sup"),
            (small_caps, "span class=\"small-caps\""),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, tag)| *tag)
        .collect();
        let open = tags.iter().map(|t| format!("<{t}>")).collect();
        let close = tags
            .iter()
            .rev()
            .map(|t| format!("</{}>", t.split(' ').next().unwrap_or(t)))
            .collect();
        (open, close)
    }
    fn link(&self, url: &str, text: &str, out: &mut String) {
        if escape::check_url(url).is_ok() {
            out.push_str(&format!("<a href=\"{}\">", escape::html(url)));
            self.text(text, out);
            out.push_str("</a>");
        } else {
            self.text(text, out);
        }
    }
}

impl Writer for Typst {
    fn text(&self, text: &str, out: &mut String) {
        out.push_str(&escape::typst_markup(text));
    }
    fn format(&self, italic: bool, bold: bool, small_caps: bool, sup: bool) -> (String, String) {
        let calls: Vec<&str> = [
            (italic, "emph"),
            (bold, "strong"),
            (sup, "super"),
            (small_caps, "smallcaps"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, f)| *f)
        .collect();
        let open = calls.iter().map(|f| format!("#{f}[")).collect();
        let close = "]".repeat(calls.len());
        (open, close)
    }
    fn link(&self, url: &str, text: &str, out: &mut String) {
        if escape::check_url(url).is_ok() {
            out.push_str(&format!("#link(\"{}\")[", escape::typst_string(url)));
            self.text(text, out);
            out.push(']');
        } else {
            self.text(text, out);
        }
    }
}

fn write_elements(children: &ElemChildren, out: &mut String, writer: &dyn Writer) {
    for child in &children.0 {
        match child {
            ElemChild::Text(formatted) => {
                let f = &formatted.formatting;
                let (open, close) = writer.format(
                    f.font_style == FontStyle::Italic,
                    f.font_weight == FontWeight::Bold,
                    f.font_variant == FontVariant::SmallCaps,
                    f.vertical_align == VerticalAlign::Sup,
                );
                out.push_str(&open);
                writer.text(&formatted.text, out);
                out.push_str(&close);
            }
            ElemChild::Elem(elem) => write_elements(&elem.children, out, writer),
            ElemChild::Markup(text) => writer.text(text, out),
            ElemChild::Link { text, url } => writer.link(url, &text.text, out),
            ElemChild::Transparent { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference from the locales `locales_for` keeps is the one from
    /// every locale of the archive, in each default style and in styles
    /// with other default locales.
    #[test]
    fn the_locales_kept_give_the_reference_all_of_them_give() {
        let all = hayagriva::archive::locales();
        for (lang, style) in [
            ("zh", "gb-7714-2015-numeric"),
            ("en", "apa"),
            ("en", "chicago-author-date"),
            ("en", "modern-language-association"),
            ("zh", "apa"),
            ("en", "gb-7714-2015-author-date"),
        ] {
            let mut edition = crate::citation::tests::edition(lang);
            edition.style = style.into();
            let Some(Style::Independent(csl)) = ArchivedStyle::by_name(style).map(|s| s.get())
            else {
                panic!("{style} is not an independent style of the archive");
            };
            let default = csl
                .default_locale
                .as_ref()
                .map_or("en-US", |l| l.0.as_str());
            let kept = locales_for(&[edition.csl_locale.as_str(), default]);
            assert!(kept.len() < all.len() / 4, "{style}: kept {}", kept.len());
            for organisations in [true, false] {
                let from_kept = render(&csl, &kept, &edition, organisations, style).unwrap();
                let from_all = render(&csl, &all, &edition, organisations, style).unwrap();
                assert_eq!(from_kept, from_all, "{lang} in {style}");
            }
        }
    }

    /// The tag read from the start of each archived locale is the one its
    /// full decoding gives.
    #[test]
    fn each_locale_tag_matches_its_full_decoding() {
        for bytes in LOCALES {
            let full: Locale = ciborium::from_reader(*bytes).unwrap();
            let tag = locale_tag(bytes);
            assert!(tag.is_some());
            assert_eq!(tag, full.lang.map(|l| l.0));
        }
    }

    /// A tag after other keys is found, a map without one has none, and
    /// bytes that are not a map give none rather than an error.
    #[test]
    fn a_tag_is_read_wherever_it_is() {
        use ciborium::Value as Cbor;
        let cbor = |value: Cbor| {
            let mut bytes = Vec::new();
            ciborium::into_writer(&value, &mut bytes).unwrap();
            bytes
        };
        let text = |t: &str| Cbor::Text(t.into());
        let later = cbor(Cbor::Map(vec![
            (text("info"), Cbor::Array(vec![Cbor::Integer(1.into())])),
            (text("terms"), Cbor::Map(vec![(text("a"), text("b"))])),
            (text("@xml:lang"), text("fr-FR")),
        ]));
        assert_eq!(locale_tag(&later).as_deref(), Some("fr-FR"));
        let none = cbor(Cbor::Map(vec![(text("terms"), Cbor::Array(vec![]))]));
        assert_eq!(locale_tag(&none), None);
        let list = cbor(Cbor::Array(vec![text("@xml:lang"), text("fr-FR")]));
        assert_eq!(locale_tag(&list), None);
        assert_eq!(locale_tag(&[0xa5, 0x69]), None);
    }
}
