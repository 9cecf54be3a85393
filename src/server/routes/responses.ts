// Turning render outcomes into HTTP answers: the body, the status, Retry-After and Server-Timing.

import type { Diagnostic } from '../../diagnostics.js';
import { problem, type Problem } from '../problem.js';
import type { RenderOutcome, TargetOutcome, TargetStatus } from '../renderer.js';

export interface TargetResultBody {
  readonly target: string;
  readonly status: TargetStatus;
  readonly code: string;
  readonly degraded: boolean;
  readonly reasons: readonly unknown[];
  readonly diagnostics: readonly Diagnostic[];
  readonly cache: string;
  readonly timings: TargetOutcome['timings'];
  readonly problem?: Problem;
}

export type RenderResponseBody = {
  readonly irKey: string | null;
  readonly degraded: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly renders: Readonly<Record<string, TargetResultBody>>;
};

export type HttpAnswer =
  | { readonly ok: true; readonly status: 200; readonly body: RenderResponseBody; readonly degraded: boolean }
  | { readonly ok: false; readonly status: number; readonly problem: Problem; readonly retryAfterSeconds?: number };

/** When every target failed, the answer is the most severe failure (first in this list). */
const SEVERITY: readonly TargetStatus[] = ['error', 'timeout', 'unavailable', 'overloaded', 'cancelled'];

export function toHttpAnswer(outcome: RenderOutcome): HttpAnswer {
  if (outcome.kind === 'invalid') {
    const errors = outcome.diagnostics.filter((d) => d.severity === 'error').length;
    const detail = `The source has ${errors} error${errors === 1 ? '' : 's'}; see \`diagnostics\`.`;
    return { ok: false, status: 422, problem: problem('source-invalid', detail, { diagnostics: outcome.diagnostics }) };
  }
  const failed = outcome.targets.filter((t) => t.problem !== null);
  if (failed.length > 0 && failed.length === outcome.targets.length) return allFailed(failed);
  const renders: Record<string, TargetResultBody> = {};
  let degraded = false;
  for (const t of outcome.targets) {
    renders[t.target] = targetBody(t);
    degraded ||= t.output?.degraded === true;
  }
  return { ok: true, status: 200, body: { irKey: outcome.irKey, degraded, diagnostics: outcome.diagnostics, renders }, degraded };
}

function allFailed(failed: readonly TargetOutcome[]): HttpAnswer {
  const worst = [...failed].sort((a, b) => SEVERITY.indexOf(a.status) - SEVERITY.indexOf(b.status))[0]!;
  const only = failed.length === 1;
  const main = worst.problem!;
  const detail = only ? main.detail : `No requested target could be rendered: ${failed.map((f) => `${f.target} (${f.status})`).join(', ')}.`;
  const retryAfterMs = Math.max(...failed.map((f) => f.retryAfterMs));
  const targets = Object.fromEntries(failed.map((f) => [f.target, f.problem]));
  return {
    ok: false,
    status: main.status,
    problem: { ...main, detail, targets },
    ...(retryAfterMs > 0 ? { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) } : {}),
  };
}

function targetBody(t: TargetOutcome): TargetResultBody {
  const base = {
    target: t.target,
    status: t.status,
    code: t.output?.code ?? '',
    degraded: t.output?.degraded ?? false,
    reasons: t.output?.reasons ?? [],
    diagnostics: t.output?.diagnostics ?? [],
    cache: t.cache,
    timings: t.timings,
  };
  return t.problem ? { ...base, problem: t.problem } : base;
}

/** Server-Timing (W3C): cache outcome per target, the slowest queue and front-end times, emit per target. */
export function serverTiming(outcomes: readonly RenderOutcome[], totalMs: number): string {
  let cache = '';
  let queue = 0;
  let front = 0;
  let emits = '';
  for (const o of outcomes) {
    if (o.kind !== 'rendered') continue;
    for (const t of o.targets) {
      cache += cache === '' ? `${t.target}:${t.cache}` : ` ${t.target}:${t.cache}`;
      queue = Math.max(queue, t.timings.queue);
      front = Math.max(front, t.timings.front);
      if (outcomes.length === 1 && t.timings.emit > 0) emits += `, emit-${t.target};dur=${ms(t.timings.emit)}`;
    }
  }
  const total = `total;dur=${ms(totalMs)}`;
  return cache === '' ? total : `cache;desc="${cache}", queue;dur=${ms(queue)}, front;dur=${ms(front)}${emits}, ${total}`;
}

/** Milliseconds rounded to microseconds, for Server-Timing. */
export function ms(value: number): number {
  return Math.round(value * 1000) / 1000;
}
