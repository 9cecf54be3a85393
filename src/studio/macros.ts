// The macro panel: knobs that each drive several params (macro-values.ts has the mapping), with
// per-param ranges and MIDI learn.

import { el } from './dom.js';
import type { MidiLearn } from './midi.js';
import { macroValues } from './macro-values.js';
import type { ParamSpec } from './params.js';
import type { ParamValue } from './protocol.js';
import type { Macro } from './state.js';

export class MacroPanel {
  private specs: readonly ParamSpec[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly macros: Macro[],
    private readonly midi: MidiLearn,
    /** A knob moved: these params take these values. */
    private readonly onValues: (values: Record<string, ParamValue>) => void,
    /** Macros were added, removed or rebound (for the share link). */
    private readonly onEdit: () => void,
  ) {}

  update(specs: readonly ParamSpec[]): void {
    const changed = JSON.stringify(specs) !== JSON.stringify(this.specs);
    this.specs = specs;
    if (changed) this.render();
  }

  private render(): void {
    for (const m of this.macros) this.midi.unregister(`macro:${m.id}`);
    const add = el('button', 'add-macro', '+ macro');
    add.title = 'A knob that drives several params';
    add.addEventListener('click', () => {
      const first = this.specs.find((s) => s.type !== 'bool');
      this.macros.push({
        id: Math.random().toString(36).slice(2, 8),
        name: `macro ${this.macros.length + 1}`,
        value: 0,
        bindings: first ? [{ param: first.name, from: first.min, to: first.max }] : [],
      });
      this.render();
      this.onEdit();
    });
    this.container.replaceChildren(...this.macros.map((m) => this.macroRow(m)), add);
  }

  private macroRow(macro: Macro): HTMLElement {
    const root = el('div', 'macro');
    root.dataset['macro'] = macro.id;
    const head = el('div', 'macro-head');
    const name = el('input', 'macro-name');
    name.value = macro.name;
    name.addEventListener('change', () => {
      macro.name = name.value;
      this.onEdit();
    });
    const knob = el('input', 'macro-knob');
    knob.type = 'range';
    knob.min = '0';
    knob.max = '1';
    knob.step = '0.001';
    knob.value = String(macro.value);
    knob.setAttribute('aria-label', macro.name);
    const turn = (t: number): void => {
      macro.value = Math.min(1, Math.max(0, t));
      knob.value = String(macro.value);
      this.onValues(macroValues(macro, this.specs));
    };
    knob.addEventListener('input', () => turn(knob.valueAsNumber));
    this.midi.register({ id: `macro:${macro.id}`, set: turn });
    const learn = el('button', 'learn', this.midi.boundTo(`macro:${macro.id}`) ?? 'learn');
    learn.addEventListener('click', () => {
      learn.textContent = 'move…';
      this.midi.learn(`macro:${macro.id}`, () => (learn.textContent = this.midi.boundTo(`macro:${macro.id}`) ?? 'learn'));
    });
    const remove = el('button', 'remove', '×');
    remove.title = 'Remove this macro';
    remove.addEventListener('click', () => {
      this.macros.splice(this.macros.indexOf(macro), 1);
      this.render();
      this.onEdit();
    });
    head.append(name, knob, learn, remove);
    root.append(head, ...macro.bindings.map((b) => this.bindingRow(macro, b)), this.bindButton(macro));
    return root;
  }

  private bindingRow(macro: Macro, binding: Macro['bindings'][number]): HTMLElement {
    const row = el('div', 'macro-binding');
    const param = el('select');
    for (const s of this.specs) param.append(new Option(s.name, s.name));
    if (!this.specs.some((s) => s.name === binding.param)) param.append(new Option(`${binding.param} (gone)`, binding.param));
    param.value = binding.param;
    const from = numberInput(binding.from);
    const to = numberInput(binding.to);
    const commit = (): void => {
      binding.param = param.value;
      binding.from = from.valueAsNumber || 0;
      binding.to = to.valueAsNumber || 0;
      this.onEdit();
    };
    param.addEventListener('change', () => {
      const spec = this.specs.find((s) => s.name === param.value);
      if (spec) [from.value, to.value] = [String(spec.min), String(spec.max)];
      commit();
    });
    from.addEventListener('change', commit);
    to.addEventListener('change', commit);
    const remove = el('button', 'remove', '×');
    remove.addEventListener('click', () => {
      macro.bindings.splice(macro.bindings.indexOf(binding), 1);
      this.render();
      this.onEdit();
    });
    row.append(param, el('span', 'hint', 'from'), from, el('span', 'hint', 'to'), to, remove);
    return row;
  }

  private bindButton(macro: Macro): HTMLElement {
    const bind = el('button', 'bind', '+ param');
    bind.addEventListener('click', () => {
      const spec = this.specs.find((s) => !macro.bindings.some((b) => b.param === s.name)) ?? this.specs[0];
      if (!spec) return;
      macro.bindings.push({ param: spec.name, from: spec.min, to: spec.max });
      this.render();
      this.onEdit();
    });
    return bind;
  }
}

function numberInput(value: number): HTMLInputElement {
  const input = el('input', 'macro-range');
  input.type = 'number';
  input.value = String(value);
  return input;
}
