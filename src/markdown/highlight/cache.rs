//! What one build keeps of its highlighting for reuse: whole code blocks
//! that repeat, and the parse of lines that repeat (the same line, parsed
//! from the same state, gives the same result).

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::sync::{Mutex, MutexGuard};

use syntect::parsing::{ParseState, ParsingError, ScopeStackOp, SyntaxSet};

/// Lines longer than this are always parsed (long lines rarely repeat).
const MAX_LINE_BYTES: usize = 200;
/// How many line parses a build keeps at most (about 2.5 KiB each, the
/// scope operations and two parser states).
const MAX_LINES: usize = 10_000;
/// How many lines seen once a build remembers (eight bytes each), so that
/// a line is kept only when it comes back.
const MAX_SEEN: usize = 1_000_000;
/// How many start states one line text is kept with at most.
const MAX_STATES_PER_LINE: usize = 4;
/// How much highlighted markup a cache keeps at most (the code and markup
/// of the blocks kept), so that a preview running for hours stays bounded.
const MAX_BLOCK_BYTES: usize = 128 << 20;

/// Highlighted code blocks kept for reuse within one build (or, in the
/// preview, from one rebuild to the next), shared by the threads that
/// render pages. The markup depends only on the fence's
/// language token and the code (the classes are the same for every
/// colour theme), so a block that appears on many pages (a licence
/// notice, a usage example) is highlighted once.
///
/// A block seen for the first time is only counted (its hash kept); from
/// the second time on, its token, code and markup are kept. So the memory
/// held is a few bytes a block when no block repeats, and the ones that
/// do, up to [`MAX_BLOCK_BYTES`]. A hit compares the code itself, so two
/// blocks with one hash never share markup.
#[derive(Debug, Default)]
pub struct Cache {
    blocks: Mutex<Blocks>,
    hasher: std::hash::RandomState,
    lines: Mutex<Lines>,
}

#[derive(Debug, Default)]
struct Blocks {
    /// By hash of token and code: `None` when seen once.
    kept: HashMap<u64, Option<Kept>>,
    /// The bytes of code and markup kept.
    bytes: usize,
}

#[derive(Debug)]
struct Kept {
    token: String,
    code: String,
    html: String,
}

impl Cache {
    /// An empty cache.
    pub fn new() -> Self {
        Cache::default()
    }

    /// The markup of `code` in `token`'s language, made by `highlight`
    /// unless the same token and code were kept.
    pub(super) fn get_or(
        &self,
        token: &str,
        code: &str,
        highlight: impl FnOnce() -> String,
    ) -> String {
        let key = self.hasher.hash_one((token, code));
        let seen = match self.blocks().kept.get(&key) {
            Some(Some(kept)) if kept.token == token && kept.code == code => {
                return kept.html.clone();
            }
            // Another block with the same hash: highlighted every time.
            Some(Some(_)) => return highlight(),
            Some(None) => true,
            None => false,
        };
        let html = highlight();
        let mut blocks = self.blocks();
        let size = token.len() + code.len() + html.len();
        if !seen {
            blocks.kept.insert(key, None);
        } else if blocks.bytes + size <= MAX_BLOCK_BYTES {
            blocks.bytes += size;
            let kept = Kept {
                token: token.to_string(),
                code: code.to_string(),
                html: html.clone(),
            };
            blocks.kept.insert(key, Some(kept));
        }
        html
    }

