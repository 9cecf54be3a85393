// Which param values to pre-render while a slider is scrubbed: the neighbours of the current
// value on the param's step grid, the direction of travel first, clamped to its declared range.

import type { ParamDecl } from '../../ir/ir.js';

/** Values ahead in the direction of travel, and behind it. */
const AHEAD = 2;
const BEHIND = 1;
/** Sliders without a declared step move in hundredths of their range (or of 1). */
const DEFAULT_STEPS_PER_RANGE = 100;

export type ParamValue = number | boolean | string;

/**
 * Neighbouring values of `value` for `decl`, nearest first within each direction, the
 * direction of travel (`direction` > 0: up) before the other. Empty for strings.
 */
export function neighbours(decl: ParamDecl, value: ParamValue, direction: number): ParamValue[] {
  if (typeof value === 'boolean') return [!value];
  if (typeof value !== 'number') return [];
  const min = toNumber(decl.min);
  const max = toNumber(decl.max);
  const integer = decl.type.kind === 'i64';
  const step = Math.abs(toNumber(decl.step) ?? (integer ? 1 : defaultStep(min, max)));
  if (step === 0) return [];
  const decimals = Math.min(12, Math.max(decimalsOf(step), decimalsOf(value)));
  const sign = direction < 0 ? -1 : 1;
  const offsets = [...range(1, AHEAD).map((k) => sign * k), ...range(1, BEHIND).map((k) => -sign * k)];
  const out: ParamValue[] = [];
  for (const k of offsets) {
    const v: number = integer ? Math.round(value + k * step) : Number((value + k * step).toFixed(decimals));
    if ((min !== null && v < min) || (max !== null && v > max) || v === value || out.includes(v)) continue;
    out.push(v);
  }
  return out;
}

function toNumber(v: ParamDecl['min']): number | null {
  if (v === null) return null;
  if (typeof v === 'bigint' || typeof v === 'number') return Number(v);
  return null;
}

function defaultStep(min: number | null, max: number | null): number {
  return min !== null && max !== null && max > min ? (max - min) / DEFAULT_STEPS_PER_RANGE : 1 / DEFAULT_STEPS_PER_RANGE;
}

function decimalsOf(x: number): number {
  const text = String(x);
  const e = text.indexOf('e-');
  if (e !== -1) return Number(text.slice(e + 2));
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}
