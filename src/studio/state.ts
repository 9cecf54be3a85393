// The studio's whole state: what a share link carries and what a reload restores.

import { DEFAULT_STUDIO_FLAGS, type ParamValue, type StudioFlags } from './protocol.js';

/** One knob driving several params, each over its own sub-range. */
export interface Macro {
  readonly id: string;
  name: string;
  /** Knob position in [0, 1]. */
  value: number;
  bindings: MacroBinding[];
}

export interface MacroBinding {
  param: string;
  from: number;
  to: number;
}

export interface StudioState {
  source: string;
  params: Record<string, ParamValue>;
  flags: StudioFlags;
  macros: Macro[];
  /** The kernel the preview runs; null = the first one. */
  kernel: string | null;
}

export const DEFAULT_SOURCE = `# Code Live: edit the kernel, scrub the sliders, watch six languages follow.
param threshold: f64 = 0.5 in 0.0..1.0 step 0.01
param gain: f64 = 2.0 in 0.0..10.0 step 0.1

kernel score(xs: [f64]) -> f64 {
  xs.filter(x => x > threshold).map(x => x * gain).sum()
}

kernel shaped(xs: [f64]) -> [f64] {
  xs.map(x => if x > threshold { x * gain } else { x })
}
`;

export function defaultState(): StudioState {
  return { source: DEFAULT_SOURCE, params: {}, flags: { ...DEFAULT_STUDIO_FLAGS }, macros: [], kernel: null };
}
