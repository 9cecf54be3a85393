// The one Node global the bundled front end (src/lang/frontend.ts) touches; the preview worker
// supplies it (preview/buffer-shim.ts).
declare const Buffer: { byteLength(text: string, encoding: 'utf8'): number };
