//! Each page's share card ([`crate::cards`]): what it says (the brief's
//! title or publisher, the page's title, the language's first key
//! figure), drawn once per distinct card and written to `cards/`.

use std::path::Path;
use std::sync::Arc;

use super::out::{Origin, Out};
use crate::cards::{self, Card, Drawn, HEIGHT, Painter, WIDTH};
use crate::config::{Config, Language};
use crate::diagnostic::Diagnostic;
use crate::templates::context::CardView;

/// What every card of a language shares.
pub(super) struct LanguageCards<'a> {
    painter: Arc<Painter>,
    drawn: &'a Drawn,
    config: &'a Config,
    cjk: bool,
    short_title: String,
    publisher: Option<String>,
    figure: Option<(String, String)>,
    address: String,
}

impl<'a> LanguageCards<'a> {
    pub(super) fn new(
        config: &'a Config,
        language: &Language,
        painter: Arc<Painter>,
        drawn: &'a Drawn,
        figure: Option<(String, String)>,
    ) -> Self {
        let home = config.base_url.join(&format!("{}/", language.code));
        let address = config.base_url.absolute(&home);
        let address = address
            .split_once("://")
            .map_or(address.as_str(), |(_, rest)| rest)
            .trim_end_matches('/')
            .to_string();
        LanguageCards {
            painter,
            drawn,
            config,
            cjk: language.html_lang.starts_with("zh"),
            short_title: language.short_title.clone(),
            publisher: config
                .publication
                .as_ref()
                .and_then(|p| p.publisher.as_ref())
                .and_then(|p| p.get(&language.code).cloned()),
            figure,
            address,
        }
    }

    /// The card of a page titled `title` (the home page's: `home`),
    /// written to the output; its view for the page's head.
    pub(super) fn card(
        &self,
        title: &str,
        home: bool,
        out: &Out<'_>,
    ) -> Result<CardView, Diagnostic> {
        let eyebrow = if home {
            self.publisher.as_deref().unwrap_or_default()
        } else {
            self.short_title.as_str()
        };
        let card = Card {
            cjk: self.cjk,
            eyebrow,
            title,
            figure: self.figure.as_ref().map(|(v, l)| (v.as_str(), l.as_str())),
            address: &self.address,
            families: (&self.painter.families.0, &self.painter.families.1),
        };
        let svg = cards::svg(&card);
        let file = cards::file(&svg);
        let png = self.drawn.get_or_draw(&self.painter, &file, &svg)?;
        out.write(Path::new(&file), &png, &Origin::Generated("a share card"))?;
        let alt = match &card.figure {
            Some((value, label)) => format!("{eyebrow} — {title} — {label} {value}"),
            None => format!("{eyebrow} — {title}"),
        };
        Ok(CardView {
            url: self
                .config
                .base_url
                .absolute(&self.config.base_url.join(&file)),
            alt: alt.trim_start_matches(" — ").to_string(),
            width: WIDTH,
            height: HEIGHT,
        })
    }
}
