// Functions that run inside the page (passed to page.evaluate): each is
// self-contained, since Playwright sends its source text to the browser.

/** What identifies a page across languages. */
export function describePage() {
  const canonical = document.querySelector('link[rel="canonical"]')?.href ?? location.href;
  const parts = new URL(canonical).pathname.split('/').filter(Boolean);
  const navLinks = [...document.querySelectorAll('.site-nav a')];
  return {
    path: location.pathname,
    canonical,
    lang: document.documentElement.lang,
    current: document.querySelector('.lang-switch [aria-current]')?.getAttribute('lang') ?? null,
    // The canonical path without the base path and the language.
    slug: parts.slice(2).join('/'),
    kind: document.body.className,
    navIndex: navLinks.findIndex((a) => a.getAttribute('aria-current') === 'page'),
  };
}

/** Where the element with `id` is, against the viewport and the page's scroll range. */
export function scrollPosition(id) {
  const el = document.getElementById(id);
  if (!el) return null;
  const doc = document.documentElement;
  return {
    top: el.getBoundingClientRect().top,
    margin: parseFloat(getComputedStyle(el).scrollMarginTop) || 0,
    scrollY: window.scrollY,
    maxScroll: doc.scrollHeight - doc.clientHeight,
    viewportHeight: doc.clientHeight,
  };
}

/**
 * Whether the page scrolls sideways, and if it does, the elements that stick
 * out of the viewport (not counting those clipped by a scrolling box around
 * them; absolutely positioned ones are always listed, since a box clips them
 * only when it is also their containing block).
 */
export function horizontalOverflow() {
  const doc = document.documentElement;
  const wide = [];
  if (doc.scrollWidth > doc.clientWidth) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right <= doc.clientWidth + 0.5 && r.left >= -0.5) continue;
      const style = getComputedStyle(el);
      let clipped = false;
      if (style.position !== 'absolute' && style.position !== 'fixed') {
        for (let a = el.parentElement; a && !clipped; a = a.parentElement) {
          clipped = ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX);
        }
      }
      if (!clipped) {
        const cls = typeof el.className === 'string' ? el.className : el.className.baseVal;
        wide.push(`${el.localName}${cls ? `.${cls.trim().split(/\s+/).join('.')}` : ''} (${Math.round(r.left)}–${Math.round(r.right)}px)`);
      }
    }
  }
  return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide: wide.slice(0, 10) };
}

/**
 * Figures that the layout split over more than one line: an inline figure,
 * a key figure's value, a table value or a number range whose text takes
 * two line boxes.
 */
export function splitFigures() {
  const split = [];
  for (const el of document.querySelectorAll('a.figure, .key-figure-value, td.value data, .range')) {
    const range = document.createRange();
    range.selectNodeContents(el);
    // One line box per line; a box of no width (an empty text run) does not count.
    const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    if (lines.size > 1) split.push(el.textContent.trim());
  }
  return split;
}

/** The ids of the page and the links and stylesheets on it (same-origin ones only). */
export function idsAndLinks() {
  return {
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
    links: [...document.querySelectorAll('a[href], link[href]')]
      .map((e) => e.href)
      .filter((href) => new URL(href).origin === location.origin),
  };
}

/** Where a table (or the box it scrolls in) is horizontally. */
export function tableFrame(table) {
  let el = table;
  while (el.parentElement && !['auto', 'scroll'].includes(getComputedStyle(el).overflowX)) el = el.parentElement;
  const r = (el === document.body || el === document.documentElement ? table : el).getBoundingClientRect();
  return { left: r.left, right: r.right };
}

/**
 * Runs on an svg.chart: counts the bars and lists what would make the chart
 * hard to read: bars without size or paint, text outside the chart, and
 * text or bars too close in colour to the background behind the chart
 * (WCAG 1.4.3: 4.5:1 for text; 1.4.11: 3:1 for bars).
 */
