// Messages between the studio and the preview worker.

export interface PreviewRequest {
  readonly id: number;
  readonly source: string;
  /** The kernel to run; null = the first. */
  readonly kernel: string | null;
  readonly params: Readonly<Record<string, number | boolean>>;
  /** The arguments as a JSON object text; null = generate sample data from the argument types. */
  readonly input: string | null;
}

export interface KernelSignature {
  readonly name: string;
  /** e.g. `score(xs: [f64]) -> f64` */
  readonly signature: string;
}

export interface Series {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

export type PreviewResult =
  | { readonly kind: 'scalar'; readonly value: number; readonly json: string }
  | { readonly kind: 'series'; readonly series: readonly Series[]; readonly json: string }
  | { readonly kind: 'other'; readonly json: string };

export interface PreviewResponse {
  readonly id: number;
  readonly kernels: readonly KernelSignature[];
  readonly kernel: string | null;
  /** The arguments the kernel ran on (the generated sample when the request had none). */
  readonly input: string | null;
  readonly result: PreviewResult | null;
  readonly error: string | null;
  readonly ms: number;
}
