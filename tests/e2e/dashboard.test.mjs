// The built dashboard in headless Chromium: what a person sees must equal the CLI's figures
// for the same file, and nothing may leave 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { serve, launch, cliReport, expectedText, formatCount, suppressedMark, waitForFileFigures, waitForHelper, root, artifacts } from './support.mjs';

const TILES = [
  'participants', 'active_participants', 'outflow_12m_share',
  'durable_outflow_share', 'lonely_share_latest', 'low_income_share_latest',
];

let server;
let browser;
const requests = [];

before(async () => {
  await mkdir(artifacts, { recursive: true });
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openDashboard() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (request) => requests.push(request.url()));
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const started = Date.now();
  await page.goto(server.url);
  await page.waitForSelector('[data-figure="participants"] .value', { timeout: 60_000 });
  return { page, errors, firstFigures: Date.now() - started };
}

async function tileText(page, key) {
  return (await page.textContent(`[data-figure="${key}"] .value`)).trim();
}

/** The key figures and the count of rejected rows on the page are the CLI's; then opens the
 * file view with its table of rejected rows. */
async function expectFileFigures(page, expected) {
  for (const key of TILES) {
    assert.equal(await tileText(page, key), expectedText(expected, key), key);
  }
  assert.equal((await page.textContent('[data-figure="rows_rejected"]')).trim(), formatCount(expected.input.rows_rejected));
  await page.click('[data-view="data"]');
  await page.waitForSelector('#problems');
}

