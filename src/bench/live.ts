// npm run bench:live — the live protocol under many sessions on loopback, in one run:
//   codelive  `--sessions` WebSocket sessions on /v1/live (msgpack), most idle; `--active` of them
//             scrub a baked slider in bursts at 60 events/s, each on its own program
//   echo      a bare `ws` server echoing every message, same connections and message pattern
// Both phases start with `--warmup` seconds of the same load, not measured (the JIT warms up).
// Each server runs in its own child process so the load generator never shares its event loop.
// Prints client-observed edit-to-render latency p50/p95/p99 (hdr-histogram-js; an event counts
// as rendered when every subscribed target has a render of a seq at least as new, or a `current`
// frame says so), the server's own edit-to-render figure, renders per event, prediction hit rate,
// server memory per session, and live throughput (events rendered/s) against the echo's
// (messages echoed/s).
//
//   node --import tsx src/bench/live.ts [--sessions 1000] [--active 100] [--seconds 10] [--warmup 5]
//
// CHILD_ARGS="--cpu-prof --cpu-prof-dir=DIR" (any Node flags) is passed to the server processes.

import { fork, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import * as hdr from 'hdr-histogram-js';
import { WebSocket, WebSocketServer } from 'ws';
import { LiveClient } from '../server/live/client.js';
import type { ServerMessage } from '../server/live/protocol.js';
import { serverExecArgv } from './server-flags.js';

const EVENTS_PER_SECOND = 60;
/** Scrubbers are spread over this many phases of each 1/60 s frame. */
const PHASES = 4;
const TARGETS = ['typescript', 'go'] as const;
const CONNECT_BATCH = 50;

// ---------------------------------------------------------------- child processes: the servers

type ServeMessage = { readonly kind: 'codelive'; readonly sessions: number } | { readonly kind: 'echo' };
type ParentMessage = ServeMessage | { readonly kind: 'memory' } | { readonly kind: 'cpu' } | { readonly kind: 'stop' };

async function serve(message: ServeMessage): Promise<string> {
  if (message.kind === 'codelive') {
    const { loadConfig } = await import('../server/config.js');
    const { startServer } = await import('../server/main.js');
    const config = loadConfig({
      env: process.env,
      overrides: { port: 0, rateLimitMax: 0, logLevel: 'warn', liveMaxSessions: message.sessions * 2 },
    });
    return (await startServer(config)).url;
  }
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  wss.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
  await new Promise((resolve) => wss.once('listening', resolve));
  const address = wss.address();
  return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
}

/** Heap after a full GC, so the per-session figure is not noise from garbage. */
function memory(): { heapUsed: number; rss: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss };
}

if (process.send) {
  process.on('message', (message: ParentMessage) => {
    if (message.kind === 'stop') process.exit(0);
    if (message.kind === 'memory') {
      process.send!({ memory: memory() });
      return;
    }
    if (message.kind === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ cpuMicros: user + system });
      return;
    }
    serve(message).then(
      (url) => process.send!({ url }),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}

interface Child {
  readonly process: ChildProcess;
  readonly url: string;
}

async function startChild(message: ServeMessage): Promise<Child> {
  const execArgv = serverExecArgv('--expose-gc');
  const child = fork(new URL(import.meta.url).pathname, [], { execArgv, stdio: 'inherit' });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m.url));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.send(message);
  });
  return { process: child, url };
}

/** A normal exit, so `--cpu-prof` and the like in CHILD_ARGS write their files. */
async function stopChild(child: Child): Promise<void> {
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.send({ kind: 'stop' } satisfies ParentMessage);
  await exited;
}

/** CPU time the child used so far, all threads, in µs. */
function childCpu(child: Child): Promise<number> {
  return new Promise((resolve) => {
    child.process.once('message', (m: { cpuMicros: number }) => resolve(m.cpuMicros));
    child.process.send({ kind: 'cpu' } satisfies ParentMessage);
  });
}

const ownCpu = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

function childMemory(child: Child): Promise<{ heapUsed: number; rss: number }> {
  return new Promise((resolve) => {
    child.process.once('message', (m: { memory: { heapUsed: number; rss: number } }) => resolve(m.memory));
    child.process.send({ kind: 'memory' } satisfies ParentMessage);
  });
}

