// Every tunable of the render server, with its environment variable, command-line flag and
// default in one table: docs/operations.md documents the same table, and nothing in the server
// hard-codes a number that belongs here.

import { availableParallelism } from 'node:os';
import type { Limits } from '../lang/limits.js';

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Worker threads rendering off the event loop. */
  readonly workers: number;
  /** Renders waiting for a worker; more are shed with 429. */
  readonly maxQueue: number;
  /** Time one target's render may run in a worker before the worker is terminated. */
  readonly renderTimeoutMs: number;
  /** Time a render may wait for a worker before it is shed. */
  readonly queueTimeoutMs: number;
  readonly cacheMaxBytes: number;
  readonly cacheTtlMs: number;
  readonly maxBatchItems: number;
  readonly bodyLimitBytes: number;
  /** Whole-request receive deadline: slow clients are cut off with 408. */
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  /** Graceful shutdown: in-flight requests get this long to finish. */
  readonly shutdownTimeoutMs: number;
  /** Requests per client per window; 0 turns per-client rate limiting off. */
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  readonly limiterInitial: number;
  readonly limiterMin: number;
  readonly limiterMax: number;
  /** How far short-term latency may rise above the long-term baseline before the limit is cut. */
  readonly limiterTolerance: number;
  readonly breakerThreshold: number;
  readonly breakerWindowMs: number;
  readonly breakerMinCalls: number;
  readonly breakerCooldownMs: number;
  /** Allowed CORS origins; empty = CORS off. `*` allows every origin. */
  readonly corsOrigins: readonly string[];
  /**
   * Proxies whose X-Forwarded-For is believed (addresses or CIDRs; `*` = any). Empty: the client
   * is the peer address, which behind a proxy makes every user one client for rate limiting.
   */
  readonly trustProxy: readonly string[];
  /** Test builds only: accept the `faults` request field (hang / fail / crash / delay a target). */
  readonly testFaults: boolean;
  /** Live protocol (docs/live.md): changes within this window are rendered together. */
  readonly liveCoalesceMs: number;
  /** A disconnected live session can be resumed for this long. */
  readonly liveResumeGraceMs: number;
  /** A live session with no message for this long is closed. */
  readonly liveIdleTimeoutMs: number;
  /** Messages per second per live connection (bursts of twice as many); more get `rate-limited`. */
  readonly liveMessageRate: number;
  /** Unsent bytes on a live connection above which superseded renders are dropped. */
  readonly liveHighWaterBytes: number;
  readonly liveMaxSessions: number;
  /** Pre-render neighbouring values of a scrubbed param when there is spare capacity. */
  readonly livePrediction: boolean;
  readonly liveStatsIntervalMs: number;
  /** Overrides of the language limits (src/lang/limits.ts). */
  readonly languageLimits: Partial<Limits>;
}

type Parser<T> = (raw: string, name: string) => T;

interface Option<K extends keyof ServerConfig> {
  readonly key: K;
  readonly env: string;
  readonly flag: string;
  readonly parse: Parser<ServerConfig[K]>;
  readonly describe: string;
}

const cores = Math.max(1, availableParallelism());

/** Enough permits to keep every worker fed while results hop back, and room to grow. */
function limiterDefaults(workers: number): Pick<ServerConfig, 'limiterInitial' | 'limiterMin' | 'limiterMax'> {
  return { limiterInitial: workers * 8, limiterMin: workers * 2, limiterMax: workers * 64 };
}

export const DEFAULT_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  port: 4000,
  logLevel: 'info',
  workers: cores,
  maxQueue: 256,
  renderTimeoutMs: 2000,
  queueTimeoutMs: 2000,
  cacheMaxBytes: 64 * 1024 * 1024,
  cacheTtlMs: 60_000,
  maxBatchItems: 15,
  bodyLimitBytes: 1024 * 1024,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  shutdownTimeoutMs: 10_000,
  rateLimitMax: 3000,
  rateLimitWindowMs: 60_000,
  ...limiterDefaults(cores),
  limiterTolerance: 2,
  breakerThreshold: 0.5,
  breakerWindowMs: 10_000,
  breakerMinCalls: 5,
  breakerCooldownMs: 5_000,
  corsOrigins: [],
  trustProxy: [],
  testFaults: false,
  liveCoalesceMs: 25,
  liveResumeGraceMs: 30_000,
  liveIdleTimeoutMs: 600_000,
  liveMessageRate: 200,
  liveHighWaterBytes: 1024 * 1024,
  liveMaxSessions: 10_000,
  livePrediction: true,
  liveStatsIntervalMs: 1000,
  languageLimits: {},
};

