import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HotCounter, HotHistogram } from '../../src/server/hot-metrics.js';

test('a hot counter writes one series per label set in the Prometheus text format', () => {
  const c = new HotCounter('x_total', 'Things.', ['route', 'class']);
  c.inc('/a', 'success');
  c.inc('/a', 'success');
  c.inc('/b "q"', 'client_error');
  assert.equal(
    c.exposition(),
    ['# HELP x_total Things.', '# TYPE x_total counter', 'x_total{route="/a",class="success"} 2', 'x_total{route="/b \\"q\\"",class="client_error"} 1', ''].join('\n'),
  );
});

test('a hot histogram keeps cumulative buckets, sum and count', () => {
  const h = new HotHistogram('lat_seconds', 'Latency.', ['target'], [0.001, 0.01]);
  h.observe(0.0005, 'rust');
  h.observe(0.005, 'rust');
  h.observe(3, 'rust');
  assert.equal(
    h.exposition(),
    [
      '# HELP lat_seconds Latency.',
      '# TYPE lat_seconds histogram',
      'lat_seconds_bucket{le="0.001",target="rust"} 1',
      'lat_seconds_bucket{le="0.01",target="rust"} 2',
      'lat_seconds_bucket{le="+Inf",target="rust"} 3',
      'lat_seconds_sum{target="rust"} 3.0055',
      'lat_seconds_count{target="rust"} 3',
      '',
    ].join('\n'),
  );
});

test('a hot metric without labels is refused', () => {
  assert.throws(() => new HotCounter('y_total', 'Y.', []), RangeError);
});
