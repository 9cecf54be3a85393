// Counters and histograms for the per-request path. prom-client validates and hashes the label
// object and allocates on every call, which measured ~4 µs per cached render (five updates) —
// a fifth of the budget of the cache-hit path. Here each label set is resolved once to a
// series (nested maps keyed by the label values, no string building), and an update is an
// addition. The series are written out in the Prometheus text format next to the prom-client
// registry on GET /metrics.

interface Series {
  readonly labels: readonly string[];
}

abstract class HotMetric<S extends Series> {
  private readonly root = new Map<string, unknown>();
  private readonly all: S[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    if (labelNames.length === 0) throw new RangeError(`${name}: a hot metric needs at least one label`);
  }

  /** The series of these label values (in `labelNames` order), created on first use. */
  protected series(values: readonly string[]): S {
    let level: Map<string, unknown> = this.root;
    for (let i = 0; i < values.length - 1; i++) {
      let next = level.get(values[i]!) as Map<string, unknown> | undefined;
      if (!next) {
        next = new Map();
        level.set(values[i]!, next);
      }
      level = next;
    }
    const last = values[values.length - 1]!;
    let found = level.get(last) as S | undefined;
    if (!found) {
      found = this.create(values);
      level.set(last, found);
      this.all.push(found);
    }
    return found;
  }

  protected abstract create(values: readonly string[]): S;
  protected abstract lines(series: S, labels: string): string[];
  protected abstract readonly type: 'counter' | 'histogram';

  exposition(): string {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    for (const s of this.all) out.push(...this.lines(s, this.labelText(s.labels)));
    return out.join('\n') + '\n';
  }

  protected labelText(values: readonly string[], extra = ''): string {
    const pairs = values.map((v, i) => `${this.labelNames[i]}="${escapeLabel(v)}"`);
    if (extra) pairs.unshift(extra);
    return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
  }
}

interface CounterSeries extends Series {
  value: number;
}

export class HotCounter extends HotMetric<CounterSeries> {
  protected readonly type = 'counter';

  inc(...values: string[]): void {
    this.series(values).value++;
  }

  protected create(labels: readonly string[]): CounterSeries {
    return { labels, value: 0 };
  }

  protected lines(s: CounterSeries, labels: string): string[] {
    return [`${this.name}${labels} ${s.value}`];
  }
}

interface HistogramSeries extends Series {
  readonly counts: number[];
  sum: number;
  count: number;
}

export class HotHistogram extends HotMetric<HistogramSeries> {
  protected readonly type = 'histogram';

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    private readonly buckets: readonly number[],
  ) {
    super(name, help, labelNames);
  }

  observe(value: number, ...values: string[]): void {
    const s = this.series(values);
    s.sum += value;
    s.count++;
    const { buckets } = this;
    for (let i = 0; i < buckets.length; i++) {
      if (value <= buckets[i]!) {
        s.counts[i]!++;
        return;
      }
    }
  }

  protected create(labels: readonly string[]): HistogramSeries {
    return { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
  }

  protected lines(s: HistogramSeries, labels: string): string[] {
    const out: string[] = [];
    let cumulative = 0;
    this.buckets.forEach((bound, i) => {
      cumulative += s.counts[i]!;
      out.push(`${this.name}_bucket${this.labelText(s.labels, `le="${bound}"`)} ${cumulative}`);
    });
    out.push(`${this.name}_bucket${this.labelText(s.labels, 'le="+Inf"')} ${s.count}`);
    out.push(`${this.name}_sum${labels} ${s.sum}`, `${this.name}_count${labels} ${s.count}`);
    return out;
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