const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Parser<number> =>
  (raw, name) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer in ${min}..${max}; got "${raw}"`);
    return n;
  };

const ratio =
  (min: number, max: number): Parser<number> =>
  (raw, name) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= min || n >= max) throw new ConfigError(`${name} must be a number in (${min}, ${max}); got "${raw}"`);
    return n;
  };

const bool: Parser<boolean> = (raw, name) => {
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false; got "${raw}"`);
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const logLevel: Parser<ServerConfig['logLevel']> = (raw, name) => {
  const level = LOG_LEVELS.find((l) => l === raw);
  if (!level) throw new ConfigError(`${name} must be one of ${LOG_LEVELS.join(', ')}; got "${raw}"`);
  return level;
};

const list: Parser<readonly string[]> = (raw) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

const text: Parser<string> = (raw) => raw;

function option<K extends keyof ServerConfig>(
  key: K,
  env: string,
  parse: Parser<ServerConfig[K]>,
  describe: string,
): Option<K> {
  return { key, env: `CODELIVE_${env}`, flag: `--${env.toLowerCase().replaceAll('_', '-')}`, parse, describe };
}

/** The documented options, in the order docs/operations.md lists them. */
export const CONFIG_OPTIONS = [
  option('host', 'HOST', text, 'Interface to listen on (0.0.0.0 in containers).'),
  option('port', 'PORT', int(0, 65535), 'TCP port; 0 picks a free one.'),
  option('logLevel', 'LOG_LEVEL', logLevel, 'pino log level.'),
  option('workers', 'WORKERS', int(1, 256), 'Render worker threads (default: available cores).'),
  option('maxQueue', 'MAX_QUEUE', int(0), 'Renders that may wait for a worker; beyond it renders are shed.'),
  option('renderTimeoutMs', 'RENDER_TIMEOUT_MS', int(1), 'Run-time limit of one target render; the worker is terminated.'),
  option('queueTimeoutMs', 'QUEUE_TIMEOUT_MS', int(1), 'Longest wait for a worker before a render is shed.'),
  option('cacheMaxBytes', 'CACHE_MAX_BYTES', int(0), 'Size bound of the in-process render cache (0 disables it).'),
  option('cacheTtlMs', 'CACHE_TTL_MS', int(1), 'Time to live of a cached render.'),
  option('maxBatchItems', 'MAX_BATCH_ITEMS', int(1, 1000), 'Items allowed in one POST /v1/render/batch.'),
  option('bodyLimitBytes', 'BODY_LIMIT_BYTES', int(1024), 'Largest request body.'),
  option('requestTimeoutMs', 'REQUEST_TIMEOUT_MS', int(0), 'Deadline for receiving a whole request (slow clients get 408).'),
  option('keepAliveTimeoutMs', 'KEEP_ALIVE_TIMEOUT_MS', int(0), 'Idle keep-alive connection timeout.'),
  option('shutdownTimeoutMs', 'SHUTDOWN_TIMEOUT_MS', int(0), 'Drain time for in-flight requests on shutdown.'),
  option('rateLimitMax', 'RATE_LIMIT_MAX', int(0), 'Requests per client per window (0 = off).'),
  option('rateLimitWindowMs', 'RATE_LIMIT_WINDOW_MS', int(1), 'Rate-limit window.'),
  option('limiterInitial', 'LIMITER_INITIAL', int(1), 'Initial adaptive concurrency limit (default: 8 x cores).'),
  option('limiterMin', 'LIMITER_MIN', int(1), 'Lowest concurrency limit (default: 2 x workers, so hops never idle a worker).'),
  option('limiterMax', 'LIMITER_MAX', int(1), 'Highest concurrency limit (default: 64 x cores).'),
  option('limiterTolerance', 'LIMITER_TOLERANCE', ratio(1, 100), 'Latency rise over the baseline tolerated before the limit is cut.'),
  option('breakerThreshold', 'BREAKER_THRESHOLD', ratio(0, 1), 'Failure ratio of a target within the window that opens its breaker.'),
  option('breakerWindowMs', 'BREAKER_WINDOW_MS', int(1000), 'Sliding window in which a target\'s failures are counted.'),
  option('breakerMinCalls', 'BREAKER_MIN_CALLS', int(1), 'Renders of a target within the window before its breaker may open.'),
  option('breakerCooldownMs', 'BREAKER_COOLDOWN_MS', int(1), 'Time an open breaker waits before letting one trial render through.'),
  option('corsOrigins', 'CORS_ORIGINS', list, 'Comma-separated allowed origins; empty = CORS off; * = any.'),
  option('trustProxy', 'TRUST_PROXY', list, 'Comma-separated proxy addresses/CIDRs whose X-Forwarded-For names the client; * = any.'),
  option('testFaults', 'TEST_FAULTS', bool, 'Test builds only: accept the `faults` request field. Never enable in production.'),
  option('liveCoalesceMs', 'LIVE_COALESCE_MS', int(0, 10_000), 'Live: changes within this window are merged into one render.'),
  option('liveResumeGraceMs', 'LIVE_RESUME_GRACE_MS', int(0), 'Live: how long a disconnected session can be resumed.'),
  option('liveIdleTimeoutMs', 'LIVE_IDLE_TIMEOUT_MS', int(1), 'Live: a session without messages for this long is closed.'),
  option('liveMessageRate', 'LIVE_MESSAGE_RATE', int(1), 'Live: messages per second per connection (bursts of twice that).'),
  option('liveHighWaterBytes', 'LIVE_HIGH_WATER_BYTES', int(0), 'Live: unsent bytes above which superseded renders are dropped.'),
  option('liveMaxSessions', 'LIVE_MAX_SESSIONS', int(1), 'Live: sessions held at once (attached or awaiting resume).'),
  option('livePrediction', 'LIVE_PREDICTION', bool, 'Live: pre-render neighbouring values of a scrubbed param.'),
  option('liveStatsIntervalMs', 'LIVE_STATS_INTERVAL_MS', int(50), 'Live: interval of the stats frame and of session housekeeping.'),
] as const;

