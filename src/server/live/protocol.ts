// The messages of the live protocol (docs/live.md) and their validation. Frames arrive as
// untrusted maps; parseClientMessage() turns one into a typed message or says what is wrong,
// so a bad frame costs the client an error frame and never the session.

import type { Diagnostic } from '../../diagnostics.js';
import { isTargetName } from '../../targets/registry.js';
import type { Reason, SqlDialect, TargetName } from '../../targets/target.js';
import type { RawParamValues } from '../pool/protocol.js';
import type { CacheOutcome } from '../metrics.js';
import type { TargetStatus, TargetTimings } from '../renderer.js';
import type { Problem } from '../problem.js';

export const SUBPROTOCOL_MSGPACK = 'codelive.msgpack.v1';
export const SUBPROTOCOL_JSON = 'codelive.json.v1';

/** The render flags a live client may set; `entry` as on /v1/render. */
export interface LiveFlags {
  readonly parallel?: boolean;
  readonly params?: 'runtime' | 'baked';
  readonly mode?: 'function' | 'program';
  readonly entry?: string;
  readonly dialect?: SqlDialect;
}

export interface SourceDelta {
  readonly from: number;
  readonly to: number;
  readonly insert: string;
}

export type ClientMessage =
  | {
      readonly t: 'hello';
      readonly session?: string;
      readonly source?: string;
      readonly params?: RawParamValues;
      readonly flags?: LiveFlags;
      readonly targets?: readonly TargetName[];
    }
  | { readonly t: 'edit'; readonly seq: number; readonly source?: string; readonly delta?: SourceDelta }
  | { readonly t: 'param'; readonly seq: number; readonly name: string; readonly value: number | boolean | string }
  | { readonly t: 'flags'; readonly seq: number; readonly flags: LiveFlags }
  | { readonly t: 'subscribe'; readonly seq: number; readonly targets: readonly TargetName[] }
  | { readonly t: 'ping'; readonly id: number | string };

export type ChangeMessage = Extract<ClientMessage, { seq: number }>;

export interface LiveLimits {
  readonly maxSourceBytes: number;
  readonly messagesPerSecond: number;
  readonly burst: number;
  readonly coalesceMs: number;
  readonly resumeGraceMs: number;
  readonly idleTimeoutMs: number;
}

export interface TargetStats {
  readonly p50: number;
  readonly p95: number;
  readonly renders: number;
  readonly errors: number;
  readonly degraded: number;
}

export type ServerMessage =
  | { readonly t: 'welcome'; readonly session: string; readonly resumed: boolean; readonly seq: number; readonly limits: LiveLimits }
  | {
      readonly t: 'render';
      readonly seq: number;
      readonly target: TargetName;
      readonly status: TargetStatus;
      readonly code: string | null;
      readonly degraded: boolean;
      readonly reasons: readonly Reason[];
      readonly diagnostics: readonly Diagnostic[];
      readonly timings: TargetTimings;
      readonly cache: CacheOutcome;
      readonly problem: Problem | null;
    }
  | { readonly t: 'diagnostics'; readonly seq: number; readonly diagnostics: readonly Diagnostic[] }
  /** Change `seq` left every output as it was: what the client holds is that state's. */
  | { readonly t: 'current'; readonly seq: number }
  | {
      readonly t: 'stats';
      readonly targets: Readonly<Partial<Record<TargetName, TargetStats>>>;
      readonly cacheHitRate: number;
      readonly rendersPerSecond: number;
      readonly dropped: number;
    }
  | { readonly t: 'pong'; readonly id: number | string }
  | { readonly t: 'error'; readonly code: ErrorCode; readonly message: string; readonly seq?: number };

export type ErrorCode =
  | 'bad-frame'
  | 'bad-message'
  | 'no-session'
  | 'unknown-session'
  | 'stale-seq'
  | 'source-too-large'
  | 'rate-limited'
  | 'overloaded'
  | 'too-many-sessions'
  | 'internal';

export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly seq?: number,
  ) {
    super(message);
  }
}

type Fields = Readonly<Record<string, unknown>>;

const bad = (message: string, seq?: number): ProtocolError => new ProtocolError('bad-message', message, seq);

