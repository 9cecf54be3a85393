// The `param` declarations of a source, read synchronously with a line scanner: the sliders must
// follow the text at once (and survive errors elsewhere in the source), and the server must
// never receive a value for a param the current source does not declare.

export interface ParamSpec {
  readonly name: string;
  readonly type: 'i64' | 'f64' | 'bool';
  readonly default: number | boolean;
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?`;
const PARAM_LINE = new RegExp(
  String.raw`^\s*param\s+([A-Za-z_]\w*)\s*:\s*(i64|f64|bool)\s*=\s*(${NUMBER}|true|false)` +
    String.raw`(?:\s+in\s+(${NUMBER})\s*\.\.\s*(${NUMBER}))?(?:\s+step\s+(${NUMBER}))?`,
  'gm',
);

export function scanParams(source: string): ParamSpec[] {
  const out: ParamSpec[] = [];
  const seen = new Set<string>();
  for (const m of source.matchAll(PARAM_LINE)) {
    const [, name, type, literal, lo, hi, step] = m as unknown as [string, string, ParamSpec['type'], string, string?, string?, string?];
    if (seen.has(name)) continue;
    seen.add(name);
    if (type === 'bool') {
      out.push({ name, type, default: literal === 'true', min: 0, max: 1, step: 1 });
      continue;
    }
    const value = Number(literal);
    if (!Number.isFinite(value)) continue;
    const [min, max] = lo !== undefined && hi !== undefined ? [Number(lo), Number(hi)] : openRange(value);
    const fallbackStep = type === 'i64' ? 1 : niceStep(max - min);
    const parsedStep = step === undefined ? fallbackStep : Number(step);
    out.push({ name, type, default: value, min, max, step: parsedStep > 0 ? parsedStep : fallbackStep });
  }
  return out;
}

/** A param without a range still gets a slider: around its default, wide enough to play with. */
function openRange(value: number): [number, number] {
  const span = Math.max(1, Math.abs(value) * 2);
  return value >= 0 ? [0, value + span] : [value - span, 0];
}

function niceStep(width: number): number {
  return width > 0 ? 10 ** Math.floor(Math.log10(width / 100)) : 0.01;
}

/** Snaps `x` into [min, max] on the step grid (integers for i64), avoiding 0.30000000000000004. */
export function snap(spec: ParamSpec, x: number): number {
  const clamped = Math.min(spec.max, Math.max(spec.min, x));
  const steps = Math.round((clamped - spec.min) / spec.step);
  const decimals = Math.max(decimalsOf(spec.step), decimalsOf(spec.min));
  const value = Number((spec.min + steps * spec.step).toFixed(Math.min(12, decimals)));
  const inRange = Math.min(spec.max, Math.max(spec.min, value));
  return spec.type === 'i64' ? Math.round(inRange) : inRange;
}

function decimalsOf(x: number): number {
  const text = String(x);
  const exp = /e-(\d+)$/.exec(text);
  if (exp) return Number(exp[1]);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** The values to send: one per declared param, the studio's value when it fits, else the default. */
export function effectiveValues(specs: readonly ParamSpec[], values: Readonly<Record<string, number | boolean>>): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  for (const spec of specs) {
    const v = values[spec.name];
    if (spec.type === 'bool') out[spec.name] = typeof v === 'boolean' ? v : spec.default;
    else out[spec.name] = typeof v === 'number' ? snap(spec, v) : (spec.default as number);
  }
  return out;
}

const KERNEL_LINE = /^\s*kernel\s+([A-Za-z_]\w*)/gm;

/** The kernels the source declares, in order (for program mode's entry kernel). */
export function scanKernelNames(source: string): string[] {
  return [...source.matchAll(KERNEL_LINE)].map((m) => m[1]!);
}
