// Every page of the built brief, in both languages, checked in a real
// browser the way a careful reviewer would check it by hand:
//
//   1. HTML validity: the Nu HTML Checker over every HTML file: no error.
//   2. Every page at desktop (1280 px) and phone (390 and 320 px) widths,
//      in light and dark mode: axe-core finds no serious or critical
//      accessibility violation (moderate and minor ones are listed in the
//      summary); nothing is logged to the console as an error and no
//      request fails; tables and charts are visible and fit the screen
//      (charts legible in both colour schemes, their smallest text at
//      least 12 CSS px; no table column off the screen, and on a phone none
//      at all); no figure is split over two lines; the header is compact;
//      the home page's key figures are on the first screen; nothing
//      scrolls sideways on a phone. Printed (Chromium's PDF): A4, the
//      navigation hidden, in-site links not underlined, the page's address
//      on paper, no last page less than a fifth full.
//   3. Behaviour: every same-origin link resolves under the base path, a
//      missing page gets the site's 404 page, the language switcher goes to
//      the same page in the other language and back, heading anchors and
//      the table of contents scroll to their heading, the skip link works.
//   4. Screenshots of the home page and one section in each language at
//      desktop and phone widths (and desktop dark), into target/screenshots/.
//
// The site is served under /brief/ on 127.0.0.1, as GitHub Pages serves a
// project site. Run `npm test` in tests/browser, or `cargo test --test
// browser` (which builds the site first). lib/env.js lists the environment
// variables.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import {
  AXE_SCRIPT,
  BASE_PATH,
  CHROMIUM,
  CHROMIUM_ARGS,
  SCREENSHOT_DIR,
  SUMMARY_FILE,
  UNDER_CI,
  VNU_JAR,
  htmlFiles,
  missingPrerequisites,
  siteDirectory,
  urlPathOf,
} from './lib/env.js';
import {
  describePage,
  focusedElement,
  horizontalOverflow,
  idsAndLinks,
  inspectChart,
  keyFiguresBox,
  scrollPosition,
  splitFigures,
  tableColumns,
  tableFrame,
  underlinedInSiteLinks,
} from './lib/inpage.js';
import { serveSite } from './lib/server.js';
import { Summary } from './lib/summary.js';

/** The widths every page is checked at. */
const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
  small: { width: 320, height: 640 },
};
/** The widths the behaviour tests (links, switcher, anchors, keyboard) use. */
const BEHAVIOUR_VIEWPORTS = ['desktop', 'phone'];
const SCHEMES = ['light', 'dark'];
/** No chart text may be drawn smaller than this (CSS px). */
const MIN_CHART_TEXT = 12;
/** A printed page's text area on A4 with the theme's margins (2 cm top, 2.2 cm bottom), in points. */
const A4 = { width: 595.28, height: 841.89, top: (2 / 2.54) * 72, bottom: 841.89 - (2.2 / 2.54) * 72 };

/** What the phones emulate besides their width: a touch screen, no hover, zoom to fit. */
function contextOptions({ viewport, scheme, scale = 1 }) {
  const phone = viewport !== 'desktop';
  return {
    viewport: VIEWPORTS[viewport],
    deviceScaleFactor: scale,
    isMobile: phone,
    hasTouch: phone,
    colorScheme: scheme,
    reducedMotion: 'reduce',
  };
}

const missing = missingPrerequisites();
if (missing.length > 0) {
  const reason = missing.join('; ');
  if (UNDER_CI) {
    test('the browser tests can run (CI=true: nothing may be missing)', () => {
      assert.fail(`the browser tests cannot run: ${reason}`);
    });
  } else {
    console.log(`skipped: browser tests: ${reason}`);
    test('browser tests', { skip: reason }, () => {});
  }
} else {
  defineSuite();
}

