// Private members of `Kernels` that the emitted code calls where C# or LINQ alone would break a
// rule of docs/language.md. Only the ones a file uses are emitted (with the ones they use), in
// a fixed order: fields first, then methods by name.
//
// The file relies on C#'s default unchecked context for wrapping `+ - *` (a project must not
// turn on CheckForOverflowUnderflow); the helpers whose whole point is wrapping say
// `unchecked` explicitly.

import { hardline, indent, join, type Doc } from '../doc.js';

export type HelperName =
  | 'Abs'
  | 'AsCount'
  | 'CodePointOrder'
  | 'CodePointRank'
  | 'CompareCodePoints'
  | 'LongRange'
  | 'Max'
  | 'Min'
  | 'NaNLastOrder'
  | 'Quotient'
  | 'Remainder'
  | 'RoundHalfAwayFromZero'
  | 'Scan'
  | 'ToInt64Saturating';

interface HelperDef {
  /** Fields are emitted before the kernels, methods after them. */
  readonly kind: 'field' | 'method';
  readonly usings: readonly string[];
  readonly needs: readonly HelperName[];
  readonly doc: Doc;
}

/** A method or statement with a braced body: `header { body }`, each body entry on its own line. */
export function braced(header: Doc, body: readonly Doc[]): Doc {
  return [header, hardline, '{', indent([hardline, join(hardline, body)]), hardline, '}'];
}

function commented(comment: readonly string[], doc: Doc): Doc {
  return [join(hardline, comment.map((c) => `// ${c}`)), hardline, doc];
}