// ---------------------------------------------------------------- load generator

/** Deterministic, so two runs offer the same load. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function program(n: number): string {
  return `param gain: f64 = 5.0 in 0.0..10.0 step 0.1

# session ${n}
kernel score(xs: [f64]) -> f64 {
  xs.filter(x => x > 0.0).map(x => x * gain + ${n}.5).sum()
}
`;
}

/**
 * A slider scrubbed in bursts: `EVENTS_PER_SECOND` while moving (0.3–1 s), then still
 * (0.3–1 s); it walks the step grid and turns at the ends of the range. Each hand first rests
 * for a random part of a cycle, so the bursts of independent users do not start in step.
 */
class Scrubber {
  private tenths = 50;
  private direction = 1;
  private movingUntil = 0;
  private stillUntil: number;

  constructor(private readonly random: () => number) {
    this.stillUntil = performance.now() + 1300 * random();
  }

  /** The next value, or null while the hand is still. */
  next(now: number): number | null {
    if (now >= this.stillUntil && now >= this.movingUntil) {
      this.movingUntil = now + 300 + 700 * this.random();
      this.stillUntil = this.movingUntil + 300 + 700 * this.random();
      if (this.random() < 0.5) this.direction = -this.direction;
    }
    if (now >= this.movingUntil) return null;
    if (this.tenths + this.direction < 0 || this.tenths + this.direction > 100) this.direction = -this.direction;
    this.tenths += this.direction;
    return this.tenths / 10;
  }
}

/** The scrubbing hands of one phase, kept from the warm-up into the measured run. */
function scrubbers(active: number): Scrubber[] {
  return Array.from({ length: active }, (_, i) => new Scrubber(rng(1000 + i)));
}

interface PhaseResult {
  readonly latency: hdr.Histogram;
  readonly events: number;
  readonly answered: number;
  readonly renders: number;
  readonly seconds: number;
}

function histogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
}

/** Connect `count` clients, `CONNECT_BATCH` at a time. */
async function connectAll<T>(count: number, connect: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += CONNECT_BATCH) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, count - i) }, (_, k) => connect(i + k)))));
  }
  return out;
}

/**
 * Drive the scrubbers at 60 events/s in bursts for `seconds`; returns the events sent. Each
 * scrubber has its own phase within the 1/60 s frame (one of `PHASES`), as independent users
 * would: one global tick would send every scrubber's event in the same millisecond.
 */
async function drive(hands: readonly Scrubber[], seconds: number, send: (i: number, value: number) => void): Promise<number> {
  const active = hands.length;
  const step = 1000 / EVENTS_PER_SECOND / PHASES;
  const start = performance.now();
  let events = 0;
  for (let tick = 0; ; tick++) {
    const due = start + tick * step;
    const now = performance.now();
    if (now - start >= seconds * 1000) break;
    if (due > now) await sleep(due - now);
    for (let i = tick % PHASES; i < active; i += PHASES) {
      const value = hands[i]!.next(performance.now());
      if (value === null) continue;
      send(i, value);
      events++;
    }
  }
  return events;
}

interface LiveResult extends PhaseResult {
  readonly perSessionBytes: number;
  /** Cores busy while measuring: the server process (all threads) and this load generator. */
  readonly serverCores: number;
  readonly clientCores: number;
  /** The server's figures when measuring began (after the warm-up). */
  readonly figuresBefore: ServerFigures;
}

