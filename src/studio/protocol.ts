// The shapes the studio exchanges with the render server (docs/api.md, docs/live.md). Type-only
// imports of the compiler's contracts keep the two sides from drifting apart.

import type { Diagnostic } from '../diagnostics.js';
import type { Reason, SqlDialect, TargetInfo } from '../targets/target.js';

export type { Diagnostic, Reason, SqlDialect, TargetInfo };

export interface StudioFlags {
  readonly parallel: boolean;
  readonly params: 'runtime' | 'baked';
  readonly mode: 'function' | 'program';
  readonly dialect: SqlDialect;
}

export const DEFAULT_STUDIO_FLAGS: StudioFlags = { parallel: false, params: 'runtime', mode: 'function', dialect: 'postgres' };

export type ParamValue = number | boolean;

/** One target's render as the panes show it; `status` is 'ok' unless the server said otherwise. */
export interface TargetRender {
  readonly target: string;
  readonly status: string;
  readonly code: string;
  readonly degraded: boolean;
  readonly reasons: readonly Reason[];
  readonly diagnostics: readonly Diagnostic[];
  readonly timings: { readonly total?: number; readonly [stage: string]: number | undefined };
  readonly cache?: string;
  readonly problem?: { readonly detail?: string; readonly title?: string };
}

/** The live session's `stats` message: the performance spectrum. */
export interface SpectrumStats {
  readonly targets: Readonly<Record<string, { p50: number; p95: number; errors: number; degraded: number }>>;
  readonly cacheHitRate: number;
  readonly rendersPerSecond: number;
}

/** Everything a render depends on, as the transports send it. */
export interface RenderState {
  readonly source: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly flags: StudioFlags;
  /** Program mode: the kernel the program runs (the preview's kernel); null = the server's default. */
  readonly entry: string | null;
  readonly targets: readonly string[];
}

/** What changed since the last push: the live protocol sends only that. */
export type Change =
  | { readonly kind: 'source' }
  | { readonly kind: 'params'; readonly names: readonly string[] }
  | { readonly kind: 'flags' }
  | { readonly kind: 'targets' };

export interface TransportEvents {
  render(render: TargetRender, seq: number): void;
  diagnostics(diagnostics: readonly Diagnostic[], seq: number): void;
  /** Change `seq` left every pane as it was (live only). */
  current(seq: number): void;
  stats(stats: SpectrumStats): void;
  status(text: string): void;
}

/** Change numbers shared by every transport of a page, so a switch never rewinds them. */
export class SeqCounter {
  private value = 0;
  next(): number {
    return ++this.value;
  }
  get current(): number {
    return this.value;
  }
}

export interface Transport {
  readonly kind: 'live' | 'http';
  /** Sends the change; returns the sequence number its renders will carry. */
  push(state: RenderState, change: Change): number;
  close(): void;
}

/** The flags as the server wants them: the SQL dialect only matters to SQL but is always valid. */
export function wireFlags({ flags, entry }: Pick<RenderState, 'flags' | 'entry'>): Record<string, unknown> {
  const wire = { parallel: flags.parallel, params: flags.params, mode: flags.mode, dialect: flags.dialect };
  return flags.mode === 'program' && entry !== null ? { ...wire, entry } : wire;
}