export class ConfigError extends Error {}

export interface ConfigSources {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Command-line flags, e.g. ['--port', '4100', '--workers=2']. */
  readonly argv?: readonly string[];
  /** Programmatic overrides; they win over flags, which win over the environment. */
  readonly overrides?: Partial<ServerConfig>;
}

export function loadConfig({ env = {}, argv = [], overrides = {} }: ConfigSources = {}): ServerConfig {
  const flags = parseFlags(argv);
  const given: Record<string, unknown> = {};
  for (const opt of CONFIG_OPTIONS) {
    const fromEnv = env[opt.env];
    if (fromEnv !== undefined) given[opt.key] = opt.parse(fromEnv, opt.env);
    const fromFlag = flags.get(opt.flag);
    if (fromFlag !== undefined) given[opt.key] = opt.parse(fromFlag, opt.flag);
  }
  const chosen = { ...given, ...overrides } as Partial<ServerConfig>;
  // The limiter's defaults follow the worker count actually chosen.
  const workers = chosen.workers ?? DEFAULT_CONFIG.workers;
  return checkConsistency({ ...DEFAULT_CONFIG, ...limiterDefaults(workers), ...chosen });
}

function checkConsistency(config: ServerConfig): ServerConfig {
  if (!(config.limiterMin <= config.limiterInitial && config.limiterInitial <= config.limiterMax)) {
    throw new ConfigError(
      `the limiter needs min <= initial <= max; got ${config.limiterMin}, ${config.limiterInitial}, ${config.limiterMax}`,
    );
  }
  return config;
}

function parseFlags(argv: readonly string[]): Map<string, string> {
  const known = new Set<string>(CONFIG_OPTIONS.map((o) => o.flag));
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    if (!known.has(flag)) throw new ConfigError(`unknown option ${flag}`);
    if (eq !== -1) {
      out.set(flag, arg.slice(eq + 1));
    } else {
      const value = argv[i + 1];
      if (value === undefined) throw new ConfigError(`${flag} needs a value`);
      out.set(flag, value);
      i++;
    }
  }
  return out;
}
