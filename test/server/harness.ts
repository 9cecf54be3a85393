// A real server on loopback for the server tests, and small HTTP helpers.

import { connect, type Socket } from 'node:net';
import { loadConfig, type ServerConfig } from '../../src/server/config.js';
import { startServer, type RunningServer } from '../../src/server/main.js';

export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<RunningServer> {
  return startServer(loadConfig({ overrides: { port: 0, logLevel: 'silent', workers: 2, ...overrides } }));
}

export interface JsonResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export async function request<T = Record<string, unknown>>(
  server: RunningServer,
  method: string,
  path: string,
  body?: unknown,
  init: RequestInit = {},
): Promise<JsonResponse<T>> {
  const res = await fetch(server.url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, body: (type.includes('json') ? JSON.parse(text) : { text }) as T };
}

export const render = <T = RenderBody>(server: RunningServer, body: unknown): Promise<JsonResponse<T>> =>
  request<T>(server, 'POST', '/v1/render', body);

export interface TargetResult {
  target: string;
  status: string;
  code: string;
  degraded: boolean;
  reasons: { code: string; message: string }[];
  diagnostics: { code: string }[];
  cache: string;
  timings: { queue: number; front: number; emit: number; total: number };
  problem?: { type: string; status: number; detail: string };
}

/** A 200 answer, or the problem document of any other status (both shapes in one type). */
export interface RenderBody {
  irKey: string | null;
  degraded: boolean;
  diagnostics: { code: string; severity: string; message: string }[];
  renders: Record<string, TargetResult>;
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  targets?: Record<string, { type: string }>;
}

export const PROBLEM = (kind: string): string => `https://codelive.dev/problems/${kind}`;

/** A valid kernel; `n` varies a constant so every `n` is a different program (a cache miss). */
export function kernel(n = 1): string {
  return `param gain: f64 = 2.0 in 0.0..10.0

# scale the positive values
kernel score(xs: [f64]) -> f64 {
  xs.filter(x => x > 0.0).map(x => x * gain + ${n}.5).sum()
}
`;
}

/** The value of one Prometheus sample, 0 when absent. */
export async function metric(server: RunningServer, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = (await request(server, 'GET', '/metrics')).body.text as string;
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-z_]+)(\{[^}]*\})? (.+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labelText = match[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) total += Number(match[3]);
  }
  return total;
}

/** A raw TCP connection to the server, for malformed, slow and abandoned requests. */
export function rawSocket(server: RunningServer): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the connection (or `ms` pass). */
export function readUntilClose(socket: Socket, ms: number): Promise<{ data: string; closed: boolean }> {
  return new Promise((resolve) => {
    let data = '';
    const timer = setTimeout(() => resolve({ data, closed: false }), ms);
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ data, closed: true });
    });
    socket.on('error', () => {});
  });
}