    fn blocks(&self) -> MutexGuard<'_, Blocks> {
        // Entries are inserted whole, so a panic elsewhere while the map
        // was locked leaves nothing half written.
        self.blocks.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Parsed lines by text, each with the states it was parsed from, and
/// the hashes of the lines seen once.
#[derive(Debug, Default)]
struct Lines {
    parses: HashMap<String, Vec<LineParse>>,
    count: usize,
    seen: HashSet<u64>,
}

// SAFETY: `Lines` is not `Send` only because a `ParseState` may hold a
// syntect `Region`, which with the Oniguruma engine is `onig::Region`: a
// plain C struct owning two `malloc`ed position arrays (and an optional
// capture tree), with no thread affinity and nothing shared with other
// values. Moving one to another thread, and freeing it there, is what
// `free` allows. The values are only reached through the cache's
// `Mutex`, and are cloned out, never lent.
unsafe impl Send for Lines {}

/// One line parsed from `before`: its scope operations and the state after.
#[derive(Debug)]
struct LineParse {
    before: ParseState,
    after: ParseState,
    ops: Vec<(usize, ScopeStackOp)>,
}

impl Cache {
    /// Parses `line` from `state` (and moves `state` past it), reusing the
    /// result of an earlier parse of the same line from an equal state.
    /// A line is kept from its second parse on.
    pub(super) fn parse_line(
        &self,
        state: &mut ParseState,
        line: &str,
        syntaxes: &SyntaxSet,
    ) -> Result<Vec<(usize, ScopeStackOp)>, ParsingError> {
        if line.len() > MAX_LINE_BYTES {
            return state.parse_line(line, syntaxes);
        }
        if let Some(parses) = self.lines().parses.get(line)
            && let Some(kept) = parses.iter().find(|p| p.before == *state)
        {
            *state = kept.after.clone();
            return Ok(kept.ops.clone());
        }
        let before = state.clone();
        let ops = state.parse_line(line, syntaxes)?;
        let hash = self.hasher.hash_one(line);
        let mut lines = self.lines();
        let first_time = lines.seen.len() < MAX_SEEN && lines.seen.insert(hash);
        if !first_time && lines.count < MAX_LINES {
            let parses = lines.parses.entry(line.to_string()).or_default();
            if parses.len() < MAX_STATES_PER_LINE && !parses.iter().any(|p| p.before == before) {
                parses.push(LineParse {
                    before,
                    after: state.clone(),
                    ops: ops.clone(),
                });
                lines.count += 1;
            }
        }
        Ok(ops)
    }

    fn lines(&self) -> MutexGuard<'_, Lines> {
        // Entries are inserted whole (see `blocks`).
        self.lines.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_block_is_highlighted_twice_then_reused() {
        let cache = Cache::new();
        let calls = std::cell::Cell::new(0);
        let highlight = |html: &str| {
            calls.set(calls.get() + 1);
            html.to_string()
        };
        for _ in 0..5 {
            assert_eq!(cache.get_or("rust", "fn a() {}", || highlight("A")), "A");
        }
        assert_eq!(calls.get(), 2, "first seen, then kept");
        // Another code or another language is its own block.
        assert_eq!(cache.get_or("rust", "fn b() {}", || highlight("B")), "B");
        assert_eq!(cache.get_or("toml", "fn a() {}", || highlight("C")), "C");
        assert_eq!(calls.get(), 4);
    }

    #[test]
    fn a_line_parsed_again_from_the_same_state_is_reused() {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let rust = syntaxes.find_syntax_by_token("rust").unwrap();
        let cache = Cache::new();
        let lines = ["/* open\n", "still comment\n", "*/ fn x() {}\n"];
        // The same lines parsed twice through the cache, and once without.
        let parse_all = |cache: Option<&Cache>| {
            let mut state = ParseState::new(rust);
            let mut all = Vec::new();
            for line in lines {
                let ops = match cache {
                    Some(c) => c.parse_line(&mut state, line, &syntaxes).unwrap(),
                    None => state.parse_line(line, &syntaxes).unwrap(),
                };
                all.push(ops);
            }
            (all, state)
        };
        let fresh = parse_all(None);
        assert_eq!(parse_all(Some(&cache)), fresh);
        assert_eq!(cache.lines().count, 0, "seen once: not kept yet");
        assert_eq!(parse_all(Some(&cache)), fresh);
        assert_eq!(cache.lines().count, 3, "seen twice: kept");
        assert_eq!(parse_all(Some(&cache)), fresh, "from the cache");
        assert_eq!(cache.lines().count, 3, "nothing new kept");
        // The same text in another state (inside the comment) is parsed
        // anew and kept beside the first.
        let mut state = ParseState::new(rust);
        cache
            .parse_line(&mut state, "/* open\n", &syntaxes)
            .unwrap();
        let inside = cache
            .parse_line(&mut state, "/* open\n", &syntaxes)
            .unwrap();
        let mut plain = ParseState::new(rust);
        plain.parse_line("/* open\n", &syntaxes).unwrap();
        assert_eq!(inside, plain.parse_line("/* open\n", &syntaxes).unwrap());
        assert_eq!(cache.lines.lock().unwrap().parses["/* open\n"].len(), 2);
    }
}
