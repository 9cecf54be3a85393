// npm run bench:server — HTTP load on loopback with autocannon, in one run:
//   baselines  bare Fastify "hello"; a bare route that parses a render-sized JSON body and
//              answers a render-sized (or batch-sized) JSON body
//   codelive   cached render, uncached render (unique sources) at saturation and at 80 % of it,
//              batch of 15 (cached and uncached)
// Each server runs in its own child process so the load generator never shares its event loop.
// Prints req/s, p50/p95/p99 (hdr-histogram-js) and the ratio to the same-size baseline.
//
//   node --expose-gc --import tsx src/bench/server.ts [--seconds 5] [--paced-seconds 15] [--connections 100] [--log-level warn]
//
// The fixed-rate scenario runs longer than the floods: its p99 is the point of it, and over 5 s
// at ~1,000 req/s one stall of the machine (a major GC, a busy core) decides the 50 slowest.
//
// The codelive server runs with its defaults except: rate limiting off (one client would trip
// it), log level as given (default warn; pass --log-level info to include per-request logs).
// CHILD_ARGS="--trace-gc" (any Node flags) is passed to the server processes.

import { fork, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';
import { TARGET_NAMES } from '../targets/registry.js';
import { childArgs, serverExecArgv } from './server-flags.js';

const BATCH_SIZE = 15;

// ---------------------------------------------------------------- child processes: the servers

type ServeMessage =
  | { readonly kind: 'codelive'; readonly logLevel: string }
  | { readonly kind: 'baseline'; readonly echoes: Readonly<Record<string, unknown>> };

async function serve(message: ServeMessage): Promise<string> {
  if (message.kind === 'codelive') {
    const { loadConfig } = await import('../server/config.js');
    const { startServer } = await import('../server/main.js');
    const config = loadConfig({
      env: process.env,
      overrides: { port: 0, rateLimitMax: 0, logLevel: message.logLevel as 'warn' },
    });
    return (await startServer(config)).url;
  }
  const app = Fastify({ logger: false });
  app.get('/hello', async () => ({ hello: 'world' }));
  // Parses the posted JSON like the render route, answers a body as large as the render's.
  app.post<{ Params: { name: string }; Body: { code?: unknown } }>('/echo/:name', async (request) => {
    if (typeof request.body.code !== 'string' && !Array.isArray((request.body as { items?: unknown }).items)) throw new Error('bad body');
    return message.echoes[request.params.name];
  });
  return app.listen({ host: '127.0.0.1', port: 0 });
}

if (process.send) {
  process.once('message', (message: ServeMessage) => {
    serve(message).then(
      (url) => process.send!({ url }),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}

// ------------------------------------------------------------------------- the load generator

interface Result {
  readonly name: string;
  readonly baseline: string | null;
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly shed429: number;
}

function startChild(message: ServeMessage): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(new URL(import.meta.url).pathname, [], {
    execArgv: serverExecArgv(),
    stdio: ['ignore', childArgs().length > 0 ? 'inherit' : 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve({ child, url: m.url }));
    child.once('exit', (code) => reject(new Error(`server child exited with ${code}`)));
    child.send(message);
  });
}

function kernelSource(n: number): string {
  return `param threshold: f64 = 0.5 in 0.0..1.0
param gain: f64 = 2.0 in 0.0..10.0 step 0.1

record Trade { symbol: str, price: f64, qty: i64 }

kernel score(xs: [f64]) -> f64 {
  xs.filter(x => x > threshold).map(x => x * gain + ${n}.25).sum()
}

kernel volume_by_symbol(trades: [Trade]) -> [{ symbol: str, volume: f64, n: i64 }] {
  trades
    .filter(t => t.qty > 0)
    .group_by(t => t.symbol)
    .agg(g => { symbol: g.key, volume: g.sum(t => t.price * f64(t.qty)), n: g.count() })
    .sort_by(r => r.volume, desc)
}
`;
}

interface Load {
  readonly name: string;
  readonly baseline: string | null;
  readonly url: string;
  readonly method: 'GET' | 'POST';
  /** A fixed body, or a fresh one per request. */
  readonly body?: string | (() => string);
  readonly rate?: number;
  /** Runs before the scenario, after the server has settled (e.g. re-warms the cache). */
  readonly prepare?: () => Promise<unknown>;
}

/** Connections the paced load opens before its clock starts, as autocannon does. */
const PACED_CONNECTIONS = 32;

/**
 * Open-loop load at a steady rate: one request every 1/rate s, latency measured from the moment
 * each request was due, so queueing delay is never hidden (no coordinated omission). Used for
 * the fixed-rate scenario because autocannon's rate mode sends each second's budget in one
 * burst, which measures burst queueing rather than a steady load. The generator keeps its own
 * work out of the measurement: requests go out through undici's dispatcher (no request or
 * response objects per request, unlike node:http's client, whose allocations made the
 * generator's own GC pauses show up as server latency), the keep-alive connections are open
 * before the clock starts (TCP handshakes are not render latency), every request body is
 * built, and its heap is collected (the autocannon runs before leave garbage whose major GC
 * would otherwise stall the sends mid-run; needs --expose-gc, as `npm run bench:server` runs).
 */
async function paced(load: Load & { rate: number }, seconds: number): Promise<Result> {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
  const url = new URL(load.url);
  const pool = new Pool(url.origin, { connections: 4 * PACED_CONNECTIONS, keepAliveTimeout: 60_000 });
  await Promise.all(Array.from({ length: PACED_CONNECTIONS }, () => pool.request({ path: '/health', method: 'GET' }).then((r) => r.body.dump())));
  const statuses = new Map<number, number>();
  let errors = 0;
  const total = Math.floor(load.rate * seconds);
  const bodies = Array.from({ length: total }, () => Buffer.from(typeof load.body === 'function' ? load.body() : (load.body ?? '')));
  (globalThis as { gc?: () => void }).gc?.();
  let pending = 0;
  let allSent = false;
  let drained!: () => void;
  const done = new Promise<void>((resolve) => (drained = resolve));
  const finish = (): void => {
    if (--pending === 0 && allSent) drained();
  };
  const send = (due: number, body: Buffer): void => {
    pending++;
    let status = 0;
    pool.dispatch(
      { path: url.pathname, method: load.method, headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, body },
      {
        onConnect: () => {},
        onHeaders: (statusCode: number) => {
          status = statusCode;
          return true;
        },
        onData: () => true,
        onComplete: () => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          histogram.recordValue(Math.max(1, Math.round((performance.now() - due) * 1000)));
          finish();
        },
        onError: () => {
          errors++;
          finish();
        },
      },
    );
  };
  const interval = 1000 / load.rate;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    send(due, bodies[i]!);
  }
  allSent = true;
  if (pending > 0) await done;
  await pool.close();
  const elapsed = (performance.now() - start) / 1000;
  return summarize(load, statuses, errors, elapsed, histogram);
}

/**
 * Wait until the server has finished the previous scenario's work (a flood leaves up to the
 * limiter's limit of renders in flight), so a scenario measures its own load, not the tail of
 * the last one.
 */
async function settled(codeliveUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const health = (await (await fetch(`${codeliveUrl}/health/detailed`)).json()) as {
      components: { limiter: { inflight: number }; workers: { queued: number; running: number } };
    };
    const { limiter, workers } = health.components;
    if (limiter.inflight === 0 && workers.queued === 0 && workers.running === 0) break;
    await sleep(50);
  }
  await sleep(200);
}

