// npm run bench:studio — keystroke-to-all-panes-painted latency of the studio in headless
// Chromium against a real local server: each keystroke edits a literal of the kernel (so every
// keystroke is a new program for every target), and the page measures from the edit until a
// frame showing every pane's render of it (or a later one) has been painted
// (src/studio/latency.ts). Keystrokes are sequential: this is a player's latency, not throughput.
//
// Options (environment): CODELIVE_BENCH_KEYSTROKES (default 60), CODELIVE_BENCH_TRANSPORT
// (live | http; default live).

import { loadConfig } from '../server/config.js';
import { startServer } from '../server/main.js';
import { chromiumMissingReason, ensureStudioBuilt, eventually, launchChromium, replaceSource, transportKind, waitForPanes } from '../studio/node/harness.js';

const KEYSTROKES = Number(process.env['CODELIVE_BENCH_KEYSTROKES'] ?? 60);
const TRANSPORT = process.env['CODELIVE_BENCH_TRANSPORT'] === 'http' ? 'http' : 'live';
/** Digits typed into the literal before it is erased again, so it never grows without bound. */
const DIGITS = 6;

const SOURCE = `param gain: f64 = 2.0 in 0.0..10.0 step 0.1
param threshold: f64 = 0.5 in 0.0..1.0 step 0.01

kernel score(xs: [f64]) -> f64 {
  xs.filter(x => x > threshold).map(x => x * gain).sum() + 1.5 }
`;

async function main(): Promise<void> {
  const missing = chromiumMissingReason();
  if (missing) {
    process.stderr.write(`bench:studio: ${missing}\n`);
    process.exit(2);
  }
  const built = await ensureStudioBuilt();
  const server = await startServer(loadConfig({ env: process.env, overrides: { port: 0, logLevel: 'warn' } }));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${server.url}/?transport=${TRANSPORT}`);
    await waitForPanes(page, /score|Score/);
    await replaceSource(page, SOURCE);
    await waitForPanes(page, /1\.5/);
    // Put the cursor after `1.5`, just before the closing ` }` of the last kernel line.
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');

    const samples = (): Promise<number> => page.evaluate('window.codelive.latency.samples.length') as Promise<number>;
    const before = await samples();
    for (let i = 0; i < KEYSTROKES; i++) {
      const cycle = i % (2 * DIGITS);
      await page.keyboard.press(cycle < DIGITS ? String((i * 7) % 10) : 'Backspace');
      const expected = before + i + 1;
      await eventually(`keystroke ${i + 1} to be painted`, async () => ((await samples()) >= expected ? true : undefined), 10_000);
    }
    const all = (await page.evaluate('window.codelive.latency.samples')) as number[];
    const latencies = all.slice(before).sort((a, b) => a - b);
    const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    const report = {
      transport: await transportKind(page),
      keystrokes: latencies.length,
      p50: round(at(0.5)),
      p95: round(at(0.95)),
      max: round(latencies.at(-1)!),
      mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
      studioBuild: built,
    };
    process.stdout.write(
      `studio keystroke-to-all-panes-painted over ${report.transport}: p50 ${report.p50} ms, p95 ${report.p95} ms, ` +
        `max ${report.max} ms (${report.keystrokes} keystrokes)\n${JSON.stringify(report)}\n`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

await main();
