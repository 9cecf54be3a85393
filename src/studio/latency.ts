// Keystroke-to-all-panes-painted latency: each source edit's time is kept until every pane
// shows a render of that change or a later one (or the editor shows its diagnostics), and
// measured after the next frame paints. The figures are on `window.codelive` for the bench.

export class PaintLatency {
  private readonly pending: { seq: number; t0: number }[] = [];
  private readonly painted = new Map<string, number>();
  readonly samples: number[] = [];
  lastPaintedSeq = 0;

  constructor(private readonly targets: readonly string[]) {}

  edited(seq: number, t0: number): void {
    this.pending.push({ seq, t0 });
  }

  /** A pane now shows change `seq` (or every pane, for `'*'`: diagnostics, or a change that left the panes as they were). */
  shown(target: string | '*', seq: number): void {
    if (target === '*') for (const t of this.targets) this.painted.set(t, Math.max(seq, this.painted.get(t) ?? 0));
    else this.painted.set(target, Math.max(seq, this.painted.get(target) ?? 0));
    const complete = Math.min(...this.targets.map((t) => this.painted.get(t) ?? 0));
    if (complete <= this.lastPaintedSeq) return;
    this.lastPaintedSeq = complete;
    const done = this.pending.filter((p) => p.seq <= complete);
    this.pending.splice(0, done.length);
    // rAF runs before the frame is painted; the timeout after it runs once it has been.
    requestAnimationFrame(() =>
      setTimeout(() => {
        const now = performance.now();
        for (const p of done) this.samples.push(now - p.t0);
        document.body.dataset['painted'] = String(complete);
      }),
    );
  }
}
