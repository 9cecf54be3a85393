// The live plot (uPlot): created once per series layout, then only fed new data, so scrubbing
// redraws at display rate without rebuilding the chart.

import uPlot from 'uplot';
import type { Series } from './messages.js';

const COLOURS = ['#ff9f1c', '#2ec4b6', '#e71d36', '#8a5cf6', '#3a86ff', '#9ef01a'];

export class LivePlot {
  private chart: uPlot | null = null;
  private layout = '';

  constructor(private readonly container: HTMLElement) {
    new ResizeObserver(() => this.chart?.setSize(this.size())).observe(container);
  }

  show(series: readonly Series[]): void {
    const layout = series.map((s) => s.label).join('\u0000');
    const length = Math.max(0, ...series.map((s) => s.values.length));
    const xs = Array.from({ length }, (_, i) => i);
    const data: uPlot.AlignedData = [xs, ...series.map((s) => Array.from({ length }, (_, i) => s.values[i] ?? null))];
    if (this.chart && layout === this.layout) {
      this.chart.setData(data);
      return;
    }
    this.chart?.destroy();
    this.layout = layout;
    this.chart = new uPlot(
      {
        ...this.size(),
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false } },
        axes: [{ stroke: '#8b95a7', grid: { stroke: '#2a3140' } }, { stroke: '#8b95a7', grid: { stroke: '#2a3140' } }],
        series: [{ label: 'i' }, ...series.map((s, i) => ({ label: s.label, stroke: COLOURS[i % COLOURS.length]!, width: 1.5, points: { show: length <= 40 } }))],
      },
      data,
      this.container,
    );
  }

  clear(): void {
    this.chart?.destroy();
    this.chart = null;
    this.layout = '';
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(200, this.container.clientWidth), height: Math.max(120, this.container.clientHeight - 30) };
  }
}