async function liveLoad(url: string, sessions: number, active: number, seconds: number, warmup: number, server: Child): Promise<LiveResult> {
  const latency = histogram();
  let renders = 0;
  let answered = 0;
  let measuring = false;
  const before = await childMemory(server);
  const clients = await connectAll(sessions, async (i) => {
    const isActive = i < active;
    // Per session: pending events (seq → sent at) and the newest seq rendered per target.
    const pending = new Map<number, number>();
    const newest = new Map<string, number>();
    const onMessage = (m: ServerMessage): void => {
      if ((m.t !== 'render' && m.t !== 'current') || !isActive) return;
      if (m.t === 'render') {
        if (measuring) renders++;
        newest.set(m.target, Math.max(newest.get(m.target) ?? -1, m.seq));
      } else {
        for (const t of TARGETS) newest.set(t, Math.max(newest.get(t) ?? -1, m.seq)); // the renders held are that state's
      }
      const covered = Math.min(...TARGETS.map((t) => newest.get(t) ?? -1));
      const now = performance.now();
      for (const [seq, sentAt] of pending) {
        if (seq > covered) break;
        if (measuring) {
          latency.recordValue(Math.max(1, Math.round((now - sentAt) * 1000)));
          answered++;
        }
        pending.delete(seq);
      }
    };
    const client = await LiveClient.connect(url, 'msgpack', { keep: false, onMessage });
    const source = isActive ? program(i) : program(-1);
    client.send({ t: 'hello', source, targets: TARGETS, flags: { params: 'baked' } });
    return { client, pending };
  });
  await sleep(1000); // the first renders of every session land
  const connected = await childMemory(server);
  const seqs = new Array<number>(active).fill(0);
  const scrub = (i: number, value: number): void => {
    const seq = ++seqs[i]!;
    const { client, pending } = clients[i]!;
    pending.set(seq, performance.now());
    client.send({ t: 'param', seq, name: 'gain', value });
  };
  // Warm-up: the same load, not measured, until the workers' JIT has compiled the hot paths.
  const hands = scrubbers(active);
  await drive(hands, warmup, scrub);
  await sleep(500);
  const figuresBefore = await serverFigures(url);
  for (const { pending } of clients) pending.clear(); // warm-up events still unanswered are not measured
  measuring = true;
  const [serverCpu0, clientCpu0] = [await childCpu(server), ownCpu()];
  const started = performance.now();
  const events = await drive(hands, seconds, scrub);
  const [serverCpu1, clientCpu1, driven] = [await childCpu(server), ownCpu(), performance.now() - started];
  await sleep(500); // the last bursts' renders
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(clients.map(({ client }) => client.close()));
  return { latency, events, answered, renders, seconds: elapsed, perSessionBytes: (connected.heapUsed - before.heapUsed) / sessions,
    figuresBefore,
    serverCores: (serverCpu1 - serverCpu0) / 1000 / driven,
    clientCores: (clientCpu1 - clientCpu0) / 1000 / driven,
  };
}

async function echoLoad(url: string, sessions: number, active: number, seconds: number, warmup: number): Promise<PhaseResult> {
  const latency = histogram();
  let answered = 0;
  let measuring = false;
  const sockets = await connectAll(sessions, async () => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), { perMessageDeflate: false });
    socket.on('message', (data: Buffer) => {
      if (!measuring) return;
      const sentAt = data.readDoubleLE(0);
      latency.recordValue(Math.max(1, Math.round((performance.now() - sentAt) * 1000)));
      answered++;
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return socket;
  });
  // A message the size of a param event: the send time, then padding.
  const echo = (i: number): void => {
    const frame = Buffer.alloc(48);
    frame.writeDoubleLE(performance.now(), 0);
    sockets[i]!.send(frame);
  };
  const hands = scrubbers(active);
  await drive(hands, warmup, echo);
  await sleep(500);
  measuring = true;
  const started = performance.now();
  const events = await drive(hands, seconds, echo);
  await sleep(500);
  const elapsed = (performance.now() - started) / 1000;
  for (const s of sockets) s.close();
  return { latency, events, answered, renders: 0, seconds: elapsed };
}

// ---------------------------------------------------------------- server-side figures

interface ServerFigures {
  readonly cycles: number;
  readonly params: number;
  readonly hits: number;
  readonly misses: number;
  /** Renders the adaptive limiter shed (each retried by its session). */
  readonly shed: number;
  /** Cumulative bucket counts by upper bound (seconds). */
  readonly editToRender: Map<number, number>;
}

async function serverFigures(url: string): Promise<ServerFigures> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string, labels = ''): number => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };
  const editToRender = new Map<number, number>();
  for (const line of text.split('\n')) {
    const m = /^codelive_live_edit_to_render_seconds_bucket\{le="([^"]+)"\} (\d+)/.exec(line);
    if (m) editToRender.set(m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2]));
  }
  return {
    cycles: value('codelive_live_render_cycles_total'),
    params: value('codelive_live_messages_total', '{type="param"}'),
    hits: value('codelive_live_predictions_total', '{outcome="hit"}'),
    misses: value('codelive_live_predictions_total', '{outcome="miss"}'),
    shed: value('codelive_live_errors_total', '{code="overloaded"}'),
    editToRender,
  };
}

