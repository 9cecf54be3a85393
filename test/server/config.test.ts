import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIG_OPTIONS, ConfigError, DEFAULT_CONFIG, loadConfig } from '../../src/server/config.js';

test('defaults: port 4000 on loopback, no CORS, no test faults', () => {
  const c = loadConfig();
  assert.equal(c.port, 4000);
  assert.equal(c.host, '127.0.0.1');
  assert.deepEqual(c.corsOrigins, []);
  assert.equal(c.testFaults, false);
  assert.equal(c.maxBatchItems, 15);
  assert.equal(c.cacheTtlMs, 60_000);
});

test('environment variables, then flags, then overrides', () => {
  const c = loadConfig({
    env: { CODELIVE_PORT: '4100', CODELIVE_WORKERS: '3', CODELIVE_CORS_ORIGINS: 'https://a.dev, https://b.dev' },
    argv: ['--port', '4200', '--log-level=warn'],
    overrides: { maxBatchItems: 4 },
  });
  assert.equal(c.port, 4200);
  assert.equal(c.workers, 3);
  assert.equal(c.logLevel, 'warn');
  assert.deepEqual(c.corsOrigins, ['https://a.dev', 'https://b.dev']);
  assert.equal(c.maxBatchItems, 4);
});

test('limiter bounds follow the worker count unless set', () => {
  const c = loadConfig({ env: { CODELIVE_WORKERS: '3' } });
  assert.deepEqual([c.limiterMin, c.limiterInitial, c.limiterMax], [6, 24, 192]);
  const d = loadConfig({ env: { CODELIVE_WORKERS: '3', CODELIVE_LIMITER_INITIAL: '7' } });
  assert.equal(d.limiterInitial, 7);
});

test('bad values are refused with the variable named', () => {
  assert.throws(() => loadConfig({ env: { CODELIVE_PORT: 'eighty' } }), (e: unknown) => e instanceof ConfigError && /CODELIVE_PORT/.test(e.message));
  assert.throws(() => loadConfig({ env: { CODELIVE_BREAKER_THRESHOLD: '1.5' } }), ConfigError);
  assert.throws(() => loadConfig({ env: { CODELIVE_TEST_FAULTS: 'maybe' } }), ConfigError);
  assert.throws(() => loadConfig({ argv: ['--no-such-flag', '1'] }), /unknown option/);
  assert.throws(() => loadConfig({ argv: ['--port'] }), /needs a value/);
  assert.throws(() => loadConfig({ env: { CODELIVE_LIMITER_MIN: '50', CODELIVE_LIMITER_INITIAL: '10' } }), /min <= initial/);
});

test('every option has a documented environment variable and flag', () => {
  for (const o of CONFIG_OPTIONS) {
    assert.match(o.env, /^CODELIVE_[A-Z_]+$/);
    assert.match(o.flag, /^--[a-z-]+$/);
    assert.ok(o.describe.length > 10);
    assert.ok(o.key in DEFAULT_CONFIG);
  }
});

test('docs/operations.md documents every option', async () => {
  const { readFile } = await import('node:fs/promises');
  const doc = await readFile(new URL('../../docs/operations.md', import.meta.url), 'utf8');
  for (const o of CONFIG_OPTIONS) {
    assert.ok(doc.includes(`\`${o.env}\``), `${o.env} missing from docs/operations.md`);
    assert.ok(doc.includes(`\`${o.flag}\``), `${o.flag} missing from docs/operations.md`);
  }
});
