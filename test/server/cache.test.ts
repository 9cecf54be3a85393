import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { approximateSize, BoundedCache, ENCODED_ENTRY_OVERHEAD, messagePackCodec, TieredCache, type CacheEvent, type SecondLevelCache } from '../../src/server/cache.js';

type Entry = { code: string };
const sizeOf = (key: string, value: Entry): number => 2 * key.length + approximateSize(value);

function cache(maxBytes: number, ttlMs = 60_000, events: CacheEvent[] = []): BoundedCache<Entry> {
  return new BoundedCache<Entry>({ maxBytes, ttlMs, sizeOf, onEvent: (e) => events.push(e) });
}

test('counts hits and misses and reports the hit rate', () => {
  const c = cache(10_000);
  assert.equal(c.get('a'), undefined);
  c.set('a', { code: 'x' });
  assert.deepEqual(c.get('a'), { code: 'x' });
  assert.deepEqual(c.get('a'), { code: 'x' });
  const s = c.stats();
  assert.equal(s.hits, 2);
  assert.equal(s.misses, 1);
  assert.equal(s.entries, 1);
  assert.ok(Math.abs(s.hitRate - 2 / 3) < 1e-9);
  assert.ok(s.bytes > 0 && s.bytes <= s.maxBytes);
});

test('stays within its byte bound by evicting the least recently used entries', () => {
  const events: CacheEvent[] = [];
  const entry = { code: 'x'.repeat(1000) };
  const one = sizeOf('k0', entry);
  const c = cache(one * 3, 60_000, events);
  for (let i = 0; i < 3; i++) c.set(`k${i}`, entry);
  c.get('k0'); // k1 is now the least recently used
  c.set('k3', entry);
  assert.equal(c.get('k1'), undefined);
  assert.ok(c.get('k0'));
  assert.ok(c.stats().bytes <= one * 3);
  assert.equal(c.stats().evictions, 1);
  assert.ok(events.includes('evict'));
});

test('entries expire after the TTL and count as expirations', async () => {
  const c = cache(10_000, 30);
  c.set('a', { code: 'x' });
  await sleep(60);
  assert.equal(c.get('a'), undefined);
  assert.equal(c.stats().expirations, 1);
});

test('a cache with no byte budget stores nothing', () => {
  const c = cache(0);
  c.set('a', { code: 'x' });
  assert.equal(c.get('a'), undefined);
  assert.equal(c.stats().entries, 0);
});

test('the second level answers level-1 misses and fills level 1', async () => {
  const shared = new Map<string, Entry>([['k', { code: 'from-l2' }]]);
  const writes: string[] = [];
  const level2: SecondLevelCache<Entry> = {
    name: 'map',
    get: async (k) => shared.get(k),
    set: async (k, v) => {
      writes.push(k);
      shared.set(k, v);
    },
  };
  const tiered = new TieredCache(cache(10_000), 60_000, level2);
  assert.equal(tiered.getLocal('k'), undefined);
  assert.deepEqual(await tiered.get('k'), { code: 'from-l2' });
  assert.deepEqual(tiered.getLocal('k'), { code: 'from-l2' });
  tiered.set('n', { code: 'new' });
  assert.deepEqual(writes, ['n']);
  assert.equal(await tiered.get('missing'), undefined);
});

test('approximateSize grows with content', () => {
  assert.ok(approximateSize({ code: 'x'.repeat(100) }) > approximateSize({ code: 'x' }));
  assert.ok(approximateSize([{ a: 1 }, { a: 2 }]) > approximateSize([{ a: 1 }]));
});

test('a failing second level degrades to a miss and never throws', async () => {
  const broken: SecondLevelCache<Entry> = {
    name: 'broken',
    get: async () => Promise.reject(new Error('down')),
    set: async () => Promise.reject(new Error('down')),
  };
  const tiered = new TieredCache(cache(10_000), 60_000, broken);
  assert.equal(await tiered.get('k'), undefined);
  tiered.set('k', { code: 'x' });
  assert.deepEqual(await tiered.get('k'), { code: 'x' });
});

test('an encoded cache keeps bytes off the heap, counts their real size and decodes equal values', () => {
  const codec = messagePackCodec<{ code: string; reasons: { code: string }[]; degraded: boolean; n?: number }>();
  const value = { code: 'fn main() {\n  println!("é ✓");\n}\n'.repeat(40), reasons: [{ code: 'sequential' }], degraded: true, n: 1.5 };
  const bytes = codec.encode(value);
  assert.equal(bytes.buffer.byteLength, bytes.byteLength, 'each entry owns its buffer (no shared pool or output buffer)');
  assert.deepEqual(codec.decode(bytes), value);
  const c = new BoundedCache({ maxBytes: 3 * (bytes.byteLength + ENCODED_ENTRY_OVERHEAD + 8), ttlMs: 60_000, codec });
  c.set('k0', value);
  const hit = c.get('k0')!;
  assert.deepEqual(hit, value);
  hit.reasons.push({ code: 'changed by a caller' });
  assert.deepEqual(c.get('k0'), value, 'every hit decodes a fresh value');
  assert.equal(c.stats().bytes, 2 * 'k0'.length + ENCODED_ENTRY_OVERHEAD + bytes.byteLength);
  for (let i = 1; i <= 3; i++) c.set(`k${i}`, value);
  assert.equal(c.has('k0'), false, 'the byte bound evicts encoded entries by their encoded size');
  assert.equal(c.has('k3'), true);
  assert.equal(c.stats().evictions, 1);
});