/** What happened between two readings of the server's figures. */
function since(before: ServerFigures, after: ServerFigures): ServerFigures {
  const editToRender = new Map([...after.editToRender].map(([le, n]) => [le, n - (before.editToRender.get(le) ?? 0)]));
  return {
    cycles: after.cycles - before.cycles,
    params: after.params - before.params,
    hits: after.hits - before.hits,
    misses: after.misses - before.misses,
    shed: after.shed - before.shed,
    editToRender,
  };
}

/** Upper bucket bound of quantile `q` from cumulative Prometheus buckets, in ms. */
function bucketQuantile(buckets: Map<number, number>, q: number): string {
  const total = buckets.get(Infinity) ?? 0;
  if (total === 0) return '-';
  for (const [le, count] of [...buckets].sort((a, b) => a[0] - b[0])) {
    if (count >= q * total) return le === Infinity ? '>10000' : `<=${le * 1000}`;
  }
  return '-';
}

// ---------------------------------------------------------------- report

const ms = (h: hdr.Histogram, q: number): string => (h.getValueAtPercentile(q) / 1000).toFixed(1);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sessions: { type: 'string', default: '1000' },
      active: { type: 'string', default: '100' },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '5' },
    },
  });
  const sessions = Number(values.sessions);
  const active = Math.min(sessions, Number(values.active));
  const seconds = Number(values.seconds);
  const warmup = Number(values.warmup);
  console.log(
    `bench:live — ${sessions} sessions, ${active} scrubbing at ${EVENTS_PER_SECOND} events/s in bursts, ${warmup} s warm-up + ${seconds} s measured, targets ${TARGETS.join('+')}`,
  );

  const codelive = await startChild({ kind: 'codelive', sessions });
  const live = await liveLoad(codelive.url, sessions, active, seconds, warmup, codelive);
  const figures = since(live.figuresBefore, await serverFigures(codelive.url));
  await stopChild(codelive);

  const echoServer = await startChild({ kind: 'echo' });
  const echo = await echoLoad(echoServer.url, sessions, active, seconds, warmup);
  await stopChild(echoServer);

  const liveRate = live.answered / live.seconds;
  const echoRate = echo.answered / echo.seconds;
  const predicted = figures.hits + figures.misses;
  const rows: [string, string][] = [
    ['events sent (live / echo)', `${live.events} / ${echo.events}`],
    ['edit→render p50/p95/p99 ms (client)', `${ms(live.latency, 50)} / ${ms(live.latency, 95)} / ${ms(live.latency, 99)}`],
    ['edit→render p50/p95/p99 ms (server, bucket bound)', [0.5, 0.95, 0.99].map((q) => bucketQuantile(figures.editToRender, q)).join(' / ')],
    ['echo round trip p50/p95/p99 ms', `${ms(echo.latency, 50)} / ${ms(echo.latency, 95)} / ${ms(echo.latency, 99)}`],
    ['render cycles per param event (server)', (figures.cycles / Math.max(1, figures.params)).toFixed(3)],
    ['render frames per event (client)', (live.renders / Math.max(1, live.events)).toFixed(3)],
    ['renders shed by the limiter (retried)', String(figures.shed)],
    ['prediction hit rate', predicted === 0 ? '-' : `${((100 * figures.hits) / predicted).toFixed(1)} % of ${predicted}`],
    ['server heap per session', `${(live.perSessionBytes / 1024).toFixed(1)} KiB`],
    ['CPU while measuring: server / load generator', `${live.serverCores.toFixed(2)} / ${live.clientCores.toFixed(2)} cores`],
    ['events rendered/s (live) vs echoed/s', `${liveRate.toFixed(0)} vs ${echoRate.toFixed(0)} = ${(liveRate / echoRate).toFixed(3)}`],
    ['events never rendered (live)', `${live.events - live.answered}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

if (!process.send) await main();
