// The studio: wires the editor, the transports, the panes, the controls, the preview and the
// spectrum around one state object (state.ts), mirrored into the URL hash for sharing.

import { FlagControls, ParamControls } from './controls.js';
import { createSourceEditor } from './editor.js';
import { PaintLatency } from './latency.js';
import { MacroPanel } from './macros.js';
import { MidiLearn } from './midi.js';
import { OutputPanes } from './panes.js';
import { effectiveValues, scanKernelNames, scanParams, type ParamSpec } from './params.js';
import { PreviewPanel } from './preview/panel.js';
import { wireFlags, type Change, type Diagnostic, type ParamValue, type RenderState, type SpectrumStats, type TargetInfo, type TargetRender, type Transport } from './protocol.js';
import { decodeState, encodeState } from './share.js';
import { SpectrumPanel } from './spectrum.js';
import { defaultState, type StudioState } from './state.js';
import { connectTransport } from './transport/connect.js';

/** Used when GET /v1/targets fails: the six targets the compiler ships. */
const FALLBACK_TARGETS: TargetInfo[] = [
  { name: 'rust', displayName: 'Rust', extension: 'rs', parallel: 'native' },
  { name: 'typescript', displayName: 'TypeScript', extension: 'ts', parallel: 'none' },
  { name: 'go', displayName: 'Go', extension: 'go', parallel: 'native' },
  { name: 'csharp', displayName: 'C#', extension: 'cs', parallel: 'native' },
  { name: 'sql', displayName: 'SQL', extension: 'sql', parallel: 'none' },
  { name: 'julia', displayName: 'Julia', extension: 'jl', parallel: 'native' },
];

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from index.html`);
  return node as T;
}

async function fetchTargets(): Promise<TargetInfo[]> {
  try {
    const body = (await (await fetch('/v1/targets')).json()) as { targets?: TargetInfo[] };
    return body.targets && body.targets.length > 0 ? body.targets : FALLBACK_TARGETS;
  } catch {
    return FALLBACK_TARGETS;
  }
}

async function main(): Promise<void> {
  const state: StudioState = decodeState(location.hash) ?? defaultState();
  let specs: ParamSpec[] = scanParams(state.source);
  const targets = await fetchTargets();
  const status = byId('transport-status');
  const panes = new OutputPanes(byId('panes'), targets, state.flags.dialect);
  const latency = new PaintLatency(panes.targets);
  const spectrum = new SpectrumPanel(byId('spectrum'), panes.targets);
  const midi = new MidiLearn();
  void midi.connect().then((text) => (byId('midi-status').textContent = text));

  let hashTimer: ReturnType<typeof setTimeout> | undefined;
  const saveHash = (): void => {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => history.replaceState(null, '', encodeState(state)), 250);
  };

  /** Program mode runs one kernel: the one the preview runs, else the first declared. */
  const entry = (): string | null => {
    const kernels = scanKernelNames(state.source);
    return state.kernel !== null && kernels.includes(state.kernel) ? state.kernel : (kernels[0] ?? null);
  };
  const renderState = (): RenderState => ({
    source: state.source,
    params: effectiveValues(specs, state.params),
    flags: state.flags,
    entry: entry(),
    targets: panes.targets,
  });
  let lastEntry = entry();
  let transport: Transport | null = null;
  const push = (change: Change): number => {
    saveHash();
    return transport ? transport.push(renderState(), change) : 0;
  };

  const preview = new PreviewPanel(byId('preview'), (kernel) => {
    state.kernel = kernel;
    runPreview();
    if (state.flags.mode === 'program') push({ kind: 'flags' });
    else saveHash();
  });
  const runPreview = (): void => preview.run({ source: state.source, kernel: state.kernel, params: effectiveValues(specs, state.params) });

  const paramsChanged = (values: Record<string, ParamValue>): void => {
    Object.assign(state.params, values);
    paramControls.update(specs, effectiveValues(specs, state.params));
    if (state.flags.params === 'baked' || transport?.kind === 'live') push({ kind: 'params', names: Object.keys(values) });
    else saveHash(); // runtime params do not change the code: no render needed
    runPreview();
  };
  const paramControls = new ParamControls(byId('params'), midi, (name, value) => paramsChanged({ [name]: value }));
  const macros = new MacroPanel(byId('macros'), state.macros, midi, paramsChanged, saveHash);
  const flags = new FlagControls(byId('flags'), state.flags, (next) => {
    state.flags = next;
    panes.setDialect(next.dialect);
    push({ kind: 'flags' });
  });
  flags.set(state.flags);

  let diagnosticsSeq = 0;
  const editor = createSourceEditor(byId('editor'), state.source, (source) => {
    const t0 = performance.now();
    state.source = source;
    const before = new Set(specs.map((s) => s.name));
    specs = scanParams(source);
    paramControls.update(specs, effectiveValues(specs, state.params));
    macros.update(specs);
    latency.edited(push({ kind: 'source' }), t0);
    // A live session keeps its flags: in program mode a renamed entry kernel is a flags change.
    const entryNow = entry();
    if (entryNow !== lastEntry && state.flags.mode === 'program' && transport?.kind === 'live') push({ kind: 'flags' });
    lastEntry = entryNow;
    // A live session only learns param values from `param` messages: send the newly declared.
    const added = specs.filter((s) => !before.has(s.name)).map((s) => s.name);
    if (added.length > 0 && transport?.kind === 'live') push({ kind: 'params', names: added });
    runPreview();
  });

  const showDiagnostics = (diagnostics: readonly Diagnostic[], seq: number): void => {
    diagnosticsSeq = seq;
    editor.showDiagnostics(diagnostics);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    byId('diagnostic-count').textContent = errors.length === 0 ? '' : `${errors.length} error${errors.length === 1 ? '' : 's'}`;
    if (errors.length > 0) {
      panes.markStale(seq);
      latency.shown('*', seq);
    }
  };
  const events = {
    render: (render: TargetRender, seq: number): void => {
      if (seq > diagnosticsSeq && byId('diagnostic-count').textContent !== '') showDiagnostics([], seq);
      panes.show(render, seq);
      panes.markFresh(render.target);
      spectrum.record(render);
      latency.shown(render.target, seq);
    },
    diagnostics: showDiagnostics,
    current: (seq: number): void => {
      panes.confirm(seq);
      latency.shown('*', seq);
    },
    stats: (stats: SpectrumStats): void => spectrum.fromServer(stats),
    status: (text: string): void => {
      status.textContent = text;
    },
  };

  paramControls.update(specs, effectiveValues(specs, state.params));
  macros.update(specs);
  runPreview();

  /** After a transport switch: send what changed since the new session's state (all, for HTTP). */
  const catchUp = (sent: RenderState | null): void => {
    const now = renderState();
    if (sent === null || sent.source !== now.source) push({ kind: 'source' });
    if (sent === null) return;
    const params = Object.keys(now.params).filter((name) => now.params[name] !== sent.params[name]);
    if (params.length > 0) push({ kind: 'params', names: params });
    if (JSON.stringify(wireFlags(sent)) !== JSON.stringify(wireFlags(now))) push({ kind: 'flags' });
  };

  byId('share').addEventListener('click', () => {
    history.replaceState(null, '', encodeState(state));
    void navigator.clipboard?.writeText(location.href).then(
      () => (status.textContent = 'link copied'),
      () => (status.textContent = 'link in the address bar'),
    );
  });

  // For the bench and the browser tests (src/studio/node/harness.ts).
  Object.assign(window, { codelive: { latency, state, transport: () => transport?.kind, spectrum, midi } });
  await connectTransport(location, renderState, events, (next, sent) => {
    transport = next;
    document.body.dataset['transport'] = next.kind;
    catchUp(sent);
  });
}

void main();
