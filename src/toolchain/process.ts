// Runs one external process with a time limit and an output cap, and never hangs: on timeout
// or runaway output the whole process group is killed (a compiler's children included).

import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export interface ProcessOptions {
  readonly cwd?: string;
  /** Added to (and overriding) the parent's environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: string;
  readonly timeoutMs: number;
  /** Per stream; past it the process is killed. */
  readonly maxOutputBytes?: number;
}

export interface ProcessResult {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit status; 128 + signal number when a signal ended the process, as shells report it. */
  readonly exitCode: number;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly outputLimitExceeded: boolean;
  readonly durationMs: number;
}

const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export function runProcess(file: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  const started = performance.now();
  const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so a timeout kills grandchildren (go build's compile/link) too.
      detached: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const sizes = { stdout: 0, stderr: 0 };
    let timedOut = false;
    let outputLimitExceeded = false;

    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);

    const collect = (stream: 'stdout' | 'stderr', chunks: Buffer[]) => (chunk: Buffer): void => {
      sizes[stream] += chunk.length;
      if (sizes[stream] > maxBytes) {
        outputLimitExceeded = true;
        killGroup();
        return;
      }
      chunks.push(chunk);
    };
    child.stdout.on('data', collect('stdout', stdout));
    child.stderr.on('data', collect('stderr', stderr));
    // A program may exit without reading its input: the resulting EPIPE is not an error here.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');

    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        exitCode: code ?? 128 + (signal === null ? 0 : constants.signals[signal]),
        signal,
        timedOut,
        outputLimitExceeded,
        durationMs: performance.now() - started,
      });
    });
  });
}

/** One line saying how a failed process ended, for error messages. */
export function describeFailure(command: string, result: ProcessResult): string {
  if (result.timedOut) return `${command} timed out after ${Math.round(result.durationMs)} ms`;
  if (result.outputLimitExceeded) return `${command} exceeded the output limit`;
  if (result.signal !== null) return `${command} was killed by ${result.signal}`;
  return `${command} exited with code ${result.exitCode}`;
}
