// The figures the suite reports at the end: pages validated, accessibility
// violations by impact (moderate and minor ones listed), browser checks
// passed per category, screenshots written.

import { relative } from 'node:path';

import { REPO_DIR, SCREENSHOT_DIR } from './env.js';

const IMPACTS = ['critical', 'serious', 'moderate', 'minor'];

export class Summary {
  constructor() {
    this.validity = null;
    this.axeVersion = null;
    this.axeRuns = 0;
    this.browserVersion = null;
    /** Every violation of every axe run. */
    this.violations = [];
    /** Passed and failed checks by category, in the order first seen. */
    this.categories = new Map();
    this.failures = [];
    this.screenshots = [];
    /** Findings that do not fail the suite, each listed once. */
    this.notes = new Set();
  }

  note(text) {
    this.notes.add(text);
  }

  pass(category) {
    this.#category(category).passed += 1;
  }

  fail(category, name) {
    this.#category(category).failed += 1;
    this.failures.push(`${category}: ${name}`);
  }

  violation(record) {
    this.violations.push(record);
  }

  #category(name) {
    if (!this.categories.has(name)) this.categories.set(name, { passed: 0, failed: 0 });
    return this.categories.get(name);
  }

  get totals() {
    let passed = 0;
    let failed = 0;
    for (const c of this.categories.values()) {
      passed += c.passed;
      failed += c.failed;
    }
    return { passed, failed };
  }

  render() {
    const lines = ['== Browser test summary'];
    if (this.validity) {
      const v = this.validity;
      lines.push(
        `HTML validity (Nu HTML Checker ${v.version}): ${v.pages} pages validated, ${v.errors} errors, ${v.warnings} warnings`,
      );
    } else {
      lines.push('HTML validity: not run');
    }

    const byImpact = Object.fromEntries(IMPACTS.map((i) => [i, 0]));
    for (const v of this.violations) byImpact[v.impact] = (byImpact[v.impact] ?? 0) + 1;
    lines.push(
      `Accessibility (axe-core ${this.axeVersion ?? '?'}): ${this.axeRuns} runs (every page × 1280, 390 and 320 px × light and dark)`,
      `  violations by impact: ${IMPACTS.map((i) => `${i} ${byImpact[i]}`).join(', ')}`,
    );
    // List every violation that does not fail the suite (and the failing
    // ones too: the test output has their details), grouped by rule.
    const groups = new Map();
    for (const v of this.violations) {
      const key = `${v.impact} ${v.id}`;
      if (!groups.has(key)) groups.set(key, { ...v, runs: [] });
      groups.get(key).runs.push(`${v.page} ${v.viewport} ${v.scheme} (${v.nodes.map((n) => n.target).join(', ')})`);
    }
    const sorted = [...groups.values()].sort((a, b) => IMPACTS.indexOf(a.impact) - IMPACTS.indexOf(b.impact));
    for (const g of sorted) {
      lines.push(`  ${g.impact} ${g.id}: ${g.help} (${g.helpUrl}), in ${g.runs.length} runs:`);
      for (const run of g.runs.slice(0, 8)) lines.push(`    ${run}`);
      if (g.runs.length > 8) lines.push(`    … and ${g.runs.length - 8} more`);
    }

    const behaviour = [...this.categories].filter(([name]) => !['validity', 'accessibility', 'screenshots'].includes(name));
    const b = behaviour.reduce((acc, [, c]) => ({ passed: acc.passed + c.passed, failed: acc.failed + c.failed }), { passed: 0, failed: 0 });
    lines.push(`Browser checks (${this.browserVersion ? `Chromium ${this.browserVersion}` : 'Chromium'}): ${b.passed} passed, ${b.failed} failed`);
    for (const [name, c] of behaviour) lines.push(`  ${name}: ${c.passed} passed${c.failed ? `, ${c.failed} failed` : ''}`);
    if (this.notes.size > 0) {
      lines.push('Notes (not failures):');
      for (const n of this.notes) lines.push(`  ${n}`);
    }
    const shots = relative(REPO_DIR, SCREENSHOT_DIR);
    lines.push(`Screenshots: ${this.screenshots.length} in ${shots && !shots.startsWith('..') ? shots : SCREENSHOT_DIR}/`);
    if (this.failures.length > 0) {
      lines.push('Failed:');
      for (const f of this.failures) lines.push(`  ${f}`);
    }
    const { passed, failed } = this.totals;
    lines.push(`browser: ${passed} passed, ${failed} failed`);
    return `${lines.join('\n')}\n`;
  }
}
