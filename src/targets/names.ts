// Identifier conventions and collision-free naming, shared by every target.
//
// Each target declares its RESERVED words in its own `names.ts` and builds a `Namer` over them.
// A Namer hands out names in one scope: a preferred spelling is converted to the target's case
// convention, escaped if reserved, and suffixed until it differs from every name already claimed
// (after Sucrase's NameManager.claimFreeName). Claim every source identifier of a scope before
// inventing helper names, so generated names never shadow the user's.

// Character codes `words` tests.
const UNDERSCORE = 95;
const A = 65;
const Z = 90;
const LOWER_A = 97;
const LOWER_Z = 122;
const ZERO = 48;
const NINE = 57;

/**
 * The words of an identifier: split at underscores and before an ASCII capital that follows an
 * ASCII lowercase letter or digit (`userID_v2` → `user`, `ID`, `v2`). A scan, not regexes: every
 * identifier of every target goes through here.
 */
export function words(name: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === UNDERSCORE) {
      if (i > start) out.push(name.slice(start, i));
      start = i + 1;
    } else if (c >= A && c <= Z && i > start) {
      const prev = name.charCodeAt(i - 1);
      if ((prev >= LOWER_A && prev <= LOWER_Z) || (prev >= ZERO && prev <= NINE)) {
        out.push(name.slice(start, i));
        start = i;
      }
    }
  }
  if (name.length > start) out.push(name.slice(start));
  return out;
}

export function snakeCase(name: string): string {
  const ws = words(name);
  let out = name.charCodeAt(0) === UNDERSCORE ? '_' : '';
  for (let i = 0; i < ws.length; i++) out += i === 0 ? ws[i]!.toLowerCase() : `_${ws[i]!.toLowerCase()}`;
  return out;
}

export function camelCase(name: string): string {
  const ws = words(name);
  let out = name.charCodeAt(0) === UNDERSCORE ? '_' : '';
  for (let i = 0; i < ws.length; i++) out += i === 0 ? ws[i]!.toLowerCase() : capitalize(ws[i]!.toLowerCase());
  return out;
}

export function pascalCase(name: string): string {
  let out = '';
  for (const w of words(name)) out += capitalize(w.toLowerCase());
  return out;
}

function capitalize(w: string): string {
  return w.length === 0 ? w : w[0]!.toUpperCase() + w.slice(1);
}

export interface NamingRules {
  /** Words the target forbids as identifiers (keywords, plus names our generated code relies on). */
  readonly reserved: ReadonlySet<string>;
  /** How a reserved word is escaped, e.g. `type` → `type_`. */
  readonly escape: (name: string) => string;
}

export const suffixUnderscore = (name: string): string => `${name}_`;

export class Namer {
  // Created on first use: many scopes (one per loop body or branch) never claim a name.
  private taken: Set<string> | null = null;
  private bySource: Map<string, string> | null = null;

  constructor(
    private readonly rules: NamingRules,
    private readonly parent: Namer | null = null,
  ) {}

  /** A child scope: its names avoid every name of its ancestors. */
  child(): Namer {
    return new Namer(this.rules, this);
  }

  /** The target name for source identifier `source` in this scope, claiming one on first use. */
  name(source: string, convert?: (s: string) => string): string {
    const known = this.lookup(source);
    if (known !== undefined) return known;
    const claimed = this.claim(convert === undefined ? source : convert(source));
    (this.bySource ??= new Map()).set(source, claimed);
    return claimed;
  }

  /** A fresh name based on `preferred` (already in the target's convention). */
  claim(preferred: string): string {
    const reserved = this.rules.reserved;
    let base = preferred.length === 0 ? '_' : preferred;
    if (reserved.has(base)) base = this.rules.escape(base);
    let candidate = base;
    for (let n = 2; this.isTaken(candidate) || reserved.has(candidate); n++) candidate = `${base}${n}`;
    (this.taken ??= new Set()).add(candidate);
    return candidate;
  }

  private lookup(source: string): string | undefined {
    for (let scope: Namer | null = this; scope !== null; scope = scope.parent) {
      const known = scope.bySource?.get(source);
      if (known !== undefined) return known;
    }
    return undefined;
  }

  private isTaken(name: string): boolean {
    for (let scope: Namer | null = this; scope !== null; scope = scope.parent) if (scope.taken?.has(name)) return true;
    return false;
  }
}
