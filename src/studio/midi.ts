// MIDI learn through the Web MIDI API: click "learn" on a control, move a knob or fader on the
// controller, and that control change (channel + CC number) drives the control from then on.
// Bindings persist in localStorage. Browsers without Web MIDI (or a denied permission) get a
// disabled learn button and a note why, never an exception.

export interface MidiTarget {
  readonly id: string;
  /** `fraction` is the CC value scaled to [0, 1]. */
  set(fraction: number): void;
}

interface Binding {
  readonly channel: number;
  readonly cc: number;
  readonly target: string;
}

const STORAGE_KEY = 'codelive.midi.bindings';

export class MidiLearn {
  private bindings: Binding[] = loadBindings();
  private readonly targets = new Map<string, MidiTarget>();
  private learning: string | null = null;
  private onLearned: ((id: string) => void) | null = null;
  status = 'MIDI: not connected';

  /** Requests MIDI access; resolves with the status text either way. */
  async connect(): Promise<string> {
    const nav = navigator as Navigator & { requestMIDIAccess?: () => Promise<MIDIAccess> };
    if (typeof nav.requestMIDIAccess !== 'function') return (this.status = 'MIDI: this browser has no Web MIDI');
    try {
      const access = await nav.requestMIDIAccess();
      const listen = (): void => {
        for (const input of access.inputs.values()) input.onmidimessage = (event) => this.receive(event.data);
      };
      listen();
      access.onstatechange = listen;
      return (this.status = `MIDI: ${access.inputs.size} input(s)`);
    } catch {
      return (this.status = 'MIDI: access denied');
    }
  }

  register(target: MidiTarget): void {
    this.targets.set(target.id, target);
  }

  unregister(id: string): void {
    this.targets.delete(id);
  }

  /** Arms learn for control `id`: the next control change binds to it. */
  learn(id: string, onLearned: (id: string) => void): void {
    this.learning = id;
    this.onLearned = onLearned;
  }

  boundTo(id: string): string | null {
    const b = this.bindings.find((x) => x.target === id);
    return b ? `ch${b.channel + 1} cc${b.cc}` : null;
  }

  /** One raw MIDI message (public so a page without a controller can be driven for tests). */
  receive(data: Uint8Array | null): void {
    if (!data || data.length < 3) return;
    const status = data[0]! & 0xf0;
    if (status !== 0xb0) return; // control change only
    const channel = data[0]! & 0x0f;
    const cc = data[1]!;
    const value = data[2]!;
    if (this.learning) {
      const target = this.learning;
      this.bindings = [...this.bindings.filter((b) => b.target !== target && !(b.channel === channel && b.cc === cc)), { channel, cc, target }];
      saveBindings(this.bindings);
      this.learning = null;
      this.onLearned?.(target);
    }
    for (const b of this.bindings) {
      if (b.channel === channel && b.cc === cc) this.targets.get(b.target)?.set(value / 127);
    }
  }
}

function loadBindings(): Binding[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (b): b is Binding => typeof b === 'object' && b !== null && typeof b.channel === 'number' && typeof b.cc === 'number' && typeof b.target === 'string',
    );
  } catch {
    return [];
  }
}

function saveBindings(bindings: readonly Binding[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(bindings));
  } catch {
    // Private mode or a full quota: bindings last for this page only.
  }
}
