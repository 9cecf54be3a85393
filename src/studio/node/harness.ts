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
// Driving the page

/** The code each pane shows, by target. */
export function paneTexts(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const pane of document.querySelectorAll<HTMLElement>('.pane')) {
      const lines = [...pane.querySelectorAll('.cm-line')].map((line) => line.textContent ?? '');
      out[pane.dataset['target'] ?? '?'] = lines.join('\n');
    }
    return out;
  });
}

/** Waits until every pane's code matches `pattern`. */
export async function waitForPanes(page: Page, pattern: RegExp, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    ([source, flags]) => {
      const re = new RegExp(source, flags);
      const panes = [...document.querySelectorAll<HTMLElement>('.pane')];
      return panes.length > 0 && panes.every((pane) => re.test([...pane.querySelectorAll('.cm-line')].map((l) => l.textContent ?? '').join('\n')));
    },
    [pattern.source, pattern.flags] as const,
    { timeout },
  );
}

/** Replaces the editor's whole source as one paste. */
export async function replaceSource(page: Page, source: string): Promise<void> {
  await page.locator('#editor .cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(source);
}

/** The studio's state as the page holds it (source, params, flags, macros). */
export function studioState(page: Page): Promise<{ source: string; params: Record<string, number | boolean>; flags: Record<string, unknown> }> {
  return page.evaluate(() => (window as unknown as { codelive: { state: never } }).codelive.state);
}