test('opens on the sample with the same figures as the CLI', async () => {
  const { page, errors, firstFigures } = await openDashboard();
  console.log(`time to first figures on the sample: ${firstFigures} ms`);
  const expected = cliReport(join(root, 'datasets/sample.csv'));
  assert.ok(await page.isVisible('#sample-banner'), 'the sample banner is shown');
  for (const key of TILES) {
    assert.equal(await tileText(page, key), expectedText(expected, key), key);
  }
  for (const [rung, count] of Object.entries(expected.overall.ladder_distribution)) {
    const shown = (await page.textContent(`#ladder-table [data-key="rung-${rung}"]`)).trim();
    assert.equal(shown, count === null ? suppressedMark() : formatCount(count), `rung ${rung}`);
  }
  assert.equal(await page.locator('#ladder-chart svg').count(), 1, 'the chart is drawn');
  await page.screenshot({ path: join(artifacts, 'sample.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a chosen file is analysed in the browser, with its rejected rows listed', async () => {
  const { page } = await openDashboard();
  const file = join(root, 'datasets/sample-messy.csv');
  await page.evaluate(() => performance.clearMarks());
  await page.setInputFiles('#file-input', file);
  // The banner goes as soon as the file is read; the sample's figures stay shown until the
  // file's are computed.
  await waitForFileFigures(page);
  await page.waitForFunction(() => !document.querySelector('#sample-banner'), null, { timeout: 60_000 });
  const expected = cliReport(file);
  await expectFileFigures(page, expected);
  assert.equal(await page.locator('#problems tbody tr').count(), expected.validation.problems.length);
  await page.screenshot({ path: join(artifacts, 'messy.png'), fullPage: true });
  await page.close();
});

/** Writes the messy sample's records `copies` times over as a UTF-8 file in the artifacts. Over
 * 4 MB (from 28 copies), the worker shares the reading with a helper worker. The sample is
 * Windows-1252; helpers share only UTF-8 files, so it is written as UTF-8. */
async function largeMessyFile(name, copies) {
  const [header, ...body] = (await readFile(join(root, 'datasets/sample-messy.csv'), 'latin1')).split('\n');
  const records = body.join('\n').replace(/\n*$/, '\n');
  const file = join(artifacts, name);
  await writeFile(file, header + '\n' + records.repeat(copies));
  return file;
}

test('a large file is read by two workers at once, with the figures and rejected rows of the CLI', async () => {
  const { page } = await openDashboard();
  // Rows are rejected in every stretch.
  const file = await largeMessyFile('large-messy.csv', 30);
  await waitForHelper(page);
  await page.evaluate(() => performance.clearMarks());
  await page.setInputFiles('#file-input', file);
  await waitForFileFigures(page);
  const helped = await page.workers()[0].evaluate(() => performance.getEntriesByName('wijkwaarde:worker-helped').length);
  assert.equal(helped, 1, 'a helper worker read a stretch');
  const expected = cliReport(file);
  await expectFileFigures(page, expected);
  const lines = await page.$$eval('#problems tbody tr td:first-child', (cells) => cells.map((cell) => cell.textContent));
  assert.ok(expected.validation.problems.length > 30 && expected.validation.problems.length <= 200, 'all problems are listed on the page');
  assert.deepEqual(lines, expected.validation.problems.map((problem) => String(problem.line)));
  await page.screenshot({ path: join(artifacts, 'large-messy.png') });
  await page.close();
});

/** Chooses `first`, then at once `second`, and checks that the page shows the second file's
 * figures, and still does once whatever the first file's reading answers has come. */
async function expectSecondChosenShown(first, second) {
  const { page } = await openDashboard();
  await waitForHelper(page);
  await page.setInputFiles('#file-input', first);
  await page.setInputFiles('#file-input', second);
  const name = basename(second);
  const expected = cliReport(second);
  const rowsRead = formatCount(expected.input.rows_read);
  await page.waitForFunction(([name, rows]) => document.querySelector('#status')?.textContent.includes(name)
    && document.querySelector('[data-figure="rows_read"]')?.textContent.trim() === rows, [name, rowsRead], { timeout: 120_000 });
  await new Promise((done) => setTimeout(done, 3000));
  assert.ok((await page.textContent('#status')).includes(name));
  assert.equal((await page.textContent('[data-figure="rows_read"]')).trim(), rowsRead);
  await expectFileFigures(page, expected);
  await page.close();
}

test('a second large file chosen while the first is read shows its own figures', async () => {
  // Both chosen at once: their stretches are read by the same helper, one after the other.
  await expectSecondChosenShown(await largeMessyFile('large-messy.csv', 30), await largeMessyFile('large-messy-29.csv', 29));
});

test('a small file chosen while a large one is read shows its own figures, not the large one', async () => {
  // The small file is read before the large one is: the large one, chosen first, must not
  // replace it when its reading ends.
  await expectSecondChosenShown(await largeMessyFile('large-messy.csv', 30), join(root, 'datasets/sample-messy.csv'));
});

test('a dropped file is read like a chosen one', async () => {
  const { page } = await openDashboard();
  const text = await readFile(join(root, 'datasets/sample.csv'), 'utf8');
  const lines = text.split('\n');
  const head = lines.slice(0, 401).join('\n') + '\n';
  await page.evaluate((content) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([content], 'dropped.csv', { type: 'text/csv' }));
    document.querySelector('.drop-zone').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, head);
  await page.waitForFunction(() => document.querySelector('#status')?.textContent.includes('dropped.csv'), null, { timeout: 60_000 });
  assert.equal((await page.textContent('[data-figure="rows_read"]')).trim(), '400');
  await page.close();
});

test('an empty file gets a clear message, not a crash', async () => {
  const { page } = await openDashboard();
  await page.setInputFiles('#file-input', { name: 'leeg.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
  await page.waitForSelector('#load-error', { timeout: 60_000 });
  assert.match(await page.textContent('#load-error'), /leeg/);
  await page.click('#switch-language');
  assert.match(await page.textContent('#load-error'), /empty/);
  await page.close();
});

test('the language switch changes labels and number forms', async () => {
  const { page } = await openDashboard();
  const expected = cliReport(join(root, 'datasets/sample.csv'));
  assert.match(await page.textContent('[data-figure="participants"] .label'), /Deelnemers/);
  await page.click('#switch-language');
  assert.match(await page.textContent('[data-figure="participants"] .label'), /Participants/);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await tileText(page, 'lonely_share_latest'), expectedText(expected, 'lonely_share_latest', 'en'));
  await page.screenshot({ path: join(artifacts, 'english.png'), fullPage: true });
  await page.close();
});

test('a browser without WebAssembly SIMD is told so, in Dutch and English', async () => {
  const page = await browser.newPage();
  page.on('request', (request) => requests.push(request.url()));
  // This Chromium has SIMD: the check is made to answer as an older browser's would, and the
  // modules, which such a browser could not compile, are not served.
  await page.addInitScript(() => { WebAssembly.validate = () => false; });
  await page.route('**/*.wasm', (route) => route.abort());
  const workers = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto(server.url);
  const text = await (await page.waitForSelector('main[role="alert"]', { timeout: 30_000 })).textContent();
  assert.match(text, /te oud voor Wijkwaarde.*WebAssembly SIMD/);
  assert.match(text, /too old for Wijkwaarde.*WebAssembly SIMD/);
  assert.deepEqual(workers, [], 'no analysis worker is started');
  await page.close();
});

test('no request leaves 127.0.0.1', () => {
  assert.ok(requests.length > 0);
  const outside = requests.filter((url) => !url.startsWith('http://127.0.0.1:') && !url.startsWith('data:') && !url.startsWith('blob:'));
  assert.deepEqual(outside, []);
});