function defineSuite() {
  const site = siteDirectory();
  const files = htmlFiles(site.dir);
  const source = (file) => readFileSync(join(site.dir, file), 'utf8');
  const pages = files.map((file) => {
    const html = source(file);
    return {
      file,
      path: urlPathOf(file),
      hasData: html.includes('<table') || html.includes('class="chart"'),
      hasAnchors: html.includes('class="heading-anchor"') || html.includes('class="toc"'),
    };
  });
  // The 404 page is checked where visitors meet it, at a missing URL, as
  // well as at its own; the other checks are about the real pages.
  const contentPages = pages.filter((p) => p.file !== '404.html');
  const summary = new Summary();

  let server;
  let browser;
  const url = (path) => server.origin + path;

  /** One browser context and one tab per configuration, reused page after page. */
  const tabs = new Map();
  async function tab(options) {
    const key = JSON.stringify(options);
    if (!tabs.has(key)) {
      const ctx = await browser.newContext(contextOptions(options));
      ctx.setDefaultTimeout(15_000);
      tabs.set(key, { ctx, page: await ctx.newPage() });
    }
    return tabs.get(key).page;
  }

  /**
   * Loads `path` in `page` and returns what went wrong on the way: console
   * errors, uncaught exceptions, failed requests, error responses and any
   * request outside the site. Console warnings are returned apart.
   */
  async function visit(page, path, { status = 200 } = {}) {
    const problems = [];
    const warnings = [];
    const target = url(path);
    const listeners = {
      console: (message) => {
        const where = message.location()?.url ?? '';
        if (message.type() === 'error') {
          // Chromium logs the error status of the document itself; the
          // status is asserted below instead.
          if (status !== 200 && where === target && /status of \d+/.test(message.text())) return;
          problems.push(`console error: ${message.text()} (${where})`);
        } else if (message.type() === 'warning') {
          warnings.push(`console warning: ${message.text()} (${where})`);
        }
      },
      pageerror: (error) => problems.push(`uncaught exception: ${error.message}`),
      requestfailed: (request) => problems.push(`request failed: ${request.url()}: ${request.failure()?.errorText}`),
      request: (request) => {
        const u = request.url();
        if (!u.startsWith(server.origin + BASE_PATH) && !u.startsWith('data:')) {
          problems.push(`request outside the site under ${BASE_PATH}: ${u}`);
        }
      },
      response: (response) => {
        if (response.url() !== target && response.status() >= 400) {
          problems.push(`HTTP ${response.status()} for ${response.url()}`);
        }
      },
    };
    for (const [event, listener] of Object.entries(listeners)) page.on(event, listener);
    try {
      const response = await page.goto(target, { waitUntil: 'load' });
      assert.equal(response.status(), status, `HTTP status of ${path}`);
      // Let late console messages and requests (fonts, icons) arrive.
      await page.evaluate(() => document.fonts.ready.then(() => new Promise(requestAnimationFrame)));
    } finally {
      for (const [event, listener] of Object.entries(listeners)) page.off(event, listener);
    }
    return { problems, warnings };
  }

  /** A test counted in the summary under `category`. */
  function check(category, name, fn) {
    return test(name, (t) => counted(category, name, fn, t));
  }

  /** A subtest of `t` counted in the summary under `category`. */
  function subcheck(t, category, name, fn) {
    return t.test(name, (st) => counted(category, `${t.name}: ${name}`, fn, st));
  }

  async function counted(category, name, fn, t) {
    try {
      await fn(t);
      summary.pass(category);
    } catch (error) {
      summary.fail(category, name);
      throw error;
    }
  }

  before(async () => {
    server = await serveSite(site.dir, BASE_PATH);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    summary.browserVersion = browser.version();
  });

  after(async () => {
    for (const { ctx } of tabs.values()) await ctx.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.close();
    site.cleanup();
    const text = summary.render();
    mkdirSync(join(SUMMARY_FILE, '..'), { recursive: true });
    writeFileSync(SUMMARY_FILE, text);
    console.log(`\n${text}`);
  });

  // 1. HTML validity ---------------------------------------------------------------

  describe('HTML validity', () => {
    check('validity', `the Nu HTML Checker finds no error in the ${files.length} HTML pages`, (t) => {
      const run = spawnSync(
        'java',
        ['-Xss4m', '-jar', VNU_JAR, '--format', 'json', '--also-check-svg', ...files.map((f) => join(site.dir, f)), join(site.dir, 'assets', 'favicon.svg')],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 180_000 },
      );
      assert.ifError(run.error);
      let report;
      try {
        // The JSON report goes to stderr, after anything the JVM says first.
        const output = run.stderr || run.stdout;
        report = JSON.parse(output.slice(output.indexOf('{"')));
      } catch {
        assert.fail(`the Nu HTML Checker printed no JSON report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
      }
      const messages = report.messages ?? [];
      const errors = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
      const warnings = messages.filter((m) => m.type === 'info' && m.subType === 'warning');
      summary.validity = { version: report.version, pages: files.length, errors: errors.length, warnings: warnings.length };
      const show = (m) => {
        const file = m.url ? relative(site.dir, new URL(m.url).pathname) : '?';
        const extract = m.extract ? `\n      ${m.extract.replace(/\n/g, '⏎')}` : '';
        return `${file}:${m.lastLine ?? '?'}:${m.firstColumn ?? '?'}: ${m.type}${m.subType ? `/${m.subType}` : ''}: ${m.message}${extract}`;
      };
      for (const w of warnings) {
        t.diagnostic(show(w));
        summary.note(`Nu HTML Checker warning: ${show(w)}`);
      }
      assert.equal(errors.length, 0, `Nu HTML Checker errors:\n${errors.map(show).join('\n')}`);
      assert.ok(files.length >= 2 * 7, `every page of both languages: found only ${files.length} HTML files`);
    });
  });

  // 2. Every page, at both widths, in both colour schemes -----------------------------

  /** Same-origin links found on the pages, and the ids of every page, for the link check. */
  const links = new Map();
  const idsByPath = new Map();
  const seen = { tables: 0, charts: 0 };

  for (const viewport of Object.keys(VIEWPORTS)) {
    for (const scheme of SCHEMES) {
      const width = VIEWPORTS[viewport].width;
      describe(`Every page at ${width}px, ${scheme}`, () => {
        for (const p of pages) {
          test(`${p.path} at ${width}px, ${scheme}`, async (t) => {
            const page = await tab({ viewport, scheme });
            const loaded = await visit(page, p.path);

            await subcheck(t, 'accessibility', 'axe: no serious or critical violation', async () => {
              await page.addScriptTag({ path: AXE_SCRIPT });
              // eslint-disable-next-line no-undef
              const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
              summary.axeVersion = result.testEngine?.version;
              summary.axeRuns += 1;
              const serious = [];
              for (const v of result.violations) {
                const record = {
                  page: p.path,
                  viewport: `${width}px`,
                  scheme,
                  id: v.id,
                  impact: v.impact ?? 'minor',
                  help: v.help,
                  helpUrl: v.helpUrl,
                  nodes: v.nodes.map((n) => ({
                    target: n.target.join(' '),
                    summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
                  })),
                };
                summary.violation(record);
                if (record.impact === 'serious' || record.impact === 'critical') serious.push(record);
              }
              assert.equal(serious.length, 0, `serious or critical violations:\n${serious.map(describeViolation).join('\n')}`);
            });

            if (scheme === 'light') {
              await subcheck(t, 'console and requests', 'no console error, no failed request', (st) => {
                for (const w of loaded.warnings) {
                  st.diagnostic(w);
                  summary.note(`${p.path}: ${w}`);
                }
                assert.deepEqual(loaded.problems, []);
              });
            }

            if (p.hasData) {
              await subcheck(t, 'tables and charts', 'tables and charts are visible and fit the screen', async () => {
                for (const table of await page.locator('main table').all()) {
                  await table.scrollIntoViewIfNeeded();
                  assert.ok(await table.isVisible(), 'the table is visible');
                  const box = await table.boundingBox();
                  assert.ok(box && box.width > 50 && box.height > 20, `the table has a size: ${JSON.stringify(box)}`);
                  const frame = await table.evaluate(tableFrame);
                  assert.ok(frame.left >= -0.5 && frame.right <= width + 0.5, `the table (or the box it scrolls in) fits the ${width}px screen: ${JSON.stringify(frame)}`);
                  const columns = await table.evaluate(tableColumns);
                  if (viewport === 'desktop') {
                    // A column may reach past the screen only inside a box that scrolls and shows it.
                    assert.ok((!columns.scrolls && columns.outside.length === 0) || columns.cue, `a table column is off the ${width}px screen without a scroll cue: ${columns.outside.join(', ')}`);
                  } else {
                    assert.deepEqual(columns.outside, [], `table cells off the ${width}px screen`);
                    assert.equal(columns.scrolls, false, `a table scrolls sideways at ${width}px`);
                  }
                  seen.tables += 1;
                }
                // Each chart figure holds two drawings; the stylesheet shows the one that fits.
                for (const figure of await page.locator('main figure.indicator-chart').all()) {
                  const shown = await figure.locator('svg.chart').evaluateAll((svgs) => svgs.filter((s) => getComputedStyle(s).display !== 'none').length);
                  assert.equal(shown, 1, `one drawing of each chart is shown at ${width}px`);
                }
                for (const chart of await page.locator('main svg.chart:visible').all()) {
                  await chart.scrollIntoViewIfNeeded();
                  assert.ok(await chart.isVisible(), 'the chart is visible');
                  const box = await chart.boundingBox();
                  assert.ok(box && box.width >= Math.min(300, width - 60) && box.height > 120, `the chart has a readable size: ${JSON.stringify(box)}`);
                  assert.ok(box.x >= -0.5 && box.x + box.width <= width + 0.5, `the chart fits the screen: ${JSON.stringify(box)}`);
                  const report = await chart.evaluate(inspectChart);
                  assert.ok(report.bars > 0, 'the chart has bars');
                  assert.deepEqual(report.problems, [], 'the chart is legible');
                  assert.ok(report.smallestText !== null && report.smallestText >= MIN_CHART_TEXT - 0.05, `chart text is drawn as small as ${report.smallestText?.toFixed(1)}px at ${width}px (at least ${MIN_CHART_TEXT}px)`);
                  seen.charts += 1;
                }
              });
            }

            // Layout checks, in both colour schemes (a scheme must not change the layout).
            {
              await subcheck(t, 'header', 'the header is compact', async () => {
                const limit = viewport === 'desktop' ? 120 : 160;
                const box = await page.locator('header.site-header').boundingBox();
                assert.ok(box && box.height <= limit, `the header is ${box?.height}px high at ${width}px (at most ${limit}px)`);
              });
              await subcheck(t, 'figures', 'no figure is split over two lines', async () => {
                const split = await page.evaluate(splitFigures);
                assert.deepEqual(split, [], `split at ${width}px: ${split.join(' | ')}`);
              });
              if (p.file.endsWith('index.html') && /^(zh|en)\/index\.html$/.test(p.file) && viewport !== 'small') {
                await subcheck(t, 'key figures', 'the key figures are on the first screen', async () => {
                  const box = await page.evaluate(keyFiguresBox);
                  assert.ok(box, 'the home page has key figures');
                  assert.ok(box.bottom <= box.viewport, `the key figures end at ${Math.round(box.bottom)}px, below the first ${box.viewport}px screen`);
                  assert.deepEqual(box.spilling, [], 'every key figure fits its card');
                });
              }
            }

            if (viewport !== 'desktop' && scheme === 'light') {
              await subcheck(t, 'no horizontal scrolling', 'does not scroll sideways', async () => {
                const result = await page.evaluate(horizontalOverflow);
                assert.ok(
                  result.scrollWidth <= result.clientWidth,
                  `the page is ${result.scrollWidth}px wide on a ${result.clientWidth}px screen; sticking out: ${result.wide.join(', ') || '(nothing visible)'}`,
                );
              });
            }

            if (viewport === 'desktop' && scheme === 'light') {
              const found = await page.evaluate(idsAndLinks);
              idsByPath.set(p.path, new Set(found.ids));
              for (const href of found.links) if (!links.has(href)) links.set(href, p.path);

              await subcheck(t, 'print', 'printing hides the navigation and prints links as text', async () => {
                await page.emulateMedia({ media: 'print' });
                try {
                  for (const selector of ['.skip-link', '.site-nav', '.lang-switch', '.toc', '.pager', '.heading-anchor', '.back-to-top', '.cite-this']) {
                    for (const el of await page.locator(selector).all()) {
                      assert.equal(await el.isVisible(), false, `${selector} is hidden in print`);
                    }
                  }
                  assert.ok(await page.locator('main h1').isVisible(), 'the title prints');
                  for (const el of await page.locator('main table, main svg.chart-columns').all()) {
                    assert.ok(await el.isVisible(), 'tables and charts print');
                  }
                  assert.deepEqual(await page.evaluate(underlinedInSiteLinks), [], 'in-site links are not underlined on paper');
                } finally {
                  await page.emulateMedia({ media: null });
                }
              });

              await subcheck(t, 'print', 'the printout is A4 with the page\'s address and no near-empty last page', async () => {
                const printed = printToPdf(await page.pdf({ preferCSSPageSize: true }));
                assert.ok(Math.abs(printed.width - A4.width) < 1 && Math.abs(printed.height - A4.height) < 1, `A4 paper, not ${printed.width}×${printed.height} pt`);
                if (p.file !== '404.html') {
                  const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
                  assert.ok(printed.text.includes(canonical), `the printout gives the page's address ${canonical}`);
                }
                if (printed.pages > 1) {
                  assert.ok(printed.lastPageFill >= 0.2, `the last of ${printed.pages} pages is only ${Math.round(printed.lastPageFill * 100)}% full`);
                }
                summary.note(`printed ${p.path}: ${printed.pages} A4 pages, the last ${Math.round(printed.lastPageFill * 100)}% full`);
              });
            }
          });
        }
      });
    }
  }

  // 3. Behaviour -------------------------------------------------------------------------

  describe('Behaviour', () => {
    check('tables and charts', 'the shipped brief has tables and charts to check', () => {
      assert.ok(seen.tables > 0, 'no table was checked');
      assert.ok(seen.charts > 0, 'no chart was checked');
    });

    check('links', 'every same-origin link and stylesheet resolves under the base path', async () => {
      assert.ok(links.size > 0, 'no links were collected');
      const broken = [];
      for (const [href, from] of links) {
        const target = new URL(href);
        if (!target.pathname.startsWith(BASE_PATH)) {
          broken.push(`${href} (on ${from}): outside ${BASE_PATH}`);
          continue;
        }
        const response = await fetch(target.origin + target.pathname, { redirect: 'manual' });
        await response.arrayBuffer();
        if (response.status !== 200) {
          broken.push(`${href} (on ${from}): HTTP ${response.status}`);
          continue;
        }
        const ids = idsByPath.get(target.pathname);
        const id = decodeURIComponent(target.hash.slice(1));
        if (id && ids && !ids.has(id)) broken.push(`${href} (on ${from}): no element with id "${id}"`);
      }
      assert.deepEqual(broken, []);
    });

    for (const viewport of BEHAVIOUR_VIEWPORTS) {
      check('not found', `a missing page gets the site's 404 page, styled, with working links home (${VIEWPORTS[viewport].width}px)`, async () => {
        const page = await tab({ viewport, scheme: 'light' });
        const { problems } = await visit(page, `${BASE_PATH}zh/no-such-section/deeper/`, { status: 404 });
        assert.deepEqual(problems, []);
        assert.equal(await page.locator('body.kind-not_found').count(), 1, 'the 404 template');
        const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).borderTopStyle === 'solid');
        assert.ok(styled, 'the stylesheet loads on the 404 page at a nested URL');
        const homes = await page.locator('.home-links a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.ok(homes.length >= 2, 'a link to each language\'s home');
        for (const home of homes) {
          await follow(page, page.locator(`.home-links a[href="${home}"]`));
          assert.equal(page.url(), url(home));
          assert.equal(await page.locator('body.kind-home').count(), 1, `${home} is a home page`);
          await page.goBack();
        }
      });
    }

    // The language switcher: to the same page in every other language and back.
    for (const viewport of BEHAVIOUR_VIEWPORTS) {
      for (const p of contentPages) {
        check('language switcher', `language switcher on ${p.path} at ${VIEWPORTS[viewport].width}px: the same page in the other language, and back`, async () => {
          const page = await tab({ viewport, scheme: 'light' });
          await visit(page, p.path);
          const here = await page.evaluate(describePage);
          const others = await page.locator('.lang-switch a').evaluateAll((as) =>
            as.map((a) => ({ hreflang: a.getAttribute('hreflang'), rel: a.rel })),
          );
          assert.ok(others.length >= 1, 'the switcher links to the other language');
          for (const other of others) {
            assert.equal(other.rel, 'alternate', `${p.path} exists in ${other.hreflang}`);
            await follow(page, page.locator(`.lang-switch a[hreflang="${other.hreflang}"]`));
            const there = await page.evaluate(describePage);
            assert.equal(there.current, other.hreflang, 'the switcher marks the new language as current');
            assert.equal(there.slug, here.slug, `the same page: ${there.path} for ${here.path}`);
            assert.equal(there.kind, here.kind, 'the same kind of page');
            assert.equal(there.navIndex, here.navIndex, 'the same entry of the section navigation is current');
            await follow(page, page.locator(`.lang-switch a[hreflang="${here.lang}"]`));
            const back = await page.evaluate(describePage);
            assert.equal(back.canonical, here.canonical, 'back on the page it started from');
          }
        });
      }
    }

    // Heading anchors and the table of contents.
    for (const viewport of BEHAVIOUR_VIEWPORTS) {
      for (const p of contentPages.filter((page) => page.hasAnchors)) {
        check('heading anchors', `heading anchors and the table of contents on ${p.path} at ${VIEWPORTS[viewport].width}px scroll to their heading`, async () => {
          const page = await tab({ viewport, scheme: 'light' });
          await visit(page, p.path);
          // The "#" link after each heading.
          const anchors = await page.locator('a.heading-anchor').all();
          for (const anchor of anchors) {
            const href = await anchor.getAttribute('href');
            await anchor.click();
            await assertAtFragment(page, href);
          }
          // Every entry of the table of contents, clicked from the top of the page.
          const entries = await page.locator('nav.toc a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
          for (const href of entries) {
            await page.evaluate(() => window.scrollTo(0, 0));
            await page.locator(`nav.toc a[href="${href.replace(/["\\]/g, '\\$&')}"]`).click();
            await assertAtFragment(page, href);
          }
          assert.ok(anchors.length + entries.length > 0, 'the page has anchors');
          // A link from elsewhere with a fragment opens the page at its heading.
          const last = entries.at(-1) ?? (await anchors.at(-1).getAttribute('href'));
          await page.goto(url(BASE_PATH));
          await page.goto(url(p.path) + last, { waitUntil: 'load' });
          await assertAtFragment(page, last);
        });
      }
    }

    // The skip link: the first Tab stop, on screen when focused, and it moves focus to the content.
    for (const viewport of BEHAVIOUR_VIEWPORTS) {
      for (const p of contentPages.filter((page) => /^(zh|en)\/(goals\/)?index\.html$/.test(page.file))) {
        check('keyboard', `the skip link on ${p.path} at ${VIEWPORTS[viewport].width}px is the first Tab stop and moves focus to the content`, async () => {
          const page = await tab({ viewport, scheme: 'light' });
          await visit(page, p.path);
          await page.keyboard.press('Tab');
          const focused = await page.evaluate(focusedElement);
          const { width, height } = VIEWPORTS[viewport];
          assert.equal(focused.className, 'skip-link', 'the first Tab stop');
          assert.ok(focused.top >= 0 && focused.bottom <= height && focused.left >= 0 && focused.right <= width, `the focused skip link is on screen: ${JSON.stringify(focused)}`);
          await page.keyboard.press('Enter');
          await page.waitForFunction(() => document.activeElement?.id === 'main');
          await page.keyboard.press('Tab');
          assert.ok((await page.evaluate(focusedElement)).inMain, 'the next Tab stop is in the content');
        });
      }
    }
  });

  // 4. Screenshots -------------------------------------------------------------------------

  describe('Screenshots', () => {
    // Every page in both languages at desktop and phone widths, the home
    // and goals pages in dark mode too, and the first two printed pages of
    // each language's goals page.
    const shots = [];
    const name = (file) => file.replace(/^(zh|en)\/index\.html$/, '$1/home').replace(/\/?index\.html$/, '').replace(/\//g, '-');
    for (const p of contentPages.filter((page) => /^(zh|en)\//.test(page.file))) {
      for (const viewport of ['desktop', 'phone']) shots.push({ name: name(p.file), path: p.path, viewport, scheme: 'light' });
      if (/^(zh|en)\/(goals\/)?index\.html$/.test(p.file)) shots.push({ name: name(p.file), path: p.path, viewport: 'desktop', scheme: 'dark' });
    }
    for (const shot of shots) {
      const file = `${shot.name}-${shot.viewport}${shot.scheme === 'dark' ? '-dark' : ''}.png`;
      check('screenshots', `screenshot ${file}`, async () => {
        const page = await tab({ viewport: shot.viewport, scheme: shot.scheme, scale: shot.viewport === 'phone' ? 2 : 1 });
        const { problems } = await visit(page, shot.path);
        assert.deepEqual(problems, []);
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await page.screenshot({ path: join(SCREENSHOT_DIR, file), fullPage: true });
        summary.screenshots.push(file);
      });
    }
    for (const lang of ['zh', 'en']) {
      check('screenshots', `printed pages of ${lang}/goals`, async () => {
        const page = await tab({ viewport: 'desktop', scheme: 'light' });
        const { problems } = await visit(page, `${BASE_PATH}${lang}/goals/`);
        assert.deepEqual(problems, []);
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        const pdf = join(SCREENSHOT_DIR, `${lang}-goals-print.pdf`);
        writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true }));
        const run = spawnSync('pdftoppm', ['-r', '60', '-f', '1', '-l', '2', '-png', pdf, join(SCREENSHOT_DIR, `${lang}-goals-print`)], { encoding: 'utf8' });
        assert.ifError(run.error);
        assert.equal(run.status, 0, run.stderr);
        summary.screenshots.push(`${lang}-goals-print.pdf (pages 1 and 2 as PNG)`);
      });
    }
  });
}

