//! How the indicator data is shown, in each language: numbers (`format`),
//! the words (`labels`), inline figures (`figure`), tables (`table`),
//! charts (`chart_data`, drawn by `chart/`), the indicators page (`page`)
//! and the shortcodes that put them into pages (`shortcodes`); `typst`
//! writes figures, tables and charts for the PDF edition from the same
//! models.

pub mod chart;
pub mod chart_data;
pub mod derived;
pub mod figure;
pub mod format;
pub mod labels;
pub mod page;
pub mod shortcodes;
pub mod table;
pub mod typst;
