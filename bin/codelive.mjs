#!/usr/bin/env -S node --v8-pool-size=1
// Runs the TypeScript sources directly through tsx's loader, so the package needs no build step.
// One V8 background thread: the render workers already occupy the cores, and more GC and JIT
// helper threads only contend with them (docs/operations.md, "Node flags"; `npm start` passes
// the same flag, since `node bin/codelive.mjs` does not read this line).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