export function inspectChart(svg) {
  const problems = [];
  const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c ?? '');
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const luminance = ({ r, g, b }) => {
    const f = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a, b) => {
    const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  let background = null;
  for (let el = svg; el && !background; el = el.parentElement) {
    const c = parse(getComputedStyle(el).backgroundColor);
    if (c && c.a > 0) background = c;
  }
  background ??= { r: 255, g: 255, b: 255, a: 1 };
  const bg = `rgb(${background.r}, ${background.g}, ${background.b})`;
  // The drawing's own coordinates: its viewBox (columns), or its box in
  // CSS px where it has none (rows).
  const rect = svg.getBoundingClientRect();
  const box = svg.viewBox.baseVal;
  const view = box && box.width > 0 ? box : { x: 0, y: 0, width: rect.width, height: rect.height };
  const bars = [...svg.querySelectorAll('.bar')];
  for (const bar of bars) {
    const box = bar.getBBox();
    const style = getComputedStyle(bar);
    if (!(box.width > 0) || !(box.height >= 0)) problems.push(`a bar without size: ${bar.outerHTML.slice(0, 100)}`);
    if (style.fill === 'none' && (style.stroke === 'none' || parseFloat(style.strokeWidth) === 0)) {
      problems.push(`a bar without paint: ${bar.outerHTML.slice(0, 100)}`);
    }
    // Solid bars are painted with their fill, hatched ones outlined with their stroke.
    const paint = parse(style.fill) ?? parse(style.stroke);
    if (paint && contrast(paint, background) < 3) {
      problems.push(`bar colour ${style.fill} / ${style.stroke}: contrast ${contrast(paint, background).toFixed(2)}:1 on ${bg}, below 3:1`);
    }
  }
  for (const text of svg.querySelectorAll('text')) {
    const content = text.textContent.trim();
    if (!content) continue;
    const box = text.getBBox();
    if (text.getComputedTextLength() <= 0) problems.push(`text not rendered: "${content}"`);
    if (box.x < view.x - 1 || box.x + box.width > view.x + view.width + 1 || box.y < view.y - 1 || box.y + box.height > view.y + view.height + 1) {
      problems.push(`text outside the chart: "${content}" at ${Math.round(box.x)},${Math.round(box.y)} (${Math.round(box.width)}×${Math.round(box.height)}) in ${view.width}×${view.height}`);
    }
    const fill = parse(getComputedStyle(text).fill);
    if (fill && contrast(fill, background) < 4.5) {
      problems.push(`text "${content}" (${getComputedStyle(text).fill}): contrast ${contrast(fill, background).toFixed(2)}:1 on ${bg}, below 4.5:1`);
    }
  }
  // The smallest text of the chart as it is drawn on the screen, in CSS px:
  // its font size times the scale from its coordinates to the screen.
  const sizes = [...svg.querySelectorAll('text, tspan')].map((t) => {
    const m = t.getScreenCTM();
    return parseFloat(getComputedStyle(t).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
  });
  const smallestText = sizes.length ? Math.min(...sizes) : null;
  return { bars: bars.length, problems, smallestText };
}

/** The focused element, where it is and whether it is inside <main>. */
export function focusedElement() {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  return {
    className: typeof el.className === 'string' ? el.className : '',
    id: el.id,
    inMain: document.querySelector('main').contains(el) && el.localName !== 'main',
    top: r.top,
    bottom: r.bottom,
    left: r.left,
    right: r.right,
  };
}

/**
 * Runs on a table: the cells (outside a visually hidden header) that reach
 * past the viewport, and whether the box the table scrolls in shows a
 * scroll cue (the theme's .table-scroll shadows) when it does scroll.
 */
export function tableColumns(table) {
  const width = document.documentElement.clientWidth;
  let box = table;
  while (box.parentElement && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
  const scrolls = box !== document.body && box !== document.documentElement && box.scrollWidth > box.clientWidth + 1;
  const outside = [];
  for (const cell of table.querySelectorAll('th, td')) {
    const r = cell.getBoundingClientRect();
    // A header clipped to one pixel is there for assistive technology only.
    if (r.width <= 1 || r.height <= 1) continue;
    if (r.left < -0.5 || r.right > width + 0.5) {
      outside.push(`${cell.textContent.trim().slice(0, 30)} (${Math.round(r.left)}–${Math.round(r.right)}px)`);
    }
  }
  return { scrolls, cue: scrolls && box.classList.contains('table-scroll'), outside };
}

/** Links to the site itself that are underlined (in print: they cannot be followed on paper). */
export function underlinedInSiteLinks() {
  const underlined = [];
  for (const a of document.querySelectorAll('main a[href], footer a[href]')) {
    const href = a.getAttribute('href');
    if (/^(https?|mailto):/i.test(href)) continue;
    const r = a.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const style = getComputedStyle(a);
    // A bottom border alone is an underline too; a box drawn all round is not.
    const bottomRule = parseFloat(style.borderBottomWidth) > 0 && parseFloat(style.borderTopWidth) === 0;
    if (style.textDecorationLine !== 'none' || bottomRule) {
      underlined.push(`${a.textContent.trim().slice(0, 30)} (${href}): ${style.textDecorationLine}`);
    }
  }
  return underlined;
}

/** Where the home page's key figures are against the first viewport. */
export function keyFiguresBox() {
  const list = document.querySelector('.key-figures-list');
  if (!list) return null;
  const r = list.getBoundingClientRect();
  // A value or label that reaches past its card is cut off or spills.
  const spilling = [...list.querySelectorAll('.key-figure')].flatMap((card) => {
    const c = card.getBoundingClientRect();
    return [...card.children]
      .filter((part) => part.scrollWidth > part.clientWidth + 1 || part.getBoundingClientRect().right > c.right + 0.5)
      .map((part) => part.textContent.trim());
  });
  return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, viewport: window.innerHeight, spilling };
}