/** A decoded frame as a typed message; throws ProtocolError('bad-message') when it is not one. */
export function parseClientMessage(frame: unknown): ClientMessage {
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) throw bad('a frame must be a map with a type field `t`');
  const m = frame as Fields;
  switch (m.t) {
    case 'hello':
      return {
        t: 'hello',
        ...optional('session', m.session, isSessionId, 'a session id string'),
        ...optional('source', m.source, isString, 'a string'),
        ...optional('params', m.params, isParamValues, 'a map of param names to numbers, booleans or strings'),
        ...(m.flags === undefined ? {} : { flags: parseFlags(m.flags) }),
        ...(m.targets === undefined ? {} : { targets: parseTargets(m.targets) }),
      };
    case 'edit': {
      const seq = parseSeq(m.seq);
      const hasSource = typeof m.source === 'string';
      if (hasSource === (m.delta !== undefined)) throw bad('`edit` carries either `source` or `delta`', seq);
      return hasSource ? { t: 'edit', seq, source: m.source as string } : { t: 'edit', seq, delta: parseDelta(m.delta, seq) };
    }
    case 'param': {
      const seq = parseSeq(m.seq);
      if (typeof m.name !== 'string' || m.name === '') throw bad('`param` needs a `name`', seq);
      if (!isScalar(m.value)) throw bad('`value` must be a finite number, a boolean or a string', seq);
      return { t: 'param', seq, name: m.name, value: m.value };
    }
    case 'flags': {
      const seq = parseSeq(m.seq);
      return { t: 'flags', seq, flags: parseFlags(m.flags, seq) };
    }
    case 'subscribe': {
      const seq = parseSeq(m.seq);
      return { t: 'subscribe', seq, targets: parseTargets(m.targets, seq) };
    }
    case 'ping':
      if (typeof m.id !== 'string' && !(typeof m.id === 'number' && Number.isFinite(m.id))) throw bad('`ping` needs an `id`');
      return { t: 'ping', id: m.id };
    default:
      throw bad(`unknown message type ${JSON.stringify(m.t)}`);
  }
}

function optional<K extends string, T>(key: K, value: unknown, is: (v: unknown) => v is T, what: string): Partial<Record<K, T>> {
  if (value === undefined) return {};
  if (!is(value)) throw bad(`\`${key}\` must be ${what}`);
  return { [key]: value } as Partial<Record<K, T>>;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isSessionId = (v: unknown): v is string => typeof v === 'string' && /^[\w-]{1,64}$/.test(v);
const isScalar = (v: unknown): v is number | boolean | string =>
  typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

function isParamValues(v: unknown): v is RawParamValues {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isScalar);
}

function parseSeq(v: unknown): number {
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw bad('`seq` must be a non-negative integer');
  return v as number;
}

function parseTargets(v: unknown, seq?: number): TargetName[] {
  if (!Array.isArray(v) || !v.every((t): t is TargetName => typeof t === 'string' && isTargetName(t))) {
    throw bad('`targets` must be a list of target names (GET /v1/targets)', seq);
  }
  return [...new Set(v)];
}

const FLAG_VALUES: Readonly<Record<string, (v: unknown) => boolean>> = {
  parallel: (v) => typeof v === 'boolean',
  params: (v) => v === 'runtime' || v === 'baked',
  mode: (v) => v === 'function' || v === 'program',
  entry: (v) => typeof v === 'string' && /^[A-Za-z_]\w{0,127}$/.test(v),
  dialect: (v) => v === 'sqlite' || v === 'postgres' || v === 'duckdb',
};

function parseFlags(v: unknown, seq?: number): LiveFlags {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('`flags` must be a map', seq);
  for (const [key, value] of Object.entries(v)) {
    const valid = FLAG_VALUES[key];
    if (!valid) throw bad(`unknown flag \`${key}\``, seq);
    if (!valid(value)) throw bad(`bad value for flag \`${key}\``, seq);
  }
  return v as LiveFlags;
}

function parseDelta(v: unknown, seq: number): SourceDelta {
  const d = v as Partial<Record<keyof SourceDelta, unknown>> | null;
  if (
    typeof d !== 'object' ||
    d === null ||
    !Number.isSafeInteger(d.from) ||
    !Number.isSafeInteger(d.to) ||
    typeof d.insert !== 'string' ||
    (d.from as number) < 0 ||
    (d.to as number) < (d.from as number)
  ) {
    throw bad('`delta` must be {from, to, insert} with 0 <= from <= to', seq);
  }
  return { from: d.from as number, to: d.to as number, insert: d.insert };
}
