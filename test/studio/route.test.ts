// GET / serves the built studio, or explains how to build it; other paths keep the API's 404.

import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Fastify from 'fastify';
import { studioRoutes } from '../../src/server/routes/studio.js';

test('without a build, / answers 503 with a page that says how to build the studio', async () => {
  const app = Fastify();
  await app.register(studioRoutes, { root: join(tmpdir(), 'codelive-no-such-studio') });
  const res = await app.inject({ method: 'GET', url: '/' });
  assert.equal(res.statusCode, 503);
  assert.match(res.headers['content-type'] as string, /^text\/html/);
  assert.match(res.body, /npm run build:studio/);
  await app.close();
});

test('with a build, / serves index.html and the assets, and nothing else', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'codelive-studio-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>studio</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  const app = Fastify();
  await app.register(studioRoutes, { root });
  const page = await app.inject({ method: 'GET', url: '/' });
  assert.equal(page.statusCode, 200);
  assert.match(page.headers['content-type'] as string, /^text\/html/);
  assert.equal(page.body, '<!doctype html><title>studio</title>');
  const asset = await app.inject({ method: 'GET', url: '/assets/index-abc.js' });
  assert.equal(asset.statusCode, 200);
  assert.match(asset.headers['content-type'] as string, /javascript/);
  assert.equal((await app.inject({ method: 'GET', url: '/assets/nope.js' })).statusCode, 404);
  assert.equal((await app.inject({ method: 'GET', url: '/../package.json' })).statusCode, 404);
  await app.close();
});
