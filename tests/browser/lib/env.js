// Where things are, and whether everything the browser tests need is here.
//
// Environment variables (all optional):
//   BRIEF_SITE_DIR    an already built site to test (default: build the
//                     shipped brief with `cargo run -- build` into a
//                     temporary directory)
//   BRIEF_TARGET_DIR  where screenshots and the summary go (default: the
//                     repository's target/)
//   BRIEF_BASE_PATH   the path the site is served under (default: /brief/,
//                     the path of config.toml's base_url)
//   BRIEF_CHROMIUM    the Chromium binary (default: /usr/bin/chromium)
//   CI                when "true", anything missing is a failure, not a skip

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SUITE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = resolve(SUITE_DIR, '..', '..');
export const TARGET_DIR = resolve(process.env.BRIEF_TARGET_DIR || join(REPO_DIR, 'target'));
export const SCREENSHOT_DIR = join(TARGET_DIR, 'screenshots');
export const SUMMARY_FILE = join(TARGET_DIR, 'browser-summary.txt');
export const BASE_PATH = normaliseBasePath(process.env.BRIEF_BASE_PATH || '/brief/');
export const CHROMIUM = process.env.BRIEF_CHROMIUM || '/usr/bin/chromium';
export const UNDER_CI = process.env.CI === 'true';

export const VNU_JAR = join(SUITE_DIR, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
export const AXE_SCRIPT = join(SUITE_DIR, 'node_modules', 'axe-core', 'axe.min.js');

/**
 * The flags Chromium runs with: headless, no sandbox (CI runs as root), no
 * GPU, and nothing that reaches out to the network on its own (the machine
 * has no network but the package registries). playwright-core adds
 * --headless and a fresh temporary --user-data-dir itself.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

function normaliseBasePath(path) {
  let p = path.startsWith('/') ? path : `/${path}`;
  if (!p.endsWith('/')) p += '/';
  return p;
}

/** What is missing for the browser tests, as readable reasons (empty: nothing). */
export function missingPrerequisites() {
  const missing = [];
  if (!existsSync(join(SUITE_DIR, 'node_modules', 'playwright-core'))
    || !existsSync(AXE_SCRIPT) || !existsSync(VNU_JAR)) {
    missing.push('tests/browser/node_modules is not installed (run `npm ci --ignore-scripts` in tests/browser)');
  }
  if (!existsSync(CHROMIUM)) {
    missing.push(`no Chromium at ${CHROMIUM} (apt-get install chromium chromium-driver, or set BRIEF_CHROMIUM)`);
  }
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) {
    missing.push('no `java` on PATH (the Nu HTML Checker needs Java 11 or newer)');
  }
  for (const tool of ['pdfinfo', 'pdftotext', 'pdftoppm']) {
    const run = spawnSync(tool, ['-v'], { encoding: 'utf8' });
    if (run.error) missing.push(`no \`${tool}\` on PATH (apt-get install poppler-utils: the print checks read the printed PDFs)`);
  }
  return missing;
}

/**
 * The site to test: BRIEF_SITE_DIR, or the shipped brief built into a
 * temporary directory (removed by the returned `cleanup`).
 */
export function siteDirectory() {
  if (process.env.BRIEF_SITE_DIR) {
    const dir = resolve(process.env.BRIEF_SITE_DIR);
    if (!existsSync(join(dir, 'index.html'))) {
      throw new Error(`BRIEF_SITE_DIR=${dir} has no index.html: build the site first`);
    }
    return { dir, cleanup: () => {} };
  }
  const parent = mkdtempSync(join(tmpdir(), 'brief-browser-'));
  const dir = join(parent, 'public');
  const build = spawnSync('cargo', ['run', '--quiet', '--', 'build', '--output', dir], {
    cwd: REPO_DIR,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (build.error || build.status !== 0) {
    rmSync(parent, { recursive: true, force: true });
    throw new Error(`building the shipped brief failed:\n${build.stdout}${build.stderr}${build.error ?? ''}`);
  }
  return { dir, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}

/** Every HTML file of the site, as paths relative to it with `/` separators, sorted. */
export function htmlFiles(dir) {
  const found = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.html')) found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

/** The URL path a file is served at: `zh/goals/index.html` → `/brief/zh/goals/`. */
export function urlPathOf(file) {
  if (file === 'index.html') return BASE_PATH;
  if (file.endsWith('/index.html')) return BASE_PATH + file.slice(0, -'index.html'.length);
  return BASE_PATH + file;
}
