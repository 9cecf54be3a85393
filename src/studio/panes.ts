// The output panes: one read-only CodeMirror per target with its language, a copy button,
// badges (degraded with the reasons on hover, errors), the cache outcome and the render time.

import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import { el } from './dom.js';
import { targetLanguage } from './languages.js';
import type { SqlDialect, TargetInfo, TargetRender } from './protocol.js';

interface Pane {
  readonly root: HTMLElement;
  readonly view: EditorView;
  readonly language: Compartment;
  readonly badges: HTMLElement;
  readonly time: HTMLElement;
  code: string;
}

export class OutputPanes {
  private readonly panes = new Map<string, Pane>();

  constructor(container: HTMLElement, targets: readonly TargetInfo[], dialect: SqlDialect) {
    for (const info of targets) this.panes.set(info.name, createPane(container, info, dialect));
  }

  get targets(): string[] {
    return [...this.panes.keys()];
  }

  setDialect(dialect: SqlDialect): void {
    const pane = this.panes.get('sql');
    pane?.view.dispatch({ effects: pane.language.reconfigure(targetLanguage('sql', dialect)) });
  }

  /** Shows one target's render of change `seq`. */
  show(render: TargetRender, seq: number): void {
    const pane = this.panes.get(render.target);
    if (!pane) return;
    const failed = render.status !== 'ok';
    const text = failed ? failureText(render) : render.code;
    if (text !== pane.code) {
      pane.code = text;
      pane.view.dispatch({ changes: { from: 0, to: pane.view.state.doc.length, insert: text } });
    }
    pane.root.dataset['seq'] = String(seq);
    pane.root.dataset['status'] = render.status;
    pane.root.classList.toggle('failed', failed);
    pane.badges.replaceChildren(...badges(render));
    const total = render.timings.total;
    pane.time.textContent = `${render.cache ?? ''} ${typeof total === 'number' ? `${total.toFixed(1)} ms` : ''}`.trim();
  }

  /** The source does not compile: keep the last good code, dimmed, so the eye has an anchor. */
  markStale(seq: number): void {
    for (const pane of this.panes.values()) {
      pane.root.classList.add('stale');
      pane.root.dataset['seq'] = String(seq);
    }
  }

  /** What every pane shows is also the render of change `seq`. */
  confirm(seq: number): void {
    for (const pane of this.panes.values()) pane.root.dataset['seq'] = String(seq);
  }

  markFresh(target: string): void {
    this.panes.get(target)?.root.classList.remove('stale');
  }
}

function createPane(container: HTMLElement, info: TargetInfo, dialect: SqlDialect): Pane {
  const root = el('section', 'pane');
  root.dataset['target'] = info.name;
  const header = el('header', 'pane-header');
  const title = el('span', 'pane-title', info.displayName);
  const badgeBox = el('span', 'badges');
  const time = el('span', 'render-time');
  const copy = el('button', 'copy', 'copy');
  copy.title = `Copy the ${info.displayName} code`;
  header.append(title, badgeBox, time, copy);
  const body = el('div', 'pane-body');
  root.append(header, body);
  container.append(root);

  const language = new Compartment();
  const view = new EditorView({
    parent: body,
    state: EditorState.create({
      doc: '',
      extensions: [
        lineNumbers(),
        EditorState.readOnly.of(true),
        EditorView.editable.of(false),
        syntaxHighlighting(defaultHighlightStyle),
        language.of(targetLanguage(info.name, dialect)),
      ],
    }),
  });
  const pane: Pane = { root, view, language, badges: badgeBox, time, code: '' };
  copy.addEventListener('click', () => {
    void navigator.clipboard?.writeText(pane.code).then(
      () => flash(copy, 'copied'),
      () => flash(copy, 'blocked'),
    );
  });
  return pane;
}

function badges(render: TargetRender): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (render.degraded) {
    const badge = el('span', 'badge degraded', 'degraded');
    badge.title = render.reasons.map((r) => `${r.code}${r.kernel ? ` (${r.kernel})` : ''}: ${r.message}`).join('\n');
    out.push(badge);
  }
  if (render.status !== 'ok') {
    const badge = el('span', 'badge error', render.status);
    badge.title = failureText(render);
    out.push(badge);
  }
  return out;
}

function failureText(render: TargetRender): string {
  const lines = render.diagnostics.map((d) => `${d.code}: ${d.title}: ${d.message}`);
  if (render.problem?.detail) lines.push(render.problem.detail);
  return `// ${render.target}: ${render.status}\n${lines.map((l) => `// ${l}`).join('\n')}\n`;
}

function flash(button: HTMLElement, text: string): void {
  const before = button.textContent;
  button.textContent = text;
  setTimeout(() => (button.textContent = before), 900);
}
