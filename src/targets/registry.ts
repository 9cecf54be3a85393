// Every target, registered once: the CLI, the server and the tests enumerate this list.

import { goTarget } from './go/index.js';
import { rustTarget } from './rust/index.js';
import type { Target, TargetInfo, TargetName } from './target.js';
import { typescriptTarget } from './typescript/index.js';
import { juliaTarget } from './julia/index.js';
import { csharpTarget } from './csharp/index.js';
import { sqlTarget } from './sql/index.js';

export const TARGETS: readonly Target[] = [rustTarget, typescriptTarget, goTarget, csharpTarget, sqlTarget, juliaTarget];

export const TARGET_NAMES: readonly TargetName[] = TARGETS.map((t) => t.name);

export function isTargetName(name: string): name is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(name);
}

export function getTarget(name: TargetName): Target {
  const target = TARGETS.find((t) => t.name === name);
  if (!target) throw new Error(`unknown target ${name}`);
  return target;
}

export function targetInfo(t: Target): TargetInfo {
  const { emit: _emit, ...info } = t;
  return info;
}
