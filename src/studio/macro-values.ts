// Macros: one knob that drives several params at once, each over its own sub-range (a filter
// sweep that opens the threshold while it lowers the gain). Knob position t ∈ [0, 1] sets each
// bound param to from + t · (to − from), snapped to that param's step and range.

import { snap, type ParamSpec } from './params.js';
import type { ParamValue } from './protocol.js';
import type { Macro } from './state.js';

export function macroValues(macro: Macro, specs: readonly ParamSpec[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const b of macro.bindings) {
    const spec = specs.find((s) => s.name === b.param);
    if (!spec) continue;
    if (spec.type === 'bool') out[b.param] = b.from + macro.value * (b.to - b.from) >= 0.5;
    else out[b.param] = snap(spec, b.from + macro.value * (b.to - b.from));
  }
  return out;
}
