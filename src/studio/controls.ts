// The param sliders (one per `param` of the source, with number entry and MIDI learn) and the
// render flag toggles.

import { el } from './dom.js';
import type { MidiLearn } from './midi.js';
import { snap, type ParamSpec } from './params.js';
import type { ParamValue, StudioFlags } from './protocol.js';

interface ParamRow {
  readonly spec: ParamSpec;
  readonly slider: HTMLInputElement;
  readonly number: HTMLInputElement;
}

export class ParamControls {
  private rows = new Map<string, ParamRow>();
  private shape = '';

  constructor(
    private readonly container: HTMLElement,
    private readonly midi: MidiLearn,
    private readonly onChange: (name: string, value: ParamValue) => void,
  ) {}

  /** Rebuilds the rows when the declarations changed; otherwise only moves them to `values`. */
  update(specs: readonly ParamSpec[], values: Readonly<Record<string, ParamValue>>): void {
    const shape = JSON.stringify(specs);
    if (shape !== this.shape) {
      this.shape = shape;
      for (const name of this.rows.keys()) this.midi.unregister(`param:${name}`);
      this.rows = new Map(specs.map((spec) => [spec.name, this.row(spec)]));
      this.container.replaceChildren(...[...this.rows.values()].map((r) => r.slider.closest('.param')!));
      if (specs.length === 0) this.container.append(el('p', 'hint', 'Declare a `param` to get a slider.'));
    }
    for (const row of this.rows.values()) {
      const value = values[row.spec.name] ?? row.spec.default;
      if (row.spec.type === 'bool') row.slider.checked = value === true;
      else {
        row.slider.value = String(value);
        if (document.activeElement !== row.number) row.number.value = String(value);
      }
    }
  }

  private row(spec: ParamSpec): ParamRow {
    const root = el('div', 'param');
    root.dataset['param'] = spec.name;
    const label = el('label', 'param-name', spec.name);
    const slider = el('input');
    const number = el('input', 'param-number');
    const learn = el('button', 'learn', 'learn');
    learn.title = 'MIDI learn: click, then move a control on your controller';
    const id = `param:${spec.name}`;
    if (spec.type === 'bool') {
      slider.type = 'checkbox';
      slider.addEventListener('change', () => this.onChange(spec.name, slider.checked));
      number.hidden = true;
      this.midi.register({
        id,
        set: (fraction) => {
          slider.checked = fraction >= 0.5;
          this.onChange(spec.name, slider.checked);
        },
      });
    } else {
      slider.type = 'range';
      slider.min = String(spec.min);
      slider.max = String(spec.max);
      slider.step = String(spec.step);
      number.type = 'number';
      number.step = String(spec.step);
      const commit = (raw: number): void => {
        if (!Number.isFinite(raw)) return;
        const value = snap(spec, raw);
        slider.value = String(value);
        number.value = String(value);
        this.onChange(spec.name, value);
      };
      slider.addEventListener('input', () => commit(slider.valueAsNumber));
      number.addEventListener('change', () => commit(number.valueAsNumber));
      this.midi.register({ id, set: (f) => commit(spec.min + f * (spec.max - spec.min)) });
    }
    slider.className = 'param-slider';
    slider.setAttribute('aria-label', spec.name);
    label.append(el('span', 'param-type', `${spec.type}${spec.type === 'bool' ? '' : ` ${spec.min}..${spec.max}`}`));
    const bound = this.midi.boundTo(id);
    if (bound) learn.textContent = bound;
    learn.addEventListener('click', () => {
      learn.textContent = 'move…';
      learn.classList.add('armed');
      this.midi.learn(id, () => {
        learn.classList.remove('armed');
        learn.textContent = this.midi.boundTo(id) ?? 'learn';
      });
    });
    root.append(label, slider, number, learn);
    return { spec, slider, number };
  }
}

/** The flag toggles in the top bar. */
export class FlagControls {
  private readonly inputs: {
    parallel: HTMLInputElement;
    baked: HTMLInputElement;
    mode: HTMLSelectElement;
    dialect: HTMLSelectElement;
  };

  constructor(container: HTMLElement, flags: StudioFlags, onChange: (flags: StudioFlags) => void) {
    const parallel = toggle('parallel', 'Render the parallel form where the target has one');
    const baked = toggle('baked', 'Bake param values into the code as constants (scrubbing changes the code)');
    const mode = select('mode', ['function', 'program'], 'function: kernels as functions; program: a runnable file');
    const dialect = select('dialect', ['postgres', 'sqlite', 'duckdb'], 'SQL dialect');
    this.inputs = { parallel: parallel.input, baked: baked.input, mode: mode.input, dialect: dialect.input };
    container.append(parallel.root, baked.root, mode.root, dialect.root);
    this.set(flags);
    const read = (): StudioFlags => ({
      parallel: this.inputs.parallel.checked,
      params: this.inputs.baked.checked ? 'baked' : 'runtime',
      mode: this.inputs.mode.value === 'program' ? 'program' : 'function',
      dialect: this.inputs.dialect.value === 'sqlite' ? 'sqlite' : this.inputs.dialect.value === 'duckdb' ? 'duckdb' : 'postgres',
    });
    for (const input of Object.values(this.inputs)) input.addEventListener('change', () => onChange(read()));
  }

  set(flags: StudioFlags): void {
    this.inputs.parallel.checked = flags.parallel;
    this.inputs.baked.checked = flags.params === 'baked';
    this.inputs.mode.value = flags.mode;
    this.inputs.dialect.value = flags.dialect;
  }
}

function toggle(name: string, title: string): { root: HTMLElement; input: HTMLInputElement } {
  const root = el('label', 'flag');
  root.title = title;
  const input = el('input');
  input.type = 'checkbox';
  input.name = name;
  root.append(input, document.createTextNode(` ${name}`));
  return { root, input };
}

function select(name: string, values: readonly string[], title: string): { root: HTMLElement; input: HTMLSelectElement } {
  const root = el('label', 'flag');
  root.title = title;
  const input = el('select');
  input.name = name;
  for (const v of values) input.append(new Option(v, v));
  root.append(document.createTextNode(`${name} `), input);
  return { root, input };
}
