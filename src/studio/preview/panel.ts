// The preview panel: which kernel runs, its sample arguments (editable JSON), the result and
// its plot. Requests to the worker are coalesced like renders: one in flight, newest queued.

import { el } from '../dom.js';
import type { PreviewRequest, PreviewResponse } from './messages.js';
import { LivePlot } from './plot.js';

/** A scalar result plots as its history while you scrub. */
const HISTORY = 120;

export interface PreviewInputs {
  readonly source: string;
  readonly kernel: string | null;
  readonly params: Readonly<Record<string, number | boolean>>;
}

export class PreviewPanel {
  private readonly worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  private readonly kernelSelect = el('select', 'kernel-select');
  private readonly input = el('textarea', 'sample-input');
  private readonly output = el('pre', 'preview-result');
  private readonly plot: LivePlot;
  private nextId = 0;
  private inFlight = false;
  private pending: PreviewRequest | null = null;
  /** The argument text the user edited; null while it is generated. */
  private userInput: string | null = null;
  private signature = '';
  private history: number[] = [];
  private last: PreviewInputs | null = null;

  constructor(container: HTMLElement, private readonly onKernel: (kernel: string) => void) {
    const plotBox = el('div', 'plot');
    this.plot = new LivePlot(plotBox);
    this.input.spellcheck = false;
    this.input.title = 'The kernel arguments as JSON (edit freely; clear it to regenerate)';
    const head = el('div', 'preview-head');
    head.append(el('span', 'label', 'run'), this.kernelSelect);
    const data = el('details', 'sample');
    data.append(el('summary', undefined, 'sample data'), this.input);
    container.append(head, plotBox, this.output, data);
    this.kernelSelect.addEventListener('change', () => {
      this.userInput = null;
      this.onKernel(this.kernelSelect.value);
    });
    this.input.addEventListener('input', () => {
      this.userInput = this.input.value.trim() === '' ? null : this.input.value;
      if (this.last) this.run(this.last);
    });
    this.worker.addEventListener('message', (event: MessageEvent<PreviewResponse>) => this.receive(event.data));
  }

  run(inputs: PreviewInputs): void {
    this.last = inputs;
    this.pending = { id: ++this.nextId, source: inputs.source, kernel: inputs.kernel, params: inputs.params, input: this.userInput };
    if (!this.inFlight) this.dispatch();
  }

  private dispatch(): void {
    if (!this.pending) return;
    this.inFlight = true;
    this.worker.postMessage(this.pending);
    this.pending = null;
  }

  private receive(response: PreviewResponse): void {
    this.inFlight = false;
    this.dispatch();
    this.showKernels(response);
    const signature = response.kernels.find((k) => k.name === response.kernel)?.signature ?? '';
    if (signature !== this.signature) {
      // A new signature: the old arguments (and the scalar history) no longer apply.
      this.signature = signature;
      this.history = [];
      if (this.userInput !== null && response.input !== this.userInput) this.userInput = null;
    }
    if (this.userInput === null && response.input !== null && document.activeElement !== this.input) this.input.value = response.input;
    const result = response.result;
    this.output.classList.toggle('error', response.error !== null);
    if (!result) {
      this.output.textContent = response.error ?? '';
      return;
    }
    this.output.textContent = `${result.json.length > 600 ? `${result.json.slice(0, 600)}…` : result.json}   (${response.ms.toFixed(1)} ms)`;
    if (result.kind === 'scalar') {
      this.history = [...this.history.slice(-(HISTORY - 1)), result.value];
      this.plot.show([{ label: `${response.kernel} (history)`, values: this.history }]);
    } else if (result.kind === 'series') this.plot.show(result.series);
    else this.plot.clear();
  }

  private showKernels(response: PreviewResponse): void {
    if (response.kernels.length === 0) return; // keep the last list while the source is broken
    const names = response.kernels.map((k) => k.name).join(',');
    if (this.kernelSelect.dataset['names'] !== names) {
      this.kernelSelect.dataset['names'] = names;
      this.kernelSelect.replaceChildren(...response.kernels.map((k) => new Option(k.signature, k.name)));
    }
    if (response.kernel) this.kernelSelect.value = response.kernel;
  }
}
