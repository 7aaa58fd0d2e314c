// The browser benchmark: the built dashboard in headless Chromium, timed from the page's own
// performance marks (app/src/timing.rs), next to DuckDB-WASM running the same indicators in
// SQL (benches/python/indicators.py --print-sql) on the same bytes in the same browser.
//   cd tests/e2e && npm run bench            (sizes: WIJKWAARDE_BENCH_ROWS=100000,1000000)
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { serveDirectory } from './static-server.mjs';
import { launch, waitForFileFigures, waitForHelper, root, dist, cli, artifacts } from './support.mjs';

const sizes = (process.env.WIJKWAARDE_BENCH_ROWS ?? '100000,1000000').split(',').map(Number);
const generated = join(root, 'datasets/generated');
await mkdir(generated, { recursive: true });
await mkdir(artifacts, { recursive: true });

function fileFor(rows) {
  const file = join(generated, `bench-${rows}.csv`);
  if (!existsSync(file)) {
    const run = spawnSync(cli, ['generate', '--participants', String(rows / 4), '--seed', '1', '--output', file], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
  }
  return file;
}

const server = await serveDirectory(dist, 0, {
  '/bench/': join(root, 'tests/e2e/bench'),
  '/node_modules/': join(root, 'tests/e2e/node_modules'),
  '/generated/': generated,
});
const browser = await launch();
const results = { sizes: {} };

async function marks(page) {
  return page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
}

// Time to first figures on the bundled sample (page load to the figures' mark).
{
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForSelector('[data-figure="participants"] .value', { timeout: 120_000 });
  const m = await marks(page);
  results.first_figures_ms = Math.round(m['wijkwaarde:figures']);
  await page.close();
}

for (const rows of sizes) {
  const file = fileFor(rows);
  const megabytes = statSync(file).size / 1048576;
  const entry = { file_mb: Number(megabytes.toFixed(1)) };
  const page = await browser.newPage();
  page.on('pageerror', (error) => { entry.error = error.message; });
  await page.goto(server.url);
  await page.waitForSelector('[data-figure="participants"] .value', { timeout: 120_000 });
  // As a person would take a moment to choose a file: the helper that reads a part is ready.
  await waitForHelper(page);
  await page.evaluate(() => performance.clearMarks());
  await page.setInputFiles('#file-input', file);
  await waitForFileFigures(page, 600_000);
  const m = await marks(page);
  const figures = Math.max(...(await page.evaluate(() => performance.getEntriesByName('wijkwaarde:figures').map((e) => e.startTime))));
  entry.load_and_validate_s = (m['wijkwaarde:loaded'] - m['wijkwaarde:read']) / 1000;
  entry.all_indicators_s = (figures - m['wijkwaarde:read']) / 1000;
  // The load's parts, inside the worker (its own clock, moved onto the page's by the two time
  // origins): the file cut, its own stretch read, the helper's waited for, and the stretches
  // put together and the answer on the page.
  const pageOrigin = await page.evaluate(() => performance.timeOrigin);
  {
    const worker = await page.workers()[0].evaluate(() => ({
      origin: performance.timeOrigin,
      split: performance.getEntriesByName('wijkwaarde:worker-split').at(-1)?.startTime,
      own: performance.getEntriesByName('wijkwaarde:worker-read-own').at(-1)?.startTime,
      helped: performance.getEntriesByName('wijkwaarde:worker-helped').at(-1)?.startTime,
    }));
    if ([worker.split, worker.own, worker.helped].every((mark) => mark !== undefined)) {
      const shift = worker.origin - pageOrigin;
      entry.load_split_s = (worker.split + shift - m['wijkwaarde:read']) / 1000;
      entry.load_own_stretch_s = (worker.own - worker.split) / 1000;
      entry.load_helper_wait_s = (worker.helped - worker.own) / 1000;
      entry.load_assembly_s = (m['wijkwaarde:loaded'] - (worker.helped + shift)) / 1000;
    }
  }
  entry.rows = Number((await page.textContent('[data-figure="rows_read"]')).replace(/\D/g, ''));
  entry.rows_per_s = Math.round(entry.rows / entry.load_and_validate_s);
  entry.mb_per_s = Number((megabytes / entry.load_and_validate_s).toFixed(1));
  // A filter change: from the change event until the filtered figures are in the page, split
  // into the worker's part (until its answer arrived) and the page's (views updated and laid
  // out). "In the page" is stamped after the last task that changed the DOM: a MutationObserver
  // sees each change, and a message to self runs right after that task, forces style and layout
  // (which the browser does before it paints) and notes the time. Polling with timers would add
  // their clamping (4 ms once nested) to the page's part; waiting for a frame, up to 16 ms of
  // display latency that is not work. The median of 15 changes, each to another neighbourhood
  // (this machine's timings vary by half from one change to the next).
  const CHANGES = 15;
  await page.evaluate(() => {
    window.lastChange = 0;
    const channel = new MessageChannel();
    let pending = false;
    channel.port1.onmessage = () => {
      pending = false;
      void document.body.offsetHeight;
      window.lastChange = performance.now();
    };
    new MutationObserver(() => {
      if (!pending) {
        pending = true;
        channel.port2.postMessage(0);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const changes = [];
  for (let option = 1; option <= CHANGES; option++) {
    changes.push(await page.evaluate(async (option) => {
      const tile = () => document.querySelector('[data-figure="participants"] .value')?.textContent;
      const select = document.querySelector('#filter-neighbourhood');
      const answers = () => performance.getEntriesByName('wijkwaarde:answered');
      const asked = answers().length;
      // Option 0 is "all", which asks the worker nothing (its report is at hand).
      select.value = select.options[1 + ((option - 1) % (select.options.length - 1))].value;
      const started = performance.now();
      select.dispatchEvent(new Event('change'));
      while (answers().length <= asked) {
        await new Promise((done) => setTimeout(done, 0));
      }
      // The views update on the answer, in tasks the answer queues; let them all run.
      for (let settle = 0; settle < 5; settle++) await new Promise((done) => setTimeout(done, 0));
      if (!tile()) throw new Error('no figures shown after the filter change');
      const answered = answers()[answers().length - 1].startTime;
      return [window.lastChange - started, answered - started, window.lastChange - answered, started, answered];
    }, option));
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const round = (ms) => Math.round(ms * 10) / 10;
  [entry.filter_change_ms, entry.filter_change_worker_ms, entry.filter_change_page_ms] =
    [0, 1, 2].map((part) => round(median(changes.map((change) => change[part]))));
  // Inside the worker (its own clock, moved onto the page's by the two time origins): the
  // request's way there, the report computed, serialised and posted, and the answer's way back
  // (the message, and the page reading it).
  const inWorker = await page.workers()[0].evaluate((changes) => {
    const at = (name) => performance.getEntriesByName(name).slice(-changes).map((mark) => mark.startTime);
    return { origin: performance.timeOrigin, marks: ['asked', 'computed', 'sent'].map((stage) => at(`wijkwaarde:worker-${stage}`)) };
  }, CHANGES);
  const shift = inWorker.origin - pageOrigin;
  const [asked, computed, sent] = inWorker.marks;
  const parts = changes.map(([, , , started, answered], i) => [
    asked[i] + shift - started, computed[i] - asked[i], sent[i] - computed[i], answered - (sent[i] + shift),
  ]);
  [entry.filter_change_request_ms, entry.filter_change_compute_ms, entry.filter_change_post_ms, entry.filter_change_answer_ms] =
    [0, 1, 2, 3].map((part) => round(median(parts.map((change) => change[part]))));
  await page.close();

  const sql = spawnSync('python3', [join(root, 'benches/python/indicators.py'), 'data.csv', '--print-sql'], { encoding: 'utf8' }).stdout;
  const duck = await browser.newPage();
  await duck.goto(server.url + 'bench/duckdb.html');
  await duck.waitForFunction(() => window.duckdbReady === true, null, { timeout: 60_000 });
  const outcome = await duck.evaluate(([url, query]) => window.runDuckdb(url, query), [`/generated/bench-${rows}.csv`, sql]);
  entry.duckdb_wasm_s = outcome.seconds;
  entry.ratio_to_duckdb = Number((entry.all_indicators_s / outcome.seconds).toFixed(2));
  await duck.close();
  results.sizes[rows] = entry;
}

const shipped = readdirSync(dist).filter((name) => /\.(wasm|js|css|html)$/.test(name));
results.transfer_gzip_bytes = shipped.reduce((sum, name) => sum + gzipSync(readFileSync(join(dist, name)), { level: 9 }).length, 0);

await browser.close();
await server.close();
await writeFile(join(artifacts, 'bench.json'), JSON.stringify(results, null, 2));
console.log(JSON.stringify(results, null, 2));
