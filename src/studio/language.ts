// Highlighting for the kernel language: a small stream tokenizer (no grammar to maintain twice;
// the real parser runs on the server and in the preview worker and reports errors as lint).

import { StreamLanguage, type StreamParser } from '@codemirror/language';

const KEYWORDS = new Set(['param', 'record', 'kernel', 'let', 'if', 'else', 'in', 'step', 'desc', 'asc']);
const ATOMS = new Set(['true', 'false']);
const TYPES = new Set(['i64', 'f64', 'bool', 'str']);
const BUILTINS = new Set(['abs', 'sqrt', 'exp', 'ln', 'pow', 'floor', 'ceil', 'round', 'min', 'max', 'range']);

export const liveParser: StreamParser<{ afterDot: boolean }> = {
  name: 'codelive',
  startState: () => ({ afterDot: false }),
  token(stream, state) {
    if (stream.eatSpace()) return null;
    const afterDot = state.afterDot;
    state.afterDot = false;
    if (stream.match('#')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return 'string';
    if (stream.match(/^\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/)) return 'number';
    if (stream.match(/^[A-Za-z_]\w*/)) {
      const word = stream.current();
      if (afterDot) return 'propertyName';
      if (KEYWORDS.has(word)) return 'keyword';
      if (ATOMS.has(word)) return 'atom';
      if (TYPES.has(word)) return 'typeName';
      if (BUILTINS.has(word) && stream.peek() === '(') return 'function(variableName)';
      if (/^[A-Z]/.test(word)) return 'typeName';
      return 'variableName';
    }
    if (stream.match('..')) return 'operator';
    if (stream.match('.')) {
      state.afterDot = true;
      return 'punctuation';
    }
    if (stream.match(/^(?:->|=>|==|!=|<=|>=|&&|\|\||[-+*/%<>!=])/)) return 'operator';
    stream.next();
    return 'punctuation';
  },
  languageData: { commentTokens: { line: '#' } },
};

export const liveLanguage = StreamLanguage.define(liveParser);
