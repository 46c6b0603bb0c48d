//! The indicator data itself, apart from how it is shown: reading and
//! checking `content/indicators.toml` (`load`), derived figures (`derive`),
//! the JSON and CSV downloads (`export`), their data package descriptor
//! (`package`) and which indicators the pages use (`usage`).

pub mod derive;
pub mod export;
pub mod load;
pub mod package;
pub mod usage;
