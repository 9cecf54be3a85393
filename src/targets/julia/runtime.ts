// The few helpers a Julia render may need, where Base's behaviour differs from the kernel
// language (docs/language.md): emitted once per file, only when used, in name order. Each is
// fixed Julia source; the tests parse every one of them.

import type { HelperName } from './names.js';

interface Helper {
  /** Helpers this one calls. */
  readonly uses: readonly HelperName[];
  readonly source: string;
}

type RuntimeHelper = Extract<
  HelperName,
  | 'chunk_ranges'
  | 'extend_share'
  | 'float_key_less'
  | 'greater'
  | 'lesser'
  | 'log_or_nan'
  | 'merge_shares'
  | 'pow'
  | 'saturating_int64'
  | 'sqrt_or_nan'
  | 'wrapping_div'
>;

const HELPERS: Readonly<Record<RuntimeHelper, Helper>> = {
  chunk_ranges: {
    uses: [],
    source: `# Contiguous index ranges covering 1:n, one per thread (none when n == 0).
chunk_ranges(n::Integer) = Iterators.partition(1:n, max(1, cld(n, Threads.nthreads())))`,
  },
  extend_share: {
    uses: [],
    source: `# One chunk's share of a parallel min or max: its first value, and the first of its values
# that is better (better is < or >) than every earlier one, NaN skipped. See merge_shares.
extend_share(::Nothing, x, better) = (x, x)
extend_share(share::Tuple, x, better) = (share[1], isnan(share[2]) || better(x, share[2]) ? x : share[2])`,
  },
  float_key_less: {
    uses: [],
    source: `# Sort order of f64 keys: numeric, -0.0 tied with 0.0, NaN after every number (isless puts
# -0.0 first, so it cannot be used directly).
float_key_less(a::Float64, b::Float64) = a < b || (isnan(b) && !isnan(a))`,
  },
  greater: {
    uses: [],
    source: `# The kernel language's max: b only if it is greater, so a NaN or the zero already in a stays
# (Base.max propagates NaN and prefers 0.0 to -0.0).
greater(a, b) = b > a ? b : a`,
  },
  lesser: {
    uses: [],
    source: `# The kernel language's min: b only if it is smaller, so a NaN or the zero already in a stays
# (Base.min propagates NaN and prefers -0.0 to 0.0).
lesser(a, b) = b < a ? b : a`,
  },
  log_or_nan: {
    uses: [],
    source: `# IEEE log: NaN below zero, where Base.log throws a DomainError.
log_or_nan(x::Float64) = x < 0.0 ? NaN : log(x)`,
  },
  merge_shares: {
    uses: [],
    source: `# The min or max of all chunks' shares (see extend_share), exactly as a left fold over every
# element would find it: a leading NaN is kept, a later NaN never wins, ties keep the earliest.
function merge_shares(shares, better, what::String)
    found = [share for share in shares if share !== nothing]
    isempty(found) && throw(ArgumentError(what * " of an empty array"))
    isnan(found[1][1]) && return found[1][1]
    best = found[1][2]
    for share in found
        if isnan(best) || better(share[2], best)
            best = share[2]
        end
    end
    return best
end`,
  },
  pow: {
    uses: [],
    source: `# C's pow: a negative base with a finite non-integer exponent gives NaN (or, for -Inf, what
# C gives), where Julia's ^ throws a DomainError.
function pow(x::Float64, y::Float64)::Float64
    if x < 0.0 && isfinite(y) && !isinteger(y)
        return x == -Inf ? (y > 0.0 ? Inf : 0.0) : NaN
    end
    return x^y
end`,
  },
  saturating_int64: {
    uses: [],
    source: `# i64(x): truncates toward zero, NaN to 0, out of range to the nearest bound (Base.trunc
# throws an InexactError instead).
function saturating_int64(x::Float64)::Int64
    isnan(x) && return 0
    x >= 2.0^63 && return typemax(Int64)
    x < -2.0^63 && return typemin(Int64)
    return trunc(Int64, x)
end`,
  },
  sqrt_or_nan: {
    uses: [],
    source: `# IEEE sqrt: NaN below zero, where Base.sqrt throws a DomainError.
sqrt_or_nan(x::Float64) = x < 0.0 ? NaN : sqrt(x)`,
  },
  wrapping_div: {
    uses: [],
    source: `# Integer division truncating toward zero, with typemin(Int64) ÷ -1 wrapping to typemin(Int64)
# (div throws a DivideError for it, as it does for a zero divisor).
wrapping_div(a::Int64, b::Int64) = b == -1 ? -a : div(a, b)`,
  },
};

export function isRuntimeHelper(name: HelperName): name is RuntimeHelper {
  return Object.hasOwn(HELPERS, name);
}

/** The source of the used helpers and those they need, in name order. */
export function runtimeSources(used: ReadonlySet<HelperName>): string[] {
  const all = new Set<RuntimeHelper>();
  const add = (name: RuntimeHelper): void => {
    if (all.has(name)) return;
    all.add(name);
    for (const dep of HELPERS[name].uses) if (isRuntimeHelper(dep)) add(dep);
  };
  for (const name of used) if (isRuntimeHelper(name)) add(name);
  return [...all].sort().map((name) => HELPERS[name].source);
}