const HELPERS: Readonly<Record<HelperName, HelperDef>> = {
  CodePointOrder: {
    kind: 'field',
    usings: ['System.Collections.Generic'],
    needs: ['CompareCodePoints'],
    doc: 'private static readonly IComparer<string> CodePointOrder = Comparer<string>.Create(CompareCodePoints);',
  },
  NaNLastOrder: {
    kind: 'field',
    usings: ['System.Collections.Generic'],
    needs: [],
    doc: commented(
      ['f64 sort keys: numeric order, -0.0 ties 0.0, NaN after every number (CompareTo puts it first).'],
      [
        'private static readonly IComparer<double> NaNLastOrder = Comparer<double>.Create(',
        indent([hardline, '(a, b) => double.IsNaN(a) ? (double.IsNaN(b) ? 0 : 1) : double.IsNaN(b) ? -1 : a.CompareTo(b));']),
      ],
    ),
  },
  Abs: {
    kind: 'method',
    usings: [],
    needs: [],
    doc: commented(['Math.Abs(long.MinValue) throws; the kernel language wraps it to itself.'], 'private static long Abs(long x) => x < 0 ? unchecked(-x) : x;'),
  },
  AsCount: {
    kind: 'method',
    usings: [],
    needs: [],
    doc: commented(
      ['take/skip counts: negative counts as 0, and no array is longer than int.MaxValue.'],
      'private static int AsCount(long n) => n < 0 ? 0 : n > int.MaxValue ? int.MaxValue : (int)n;',
    ),
  },
  CompareCodePoints: {
    kind: 'method',
    usings: ['System'],
    needs: ['CodePointRank'],
    doc: commented(
      ['Ordinal by Unicode code point (string.CompareOrdinal compares UTF-16 code units).'],
      braced('private static int CompareCodePoints(string a, string b)', [
        'var n = Math.Min(a.Length, b.Length);',
        braced('for (var i = 0; i < n; i++)', [braced('if (a[i] != b[i])', ['return CodePointRank(a[i]) - CodePointRank(b[i]);'])]),
        'return a.Length.CompareTo(b.Length);',
      ]),
    ),
  },
  CodePointRank: {
    kind: 'method',
    usings: [],
    needs: [],
    doc: commented(
      ['Moves surrogates (astral characters) after U+E000..U+FFFF, where code point order has them.'],
      'private static int CodePointRank(char c) => c < 0xD800 ? c : c < 0xE000 ? c + 0x2000 : c - 0x800;',
    ),
  },
  LongRange: {
    kind: 'method',
    usings: ['System.Collections.Generic'],
    needs: [],
    doc: commented(
      ['range(start, end): half-open, and i64 (Enumerable.Range takes an int count).'],
      braced('private static IEnumerable<long> LongRange(long start, long end)', [braced('for (var i = start; i < end; i++)', ['yield return i;'])]),
    ),
  },
  Max: {
    kind: 'method',
    usings: [],
    needs: [],
    doc: commented(['max(a, b) = if b > a { b } else { a } (Math.Max differs on NaN).'], 'private static double Max(double a, double b) => b > a ? b : a;'),
  },
  Min: {
    kind: 'method',
    usings: [],
    needs: [],
    doc: commented(['min(a, b) = if b < a { b } else { a } (Math.Min differs on NaN).'], 'private static double Min(double a, double b) => b < a ? b : a;'),
  },
  Quotient: {
    kind: 'method',
    usings: [],
    needs: [],
    doc: commented(
      ['Truncating division; long.MinValue / -1 throws in .NET but wraps to long.MinValue here.'],
      'private static long Quotient(long a, long b) => b == -1 ? unchecked(-a) : a / b;',
    ),
  },
  Remainder: {
    kind: 'method',
    usings: [],
    needs: [],
    doc: commented(['long.MinValue % -1 throws in .NET; the remainder is 0.'], 'private static long Remainder(long a, long b) => b == -1 ? 0 : a % b;'),
  },
  RoundHalfAwayFromZero: {
    kind: 'method',
    usings: ['System'],
    needs: [],
    doc: commented(
      [
        'Half away from zero, keeping -0.0. Math.Round(x, MidpointRounding.AwayFromZero) is wrong on',
        'old runtimes (0.49999999999999994 -> 1), and Mono rounds Math.Round(2.5) to 3 (mono/mono#20449).',
      ],
      braced('private static double RoundHalfAwayFromZero(double x)', [
        'var t = Math.Truncate(x);',
        'return Math.Abs(x - t) >= 0.5 ? (x > 0 ? t + 1 : t - 1) : t;',
      ]),
    ),
  },
  Scan: {
    kind: 'method',
    usings: ['System', 'System.Collections.Generic'],
    needs: [],
    doc: commented(
      ['The running state after each element (the seed itself is not included).'],
      braced('private static IEnumerable<TAcc> Scan<T, TAcc>(this IEnumerable<T> source, TAcc seed, Func<TAcc, T, TAcc> step)', [
        'var acc = seed;',
        braced('foreach (var x in source)', ['acc = step(acc, x);', 'yield return acc;']),
      ]),
    ),
  },
  ToInt64Saturating: {
    kind: 'method',
    usings: [],
    needs: [],
    doc: commented(
      ['i64(x): truncates, NaN -> 0, saturates out of range ((long)x is unspecified there).'],
      braced('private static long ToInt64Saturating(double x)', [
        braced('if (double.IsNaN(x))', ['return 0;']),
        braced('if (x >= 9223372036854775808.0)', ['return long.MaxValue;']),
        'return x < -9223372036854775808.0 ? long.MinValue : (long)x;',
      ]),
    ),
  },
};

/** The used helpers and those they need: fields and methods in emission order, plus their usings. */
export function resolveHelpers(used: ReadonlySet<HelperName>): { fields: Doc[]; methods: Doc[]; usings: string[] } {
  const all = new Set<HelperName>();
  const add = (h: HelperName): void => {
    if (all.has(h)) return;
    all.add(h);
    HELPERS[h].needs.forEach(add);
  };
  used.forEach(add);
  const sorted = [...all].sort();
  return {
    fields: sorted.filter((h) => HELPERS[h].kind === 'field').map((h) => HELPERS[h].doc),
    methods: sorted.filter((h) => HELPERS[h].kind === 'method').map((h) => HELPERS[h].doc),
    usings: sorted.flatMap((h) => HELPERS[h].usings),
  };
}
