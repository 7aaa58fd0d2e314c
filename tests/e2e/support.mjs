// Shared pieces of the end-to-end tests: a static server for dist/ on 127.0.0.1, Debian's
// headless Chromium through playwright-core, the CLI's JSON for a file, and the number
// forms the dashboard uses.
import { spawnSync } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveDirectory } from './static-server.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = process.env.WIJKWAARDE_DIST ?? join(root, 'dist');
export const cli = process.env.WIJKWAARDE_BIN ?? join(root, 'target/debug/wijkwaarde');
export const artifacts = join(root, 'tests/e2e/artifacts');

/** Serves `directory` (default: dist/) on 127.0.0.1 at a free port; resolves to { url, close }. */
export function serve(directory = dist) {
  return serveDirectory(directory);
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** The CLI's report for a file, parsed (exit 0: clean, 1: rows rejected). */
export function cliReport(file, ...flags) {
  const run = spawnSync(cli, ['report', file, '--format', 'json', ...flags], { encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`wijkwaarde report failed (${run.status}): ${run.stderr}`);
  }
  return JSON.parse(run.stdout);
}

/** Waits until a chosen file's figures are shown: the page's marks (app/src/timing.rs), set
 * since the marks were last cleared. */
export function waitForFileFigures(page, timeout = 120_000) {
  return page.waitForFunction(() => performance.getEntriesByName('wijkwaarde:loaded').length > 0
    && performance.getEntriesByName('wijkwaarde:figures').some((m) => m.startTime > performance.getEntriesByName('wijkwaarde:loaded')[0].startTime),
  null, { timeout, polling: 100 });
}

/** A count as the dashboard writes it: 1.234 (nl) or 1,234 (en). */
export function formatCount(value, lang = 'nl') {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'nl' ? '.' : ',');
}

/** A share as the dashboard writes it: 15,5% (nl) or 15.5% (en), halves rounded up. */
export function formatShare(value, lang = 'nl') {
  const text = `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
  return lang === 'nl' ? text.replace('.', ',') : text;
}

/** The dashboard's one mark for every suppressed value. */
export function suppressedMark(lang = 'nl') {
  return lang === 'nl' ? 'afgeschermd' : 'suppressed';
}

/** What a person reads for an overall figure: the number, "< min_cell" when suppressed, or
 * "not measured" when the file has no data for it. */
export function expectedText(report, key, lang = 'nl') {
  const value = report.overall[key];
  if (value === null) {
    const suppressed = report.suppressed.some((entry) => entry.scope === 'overall' && entry.key === key);
    if (suppressed) return suppressedMark(lang);
    return lang === 'nl' ? 'niet gemeten' : 'not measured';
  }
  return Number.isInteger(value) && !key.includes('share') ? formatCount(value, lang) : formatShare(value, lang);
}

/** Waits until a helper of the analysis worker has said it is ready. Helpers start after the
 * first report, and a large file chosen before one is ready is read by the worker alone. */
export async function waitForHelper(page, timeout = 60_000) {
  const until = Date.now() + timeout;
  const marked = (worker) => worker.evaluate(() => performance.getEntriesByName('wijkwaarde:worker-helper-ready').length > 0);
  while (!(await Promise.all(page.workers().map(marked))).some(Boolean)) {
    if (Date.now() > until) {
      throw new Error('no helper worker said it was ready');
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}
