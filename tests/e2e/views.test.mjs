// Every view of the built dashboard in headless Chromium: accessibility (axe-core), filters
// against the CLI with the same filter, the URL fragment, embed and presentation modes,
// downloads, column mapping and the reference table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { serve, launch, cliReport, expectedText, formatCount, root, artifacts } from './support.mjs';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const sample = join(root, 'datasets/sample.csv');
const VIEWS = ['overview', 'participation', 'ladder', 'outflow', 'wellbeing', 'impact', 'data'];

let server;
let browser;

before(async () => {
  await mkdir(artifacts, { recursive: true });
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path = '') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(server.url + path.replace(/^\//, ''));
  await page.waitForSelector('#view-title', { timeout: 60_000 });
  return { page, errors };
}

async function text(page, selector) {
  return (await page.textContent(selector)).trim();
}

test('every view passes axe-core (WCAG 2.1 AA) and is photographed', async () => {
  for (const lang of ['nl', 'en']) {
    for (const view of VIEWS) {
      const { page, errors } = await open(`/#view=${view}&lang=${lang}`);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const outcome = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return outcome.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      });
      assert.deepEqual(result, [], `${view} (${lang})`);
      if (lang === 'nl') await page.screenshot({ path: join(artifacts, `view-${view}.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await page.close();
    }
  }
});

test('a neighbourhood filter changes every view and equals the CLI with the same filter', async () => {
  const { page } = await open();
  const name = cliReport(sample).by_neighbourhood[0].neighbourhood;
  const expected = cliReport(sample, '--neighbourhood', name);
  // While the worker computes, the figures shown stay, marked busy, and the same views are
  // then updated: the page never falls back to "computing" without figures. Mutations are
  // seen as they happen, so this does not depend on how fast the answer comes.
  await page.evaluate(() => {
    window.seen = { busyWithFigures: false, withoutFigures: false };
    const main = document.querySelector('main');
    new MutationObserver(() => {
      const figures = document.querySelector('[data-figure="participants"] .value');
      if (main.getAttribute('aria-busy') === 'true' && figures) window.seen.busyWithFigures = true;
      if (!figures || document.querySelector('#waiting')) window.seen.withoutFigures = true;
    }).observe(main, { attributes: true, childList: true, subtree: true, characterData: true });
  });
  const started = Date.now();
  await page.selectOption('#filter-neighbourhood', name);
  await page.waitForSelector('#filtered-note');
  console.log(`filter change on the sample: ${Date.now() - started} ms`);
  const seen = await page.evaluate(() => window.seen);
  assert.ok(seen.busyWithFigures, 'the figures stayed, marked busy, while the worker computed');
  assert.ok(!seen.withoutFigures, 'the figures were never taken away');
  assert.equal(await page.getAttribute('main', 'aria-busy'), 'false');
  for (const key of ['participants', 'active_participants', 'outflow_12m_share', 'lonely_share_latest']) {
    assert.equal(await text(page, `[data-figure="${key}"] .value`), expectedText(expected, key), key);
  }
  // The fragment is written once the figures are shown, after a frame (app/src/lib.rs).
  const wanted = `wijk=${encodeURIComponent(name).replace(/%20/g, '+')}`;
  await page.waitForFunction((wanted) => location.hash.includes(wanted), wanted);
  await page.click('[data-view="outflow"]');
  assert.equal(await text(page, '[data-figure="durable_outflow_share"] .value'), expectedText(expected, 'durable_outflow_share'));
  await page.click('#clear-filters');
  await page.waitForFunction(() => !document.querySelector('#filtered-note'));
  await page.close();
});

test('a link reproduces the view, language, period and filters', async () => {
  const name = cliReport(sample).by_neighbourhood[1].neighbourhood;
  const expected = cliReport(sample, '--neighbourhood', name, '--period', 'year');
  const { page } = await open(`/#view=ladder&lang=en&wijk=${encodeURIComponent(name)}&period=year`);
  assert.equal(await text(page, '#view-title'), 'Participation ladder');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.inputValue('#filter-neighbourhood'), name);
  for (const [from, row] of Object.entries(expected.overall.ladder_transitions.counts)) {
    for (const [to, count] of Object.entries(row)) {
      const shown = await text(page, `#transitions [data-key="transition-${from}-${to}"]`);
      assert.equal(shown, count === null ? 'suppressed' : formatCount(count, 'en'), `${from} -> ${to}`);
    }
  }
  const periods = await page.$$eval('#ladder-by-period tbody th', (cells) => cells.map((c) => c.textContent.trim()));
  assert.deepEqual(periods, expected.by_period.map((p) => p.period));
  await page.close();
});

test('embed mode shows the view without chrome', async () => {
  const expected = cliReport(sample);
  const { page } = await open('/?embed#view=outflow');
  assert.equal(await page.locator('header').count(), 0);
  assert.equal(await page.locator('nav.views').count(), 0);
  assert.equal(await page.locator('#file-input').count(), 0);
  assert.ok(await page.isVisible('#time-to-work-chart svg'));
  assert.equal(await text(page, '[data-figure="outflow_12m_share"] .value'), expectedText(expected, 'outflow_12m_share'));
  await page.screenshot({ path: join(artifacts, 'embed.png'), fullPage: true });
  await page.close();
});

test('presentation mode steps through the chosen views by keyboard', async () => {
  const { page } = await open('/#present=1&views=overview,ladder,outflow');
  assert.ok(await page.isVisible('#present-bar'));
  assert.equal(await page.locator('header').count(), 0);
  assert.equal(await text(page, '#view-title'), 'Overzicht');
  await page.screenshot({ path: join(artifacts, 'presentation.png') });
  await page.keyboard.press('ArrowRight');
  assert.equal(await text(page, '#view-title'), 'Participatieladder');
  await page.keyboard.press('ArrowRight');
  assert.equal(await text(page, '#view-title'), 'Uitstroom naar werk');
  await page.keyboard.press('ArrowRight');
  assert.equal(await text(page, '#view-title'), 'Overzicht');
  await page.keyboard.press('Escape');
  await page.waitForSelector('header');
  await page.waitForFunction(() => !/present/.test(location.hash));
  await page.close();
});

test('tables download as CSV safe for spreadsheets, charts as SVG and PNG', async () => {
  const expected = cliReport(sample);
  const { page } = await open();
  const save = async (selector) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
  };
  const csv = await save('#by-neighbourhood + button[data-export="csv"]');
  assert.equal(csv.name, 'by-neighbourhood.csv');
  const lines = csv.bytes.toString('utf8').trim().split('\n');
  assert.equal(lines[0], 'Wijk,Deelnemers,Actieve deelnemers,Uitstroom naar werk binnen 12 maanden,Eenzaam (laatste meting),Laag inkomen (laatste meting)');
  const first = expected.by_neighbourhood[0];
  assert.ok(lines[1].startsWith(`${first.neighbourhood},${first.figures?.participants ?? (first.participants === null ? 'afgeschermd' : formatCount(first.participants))}`), lines[1]);
  assert.equal(lines.length, expected.by_neighbourhood.length + 2, 'a row per neighbourhood and the total');
  const svg = await save('#ladder-chart button[data-export="svg"]');
  assert.equal(svg.name, 'ladder-chart.svg');
  assert.ok(svg.bytes.toString('utf8').startsWith('<svg'));
  const png = await save('#ladder-chart button[data-export="png"]');
  assert.equal(png.name, 'ladder-chart.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await page.close();
});

test('a file without a recognised id column can be mapped by hand', async () => {
  const { page } = await open();
  const rows = ['persoon;wijk;datum;trede'];
  for (let i = 0; i < 12; i += 1) rows.push(`X${i};Noord;2024-0${1 + (i % 9)}-01;${1 + (i % 6)}`);
  await page.setInputFiles('#file-input', { name: 'eigen.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
  await page.waitForSelector('#column-mapping');
  assert.match(await text(page, '#load-error'), /participant_id/);
  await page.selectOption('#map-participant_id', 'persoon');
  await page.click('#apply-mapping');
  await page.waitForSelector('[data-figure="participants"] .value');
  assert.equal(await text(page, '[data-figure="participants"] .value'), '12');
  await page.close();
});

test('a municipality makes names found in several municipalities match, as in the CLI', async () => {
  const names = cliReport(sample).by_neighbourhood.map((n) => n.neighbourhood);
  // A name-only table, as StatLine exports without codes: every name in two municipalities.
  const rows = names.flatMap((name, i) => [
    `${name};'s-Gravenhage;${10000 + i * 1000};${400 + i * 50}`,
    `${name};Utrecht;${20000 + i * 1000};${900 + i * 50}`,
  ]);
  const table = ['Wijken en buurten;Regioaanduiding/Gemeentenaam (naam);a_inw;a_soz_wb', ...rows].join('\n') + '\n';
  const dir = await mkdtemp(join(tmpdir(), 'wijkwaarde-'));
  const file = join(dir, 'kerncijfers-namen.csv');
  await writeFile(file, table);
  const expected = cliReport(sample, '--reference', file, '--municipality', 'Den Haag');
  assert.equal(expected.reference.ambiguous.length, 0);
  const { page } = await open('/#view=participation');
  await page.setInputFiles('#reference-input', file);
  await page.waitForSelector('#ambiguous');
  assert.ok((await text(page, '#ambiguous')).includes(names[0]));
  await page.fill('#municipality', 'Den Haag');
  await page.press('#municipality', 'Tab');
  await page.waitForFunction(() => [...document.querySelectorAll('#reach [data-key="reach"]')].some((cell) => cell.textContent.includes('%')));
  assert.equal(await page.$('#ambiguous'), null);
  const reach = await page.$$eval('#reach tbody tr', (rows) => rows.map((r) => r.querySelector('[data-key="reach"]').textContent.trim()));
  const wanted = expected.by_neighbourhood.map((n) => expectedText({ overall: n, suppressed: expected.suppressed.filter((s) => s.neighbourhood === n.neighbourhood).map((s) => ({ ...s, scope: 'overall' })) }, 'reach'));
  wanted.push(expectedText(expected, 'reach'));
  assert.deepEqual(reach, wanted);
  assert.match(page.url(), /gemeente=Den(\+|%20)Haag/);
  await page.screenshot({ path: join(artifacts, 'municipality.png'), fullPage: true });
  await page.close();
});

test('a reference table gives reach and the neighbourhood figures, as in the CLI', async () => {
  const names = cliReport(sample).by_neighbourhood.map((n) => n.neighbourhood);
  const table = ['wijk;a_inw;a_soz_wb;p_laaginkhh', ...names.map((name, i) => `${name};${10000 + i * 1000};${400 + i * 50};${10 + i}`)].join('\n') + '\n';
  const dir = await mkdtemp(join(tmpdir(), 'wijkwaarde-'));
  const file = join(dir, 'kerncijfers.csv');
  await writeFile(file, table);
  const expected = cliReport(sample, '--reference', file);
  const { page } = await open('/#view=participation');
  await page.setInputFiles('#reference-input', file);
  await page.waitForSelector('#reference-name');
  // The worker then computes the report with the reference: wait for its reach figures.
  await page.waitForFunction(() => [...document.querySelectorAll('#reach [data-key="reach"]')].some((cell) => cell.textContent.includes('%')));
  const reach = await page.$$eval('#reach tbody tr', (rows) => rows.map((r) => r.querySelector('[data-key="reach"]').textContent.trim()));
  const wanted = expected.by_neighbourhood.map((n) => expectedText({ overall: n, suppressed: expected.suppressed.filter((s) => s.neighbourhood === n.neighbourhood).map((s) => ({ ...s, scope: 'overall' })) }, 'reach'));
  wanted.push(expectedText(expected, 'reach'));
  assert.deepEqual(reach, wanted);
  await page.close();
});
