// The editor's kernel-language tokenizer, run line by line as CodeMirror runs it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StringStream } from '@codemirror/language';
import { liveParser } from '../../src/studio/language.js';

function tokens(line: string): [string, string | null][] {
  const state = liveParser.startState!(2);
  const stream = new StringStream(line, 2, 2);
  const out: [string, string | null][] = [];
  while (!stream.eol()) {
    const style = liveParser.token(stream, state);
    if (stream.current().trim() !== '') out.push([stream.current(), style]);
    stream.start = stream.pos;
  }
  return out;
}

test('param lines: keywords, names, types, numbers, operators and comments', () => {
  assert.deepEqual(tokens('param gain: f64 = 2.0 in 0.0..10.0 step 0.1 # knob'), [
    ['param', 'keyword'],
    ['gain', 'variableName'],
    [':', 'punctuation'],
    ['f64', 'typeName'],
    ['=', 'operator'],
    ['2.0', 'number'],
    ['in', 'keyword'],
    ['0.0', 'number'],
    ['..', 'operator'],
    ['10.0', 'number'],
    ['step', 'keyword'],
    ['0.1', 'number'],
    ['# knob', 'comment'],
  ]);
});

test('kernel bodies: methods after a dot, built-in calls, records, strings, atoms', () => {
  assert.deepEqual(tokens('xs.sort_by(t => sqrt(t.price), desc) == "a\\"b" && true'), [
    ['xs', 'variableName'],
    ['.', 'punctuation'],
    ['sort_by', 'propertyName'],
    ['(', 'punctuation'],
    ['t', 'variableName'],
    ['=>', 'operator'],
    ['sqrt', 'function(variableName)'],
    ['(', 'punctuation'],
    ['t', 'variableName'],
    ['.', 'punctuation'],
    ['price', 'propertyName'],
    [')', 'punctuation'],
    [',', 'punctuation'],
    ['desc', 'keyword'],
    [')', 'punctuation'],
    ['==', 'operator'],
    ['"a\\"b"', 'string'],
    ['&&', 'operator'],
    ['true', 'atom'],
  ]);
  assert.deepEqual(tokens('kernel f(ts: [Trade]) -> i64 { let max = 1e3; max }').slice(0, 8), [
    ['kernel', 'keyword'],
    ['f', 'variableName'],
    ['(', 'punctuation'],
    ['ts', 'variableName'],
    [':', 'punctuation'],
    ['[', 'punctuation'],
    ['Trade', 'typeName'],
    [']', 'punctuation'],
  ]);
});
