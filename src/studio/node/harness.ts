// Node-side helpers that build the studio and drive it in headless Chromium, shared by the
// browser tests (test/studio) and `npm run bench:studio`. Not part of the page bundle (the
// studio's browser tsconfig excludes this folder).

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env['CODELIVE_CHROMIUM'] ?? '/usr/bin/chromium';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DIST_INDEX = join(REPO, 'dist/studio/index.html');
/** What the bundle is made of: the studio, and the front end and interpreter the preview runs. */
const BUNDLE_INPUTS = ['src/studio', 'src/lang', 'src/ir', 'src/diagnostics.ts', 'vite.config.ts'];

export function chromiumMissingReason(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `Chromium not found at ${CHROMIUM_PATH} (set CODELIVE_CHROMIUM)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Builds dist/studio with Vite when it is missing or older than any of its inputs. */
export async function ensureStudioBuilt(): Promise<'fresh' | 'built'> {
  if (existsSync(DIST_INDEX) && statSync(DIST_INDEX).mtimeMs >= newestInput()) return 'fresh';
  const { build } = await import('vite');
  await build({ configFile: join(REPO, 'vite.config.ts'), logLevel: 'error' });
  return 'built';
}

function newestInput(): number {
  let newest = 0;
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const input of BUNDLE_INPUTS) visit(join(REPO, input));
  return newest;
}

// ---------------------------------------------------------------------------------------------
// Driving the page. Polling through locators (not page functions) keeps these files free of the
// DOM typings, which the Node-side tsconfig does not load.

const POLL_MS = 40;

/** Polls `probe` until it returns a value other than undefined; fails with `what` after `timeout`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The code each pane shows, by target. */
export async function paneTexts(page: Page): Promise<Record<string, string>> {
  const entries = await page
    .locator('.pane')
    .evaluateAll((panes) =>
      panes.map((p) => [p.getAttribute('data-target') ?? '?', Array.from(p.querySelectorAll('.cm-line'), (l: { textContent: string | null }) => l.textContent ?? '').join('\n')]),
    );
  return Object.fromEntries(entries) as Record<string, string>;
}

/** Waits until every pane's code matches `pattern`; returns the codes. */
export function waitForPanes(page: Page, pattern: RegExp, timeout?: number): Promise<Record<string, string>> {
  return eventually(
    `every pane to match ${pattern}`,
    async () => {
      const texts = await paneTexts(page);
      const codes = Object.values(texts);
      return codes.length > 0 && codes.every((code) => pattern.test(code)) ? texts : undefined;
    },
    timeout,
  );
}

/** Waits until the first element matching `selector` has text matching `pattern`. */
export function waitForText(page: Page, selector: string, pattern: RegExp, timeout?: number): Promise<string> {
  return eventually(
    `${selector} to match ${pattern}`,
    async () => {
      const text = (await page.locator(selector).first().textContent({ timeout: 1000 }).catch(() => null)) ?? null;
      return text !== null && pattern.test(text) ? text : undefined;
    },
    timeout,
  );
}

/** Replaces the editor's whole source as one paste. */
export async function replaceSource(page: Page, source: string): Promise<void> {
  await page.locator('#editor .cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(source);
}

export interface PageState {
  readonly source: string;
  readonly params: Record<string, number | boolean>;
  readonly flags: Record<string, unknown>;
}

/** The studio's state as the page holds it (main.ts puts it on `window.codelive`). */
export async function studioState(page: Page): Promise<PageState> {
  return (await page.evaluate('window.codelive.state')) as PageState;
}

/** 'live' or 'http' once the page has connected. */
export function transportKind(page: Page): Promise<string | null> {
  return page.locator('body').getAttribute('data-transport');
}
