// The TypeScript target: typed loops over `number` and `bigint` (i64), no runtime dependencies.
// `parallel` has no shared-memory form in TypeScript: the code is the sequential one, and the
// render is `degraded` with one 'no-shared-memory-parallelism' reason per kernel.

import type { Target } from '../target.js';
import { emitModule } from './module.js';

export const typescriptTarget: Target = {
  name: 'typescript',
  displayName: 'TypeScript',
  extension: 'ts',
  parallel: 'none',
  emit: emitModule,
};
