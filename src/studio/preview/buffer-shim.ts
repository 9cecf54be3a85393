// The front end bounds the source size with Node's `Buffer.byteLength`; the browser has no
// Buffer, so the worker provides exactly that one function.

const encoder = new TextEncoder();
const scope = globalThis as { Buffer?: unknown };
scope.Buffer ??= { byteLength: (text: string): number => encoder.encode(text).length };
