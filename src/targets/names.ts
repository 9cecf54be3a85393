// Identifier conventions and collision-free naming, shared by every target.
//
// Each target declares its RESERVED words in its own `names.ts` and builds a `Namer` over them.
// A Namer hands out names in one scope: a preferred spelling is converted to the target's case
// convention, escaped if reserved, and suffixed until it differs from every name already claimed
// (after Sucrase's NameManager.claimFreeName). Claim every source identifier of a scope before
// inventing helper names, so generated names never shadow the user's.

export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/_+/)
    .filter((w) => w.length > 0);
}

export function snakeCase(name: string): string {
  const lead = name.startsWith('_') ? '_' : '';
  return lead + words(name).map((w) => w.toLowerCase()).join('_');
}

export function camelCase(name: string): string {
  const ws = words(name);
  const lead = name.startsWith('_') ? '_' : '';
  return lead + ws.map((w, i) => (i === 0 ? w.toLowerCase() : capitalize(w.toLowerCase()))).join('');
}

export function pascalCase(name: string): string {
  return words(name).map((w) => capitalize(w.toLowerCase())).join('');
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
  private readonly taken = new Set<string>();
  private readonly bySource = new Map<string, string>();

  constructor(
    private readonly rules: NamingRules,
    private readonly parent: Namer | null = null,
  ) {}

  /** A child scope: its names avoid every name of its ancestors. */
  child(): Namer {
    return new Namer(this.rules, this);
  }

  /** The target name for source identifier `source` in this scope, claiming one on first use. */
  name(source: string, convert: (s: string) => string = (s) => s): string {
    const known = this.lookup(source);
    if (known !== undefined) return known;
    const claimed = this.claim(convert(source));
    this.bySource.set(source, claimed);
    return claimed;
  }

  /** A fresh name based on `preferred` (already in the target's convention). */
  claim(preferred: string): string {
    let base = preferred.length === 0 ? '_' : preferred;
    if (this.rules.reserved.has(base)) base = this.rules.escape(base);
    let candidate = base;
    for (let n = 2; this.isTaken(candidate) || this.rules.reserved.has(candidate); n++) candidate = `${base}${n}`;
    this.taken.add(candidate);
    return candidate;
  }

  private lookup(source: string): string | undefined {
    return this.bySource.get(source) ?? this.parent?.lookup(source);
  }

  private isTaken(name: string): boolean {
    return this.taken.has(name) || (this.parent?.isTaken(name) ?? false);
  }
}