// Helpers ----------------------------------------------------------------------------------

/**
 * Reads a PDF Chromium printed with poppler: its page count and size, its
 * text, and how far down its text area the last page's text reaches
 * (words in the margins, the running head and the page number, left out).
 */
function printToPdf(pdf) {
  const dir = mkdtempSync(join(tmpdir(), 'brief-print-'));
  try {
    const file = join(dir, 'page.pdf');
    writeFileSync(file, pdf);
    const run = (tool, args) => {
      const result = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      assert.ifError(result.error);
      assert.equal(result.status, 0, `${tool} ${args.join(' ')}: ${result.stderr}`);
      return result.stdout;
    };
    const info = run('pdfinfo', [file]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    const [, width, height] = /^Page size:\s+([\d.]+) x ([\d.]+)/m.exec(info) ?? [];
    const text = run('pdftotext', [file, '-']).replace(/\s+/g, ' ');
    const last = run('pdftotext', ['-f', String(pages), '-l', String(pages), '-bbox', file, '-']);
    const bottoms = [...last.matchAll(/yMax="([\d.]+)"/g)].map((m) => Number(m[1])).filter((y) => y > A4.top && y < A4.bottom);
    const lastPageFill = bottoms.length ? (Math.max(...bottoms) - A4.top) / (A4.bottom - A4.top) : 0;
    return { pages, width: Number(width), height: Number(height), text, lastPageFill };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Clicks a link and waits until the page it leads to has loaded. */
async function follow(page, link) {
  const from = page.url();
  await Promise.all([page.waitForURL((u) => u.href !== from, { waitUntil: 'load' }), link.click()]);
}

function describeViolation(v) {
  const nodes = v.nodes.slice(0, 5).map((n) => `      ${n.target}: ${n.summary}`).join('\n');
  return `  ${v.impact} ${v.id} on ${v.page} at ${v.viewport}, ${v.scheme}: ${v.help} (${v.helpUrl})\n${nodes}`;
}

/** Asserts that the URL's fragment is `href` and its target is at the top of the viewport (or the page is scrolled to its end). */
async function assertAtFragment(page, href) {
  await page.waitForFunction((h) => decodeURIComponent(location.hash) === decodeURIComponent(h), href);
  const id = decodeURIComponent(href.slice(1));
  const at = await page.evaluate(scrollPosition, id);
  assert.ok(at, `an element with id "${id}"`);
  const atTop = Math.abs(at.top - at.margin) <= 2;
  const atEnd = at.scrollY >= at.maxScroll - 1 && at.top >= 0 && at.top < at.viewportHeight;
  assert.ok(atTop || atEnd, `#${id} is scrolled to the top of the viewport: ${JSON.stringify(at)}`);
}
