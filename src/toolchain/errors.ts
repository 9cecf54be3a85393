// Errors of the toolchain layer. Each says what went wrong and what to do about it.

export type BuildTarget = 'rust' | 'go' | 'typescript' | 'csharp';

/** What `detectToolchains` looks for; `requireToolchain` takes the same names. */
export type ToolName = 'rust' | 'rustfmt' | 'clippy' | 'rayon' | 'go' | 'typescript' | 'csharp';

export const INSTALL_HINT = 'see docs/toolchains.md, or run scripts/setup-toolchains.sh';

export class ToolchainMissing extends Error {
  override readonly name = 'ToolchainMissing';
  constructor(
    readonly tool: ToolName,
    readonly reason: string,
  ) {
    super(`${tool} is not available: ${reason}; ${INSTALL_HINT}`);
  }
}

/** The compiler failed in a way no single program is to blame for (a timeout, a missing linker). */
export class BuildError extends Error {
  override readonly name = 'BuildError';
  constructor(
    readonly target: BuildTarget,
    message: string,
    readonly output: string,
  ) {
    super(output === '' ? message : `${message}\n${output}`);
  }
}

/** A program that did not compile was asked to run. */
export class CompileError extends Error {
  override readonly name = 'CompileError';
  constructor(
    readonly target: BuildTarget,
    readonly programId: string,
    readonly output: string,
  ) {
    super(`${target} program '${programId}' did not compile:\n${output}`);
  }
}
