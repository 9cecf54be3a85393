// The source editor: CodeMirror 6 with kernel-language highlighting and the server's
// diagnostics as inline lint underlines (line:column spans; CodeMirror takes the UTF-16 offsets).

import { lintGutter, setDiagnostics, type Diagnostic as LintDiagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { basicSetup, EditorView } from 'codemirror';
import { liveLanguage } from './language.js';
import type { Diagnostic } from './protocol.js';

export interface SourceEditor {
  readonly view: EditorView;
  showDiagnostics(diagnostics: readonly Diagnostic[]): void;
}

export function createSourceEditor(parent: HTMLElement, doc: string, onChange: (source: string) => void): SourceEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        basicSetup,
        lintGutter(),
        liveLanguage,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    showDiagnostics(diagnostics) {
      view.dispatch(setDiagnostics(view.state, diagnostics.map((d) => toLint(d, view.state.doc.length))));
    },
  };
}

function toLint(d: Diagnostic, length: number): LintDiagnostic {
  // A diagnostic without a span (e.g. "source too large") marks the first character.
  let from = Math.min(length, d.span?.start.offset ?? 0);
  let to = Math.min(length, d.span?.end.offset ?? from);
  if (to <= from) {
    // An empty span (e.g. "expected `}`" at the end) still needs one character to underline.
    if (from >= length && length > 0) from = length - 1;
    to = Math.min(length, from + 1);
  }
  return {
    from,
    to,
    severity: d.severity === 'warning' ? 'warning' : 'error',
    source: d.code,
    message: `${d.title}: ${d.message}${d.hint ? `\nHint: ${d.hint}` : ''}`,
  };
}