async function run(load: Load, seconds: number, pacedSeconds: number, connections: number): Promise<Result> {
  if (load.rate) return paced({ ...load, rate: load.rate }, pacedSeconds);
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
  const statuses = new Map<number, number>();
  const body = load.body;
  const options: autocannon.Options = {
    url: load.url,
    method: load.method,
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    ...(typeof body === 'string' ? { body } : {}),
    ...(typeof body === 'function'
      ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: body() }) }] }
      : {}),
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, r) => (error ? reject(error) : resolve(r)));
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
    });
  });
  return summarize(load, statuses, result.errors + result.timeouts, result.duration || seconds, histogram);
}

function summarize(load: Load, statuses: ReadonlyMap<number, number>, errors: number, seconds: number, histogram: hdr.Histogram): Result {
  let ok = 0;
  let non2xx = errors;
  for (const [status, n] of statuses) {
    if (status >= 200 && status < 300) ok += n;
    else non2xx += n;
  }
  return {
    name: load.name,
    baseline: load.baseline,
    rps: ok / seconds,
    p50: histogram.getValueAtPercentile(50) / 1000,
    p95: histogram.getValueAtPercentile(95) / 1000,
    p99: histogram.getValueAtPercentile(99) / 1000,
    non2xx,
    shed429: statuses.get(429) ?? 0,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      'paced-seconds': { type: 'string', default: '15' },
      connections: { type: 'string', default: '100' },
      'log-level': { type: 'string', default: 'warn' },
    },
  });
  const seconds = Number(values.seconds);
  const pacedSeconds = Number(values['paced-seconds']);
  const connections = Number(values.connections);
  const target = TARGET_NAMES[0]!;
  let unique = 1_000_000;
  const renderBody = (code: string): string => JSON.stringify({ code, target });
  const batchBody = (codes: readonly string[]): string => JSON.stringify({ items: codes.map((code) => ({ code, target })) });

  const codelive = await startChild({ kind: 'codelive', logLevel: values['log-level'] });
  const children = [codelive.child];
  try {
    // Warm the cache and capture response bodies to size the echo baseline.
    const cachedBody = renderBody(kernelSource(0));
    const batchCodes = Array.from({ length: BATCH_SIZE }, (_, i) => kernelSource(i + 1));
    const post = async (path: string, body: string): Promise<unknown> => {
      const res = await fetch(codelive.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (res.status !== 200) throw new Error(`warm-up ${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const renderResponse = await post('/v1/render', cachedBody);
    const batchResponse = await post('/v1/render/batch', batchBody(batchCodes));
    for (let i = 0; i < 200; i++) await post('/v1/render', renderBody(kernelSource(unique++))); // warm the workers' JIT

    const baseline = await startChild({ kind: 'baseline', echoes: { render: renderResponse, batch: batchResponse } });
    children.push(baseline.child);

    const results: Result[] = [];
    const measure = async (load: Load): Promise<Result> => {
      await settled(codelive.url);
      await load.prepare?.();
      const r = await run(load, seconds, pacedSeconds, connections);
      results.push(r);
      process.stderr.write(`  ${r.name}: ${r.rps.toFixed(0)} req/s\n`);
      return r;
    };
    process.stderr.write(`bench:server — ${seconds} s per scenario (${pacedSeconds} s at a fixed rate), ${connections} connections, target ${target}\n`);
    await measure({ name: 'baseline: hello', baseline: null, url: `${baseline.url}/hello`, method: 'GET' });
    await measure({ name: 'baseline: JSON echo (render size)', baseline: null, url: `${baseline.url}/echo/render`, method: 'POST', body: cachedBody });
    const renderUrl = `${codelive.url}/v1/render`;
    // The uncached scenarios push older entries out of the LRU cache: a cached scenario warms its
    // renders again right before it runs.
    await measure({
      name: 'render, cached',
      baseline: 'baseline: JSON echo (render size)',
      url: renderUrl,
      method: 'POST',
      body: cachedBody,
      prepare: () => post('/v1/render', cachedBody),
    });
    const saturated = await measure({
      name: 'render, uncached (saturation)',
      baseline: 'baseline: JSON echo (render size)',
      url: renderUrl,
      method: 'POST',
      body: () => renderBody(kernelSource(unique++)),
    });
    await measure({
      name: 'render, uncached @80% of saturation',
      baseline: 'baseline: JSON echo (render size)',
      url: renderUrl,
      method: 'POST',
      body: () => renderBody(kernelSource(unique++)),
      rate: Math.max(1, Math.floor(saturated.rps * 0.8)),
    });
    // Each baseline runs right before the scenarios compared with it: on a shared machine the
    // load drifts, and adjacent runs see the same conditions.
    await measure({ name: 'baseline: JSON echo (batch size)', baseline: null, url: `${baseline.url}/echo/batch`, method: 'POST', body: batchBody(batchCodes) });
    const batchUrl = `${codelive.url}/v1/render/batch`;
    await measure({
      name: `batch of ${BATCH_SIZE}, cached`,
      baseline: 'baseline: JSON echo (batch size)',
      url: batchUrl,
      method: 'POST',
      body: batchBody(batchCodes),
      prepare: () => post('/v1/render/batch', batchBody(batchCodes)),
    });
    await measure({
      name: `batch of ${BATCH_SIZE}, uncached`,
      baseline: 'baseline: JSON echo (batch size)',
      url: batchUrl,
      method: 'POST',
      body: () => batchBody(Array.from({ length: BATCH_SIZE }, () => kernelSource(unique++))),
    });
    printTable(results);
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
}

function printTable(results: readonly Result[]): void {
  const byName = new Map(results.map((r) => [r.name, r]));
  const rows = results.map((r) => {
    const base = r.baseline ? byName.get(r.baseline) : undefined;
    return [
      r.name,
      r.rps.toFixed(0),
      r.p50.toFixed(2),
      r.p95.toFixed(2),
      r.p99.toFixed(2),
      base ? `${((r.rps / base.rps) * 100).toFixed(0)}%` : '',
      String(r.non2xx - r.shed429),
      String(r.shed429),
    ];
  });
  const header = ['scenario', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'vs baseline', 'non-2xx', '429 shed'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

if (!process.send) await main();
