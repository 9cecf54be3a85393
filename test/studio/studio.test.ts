// The studio in a real browser: the real server serves the built studio (built here with Vite
// when dist/studio is missing or stale), headless Chromium drives it through playwright-core.
// Without Chromium the tests skip with the reason on a developer machine and fail in CI.

import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/server/config.js';
import { startServer, type RunningServer } from '../../src/server/main.js';
import {
  chromiumMissingReason,
  ensureStudioBuilt,
  eventually,
  launchChromium,
  paneTexts,
  replaceSource,
  studioState,
  transportKind,
  waitForPanes,
  waitForText,
} from '../../src/studio/node/harness.js';

const TARGETS = ['rust', 'typescript', 'go', 'csharp', 'sql', 'julia'];

const PEAK = `param floor: f64 = 0.25 in 0.0..1.0 step 0.05
param gain: f64 = 2.0 in 0.0..10.0 step 0.5

kernel peak(xs: [f64]) -> f64 {
  xs.filter(x => x > floor).map(x => x * gain).max()
}
`;

describe('studio in Chromium', { timeout: 90_000 }, () => {
  const missing = chromiumMissingReason();
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  before(async () => {
    if (missing) return;
    await ensureStudioBuilt();
    server = await startServer(loadConfig({ overrides: { port: 0, logLevel: 'silent', workers: 2 } }));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh page at `path` (null: not navigated yet), or null when the test was skipped for want of Chromium. */
  async function open(t: TestContext, path: string | null = '/'): Promise<Page | null> {
    if (missing) {
      if (process.env.CI === 'true') assert.fail(`${missing} (CI must have Chromium)`);
      t.diagnostic(missing);
      t.skip(missing);
      return null;
    }
    const page = await browser!.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    t.after(async () => {
      await page.close();
      assert.deepEqual(errors, [], 'the page threw');
    });
    if (path !== null) await page.goto(server!.url + path);
    return page;
  }

  test('loads with one pane per target and renders every pane, over the live session', async (t) => {
    const page = await open(t);
    if (!page) return;
    await waitForPanes(page, /\bscore\b|Score/);
    assert.deepEqual(Object.keys(await paneTexts(page)).sort(), [...TARGETS].sort());
    assert.equal(await transportKind(page), 'live');
    // TypeScript has no shared-memory parallelism: with `parallel` on its pane says so.
    await page.locator('input[name=parallel]').check();
    await page.locator('.pane[data-target=typescript] .badge.degraded').waitFor();
    const reasons = await page.locator('.pane[data-target=typescript] .badge.degraded').getAttribute('title');
    assert.match(reasons ?? '', /no-shared-memory-parallelism/);
    // Program mode with two kernels: the studio names the preview's kernel as the entry.
    await page.locator('select[name=mode]').selectOption('program');
    await waitForText(page, '.pane[data-target=rust] .cm-content', /use std::io/);
    await page.locator('.kernel-select').selectOption('shaped');
    await waitForText(page, '.pane[data-target=rust] .cm-content', /pub fn shaped\(/);
    assert.equal(await page.locator('.badge.error').count(), 0);
  });

  test('typing a kernel updates all panes, and the preview runs it', async (t) => {
    const page = await open(t);
    if (!page) return;
    await waitForPanes(page, /score/i);
    await replaceSource(page, PEAK.slice(0, -40));
    // Type the rest key by key, as a person would.
    await page.keyboard.type(PEAK.slice(-40));
    await waitForPanes(page, /\bpeak\b|\bPeak\b/);
    const texts = await paneTexts(page);
    for (const target of TARGETS) assert.doesNotMatch(texts[target]!, /\bscore\b/i, `${target} still shows the old kernel`);
    // The sliders follow the source, and the preview ran `peak` on the sample data.
    assert.deepEqual(await page.locator('.param').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-param'))), ['floor', 'gain']);
    await waitForText(page, '.kernel-select', /peak/);
    await waitForText(page, '.preview-result', /^\d+(\.\d+)?\s/);
  });

  test('with baked params, scrubbing a slider changes the code', async (t) => {
    const page = await open(t);
    if (!page) return;
    await waitForPanes(page, /score/i);
    await page.locator('input[name=baked]').check();
    // Baked: the default gain 2.0 is folded in, the param is gone from the signatures.
    await waitForText(page, '.pane[data-target=rust] .cm-content', /x \* 2(\.0)?\b/);
    const slider = page.locator('.param[data-param=gain] input[type=range]');
    await slider.focus();
    for (let i = 0; i < 15; i++) await page.keyboard.press('ArrowRight'); // 2.0 + 15 × 0.1
    await waitForText(page, '.pane[data-target=rust] .cm-content', /x \* 3\.5\b/);
    await waitForPanes(page, /3\.5/);
    assert.equal((await studioState(page)).params['gain'], 3.5);
    assert.equal(await page.locator('.param[data-param=gain] .param-number').inputValue(), '3.5');
  });

  test('a bad source is underlined in the editor and the panes keep their last code', async (t) => {
    const page = await open(t);
    if (!page) return;
    await waitForPanes(page, /score/i);
    await replaceSource(page, 'kernel f(xs: [f64]) -> f64 {\n  xs.map(x => x * nope).sum()\n}\n');
    const underline = page.locator('#editor .cm-lintRange-error');
    await underline.first().waitFor();
    assert.equal(await underline.first().textContent(), 'nope');
    assert.equal(await page.locator('#diagnostic-count').textContent(), '1 error');
    await page.locator('.pane.stale').first().waitFor();
    // Fixing it clears the underline and renders again.
    await replaceSource(page, 'kernel f(xs: [f64]) -> f64 {\n  xs.map(x => x * 2.0).sum()\n}\n');
    await waitForPanes(page, /\bf\b|\bF\b/);
    await eventually('the underline to go', async () => ((await page.locator('#editor .cm-lintRange-error').count()) === 0 ? true : undefined));
    assert.equal(await page.locator('#diagnostic-count').textContent(), '');
  });

  test('a share link reopens the same source, params and flags', async (t) => {
    const page = await open(t);
    if (!page) return;
    await waitForPanes(page, /score/i);
    await replaceSource(page, PEAK);
    await page.locator('input[name=baked]').check();
    await page.locator('select[name=dialect]').selectOption('sqlite');
    await page.locator('.param[data-param=floor] .param-number').fill('0.4');
    await page.locator('.param[data-param=floor] .param-number').press('Enter');
    await waitForText(page, '.pane[data-target=rust] .cm-content', /x > 0\.4\b/);
    await page.waitForTimeout(400); // the hash is written 250 ms after the last change
    assert.match(page.url(), /#s=/);
    const link = page.url();
    const original = await paneTexts(page);

    const reopened = await open(t, link.slice(server!.url.length));
    if (!reopened) return;
    await waitForPanes(reopened, /\bpeak\b|\bPeak\b/);
    const state = await studioState(reopened);
    assert.equal(state.source, PEAK);
    assert.equal(state.params['floor'], 0.4);
    assert.deepEqual(state.flags, { parallel: false, params: 'baked', mode: 'function', dialect: 'sqlite' });
    assert.equal(await reopened.locator('input[name=baked]').isChecked(), true);
    assert.equal(await reopened.locator('.param[data-param=floor] .param-number').inputValue(), '0.4');
    await waitForText(reopened, '.pane[data-target=rust] .cm-content', /x > 0\.4\b/);
    assert.deepEqual(await waitForPanes(reopened, /\S/), original);
  });

  test('MIDI learn binds a controller knob to a slider and remembers it', async (t) => {
    const page = await open(t);
    if (!page) return;
    await waitForPanes(page, /score/i);
    const learn = page.locator('.param[data-param=gain] .learn');
    await learn.click();
    assert.equal(await learn.textContent(), 'move…');
    // Headless Chromium has no MIDI device: feed the page's MIDI input a control change (channel 1, CC 7).
    const controlChange = (value: number): Promise<unknown> => page.evaluate(`window.codelive.midi.receive(new Uint8Array([0xb0, 7, ${value}]))`);
    await controlChange(64);
    assert.equal(await learn.textContent(), 'ch1 cc7');
    assert.equal(await page.locator('.param[data-param=gain] .param-number').inputValue(), '5'); // 64/127 of 0..10, on the 0.1 grid
    await controlChange(127);
    assert.equal((await studioState(page)).params['gain'], 10);
    // Note-on messages and other controllers are ignored.
    await page.evaluate('window.codelive.midi.receive(new Uint8Array([0x90, 7, 10]))');
    await page.evaluate('window.codelive.midi.receive(new Uint8Array([0xb0, 8, 10]))');
    assert.equal((await studioState(page)).params['gain'], 10);

    await page.reload();
    await waitForPanes(page, /score/i);
    assert.equal(await page.locator('.param[data-param=gain] .learn').textContent(), 'ch1 cc7');
    await controlChange(0);
    assert.equal((await studioState(page)).params['gain'], 0);
  });

  test('falls back to HTTP rendering when /v1/live refuses, and measures the spectrum itself', async (t) => {
    const page = await open(t, null);
    if (!page) return;
    await page.routeWebSocket(/\/v1\/live$/, (ws) => ws.close({ code: 1011, reason: 'refused by the test' }));
    await page.goto(server!.url + '/');
    await waitForPanes(page, /score/i);
    assert.equal(await transportKind(page), 'http');
    // A program no earlier test rendered, so its renders are cache misses with real timings.
    await replaceSource(page, PEAK.replace('peak', 'peak_http'));
    await waitForPanes(page, /peak_?http/i);
    await waitForText(page, '.spectrum-summary', /measured by this page/);
    await waitForText(page, '.spectrum-row[data-target=go] .spectrum-figures', /p50 [1-9]/);
  });

  test('?transport=http forces HTTP even when the live session works', async (t) => {
    const page = await open(t, '/?transport=http');
    if (!page) return;
    await waitForPanes(page, /score/i);
    assert.equal(await transportKind(page), 'http');
  });
});
