// src/toolchain/csharp.ts: many programs in one mcs run, each started with mono by id; a program
// that does not compile costs the others nothing; the warnings check names the culprit.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCSharpBatch, mcsWarnings } from '../../../src/toolchain/csharp.js';
import { runProgram, timeLimits } from '../../../src/toolchain/index.js';
import { requireToolchain } from '../../../src/toolchain/require-toolchain.js';

const ECHO_SUM = `using System;
using System.Linq;

internal static class Program
{
    private static int Main()
    {
        var numbers = Console.In.ReadToEnd().Split(' ').Select(long.Parse).ToArray();
        Console.WriteLine(numbers.AsParallel().Sum());
        return 0;
    }
}
`;

const EXIT_THREE = `using System;

internal static class Program
{
    private static int Main()
    {
        Console.Error.WriteLine("error: three");
        return 3;
    }
}
`;

// Same class names as the other programs: each program gets its own namespace.
const BROKEN = `internal static class Program
{
    private static int Main()
    {
        return undefinedName;
    }
}
`;

const WARNS = `internal static class Program
{
    private static int Main()
    {
        var unused = 1;
        return 0;
    }
}
`;

test('a batch builds once, runs each program by id, and isolates one that does not compile', async (t) => {
  if (!(await requireToolchain(t, 'csharp'))) return;
  const batch = await buildCSharpBatch(
    [
      { id: 'sum', code: ECHO_SUM },
      { id: 'broken', code: BROKEN },
      { id: 'three', code: EXIT_THREE },
    ],
    timeLimits().buildMs,
  );
  try {
    assert.deepEqual([...batch.compileErrors.keys()], ['broken']);
    assert.match(batch.compileErrors.get('broken')!, /^p1\.cs\(5,16\): error CS0103: .*undefinedName/);
    const sum = await runProgram(batch, 'sum', '1 2 39');
    assert.equal(sum.exitCode, 0);
    assert.equal(sum.stdout.trim(), '42');
    const three = await runProgram(batch, 'three', '');
    assert.equal(three.exitCode, 3);
    assert.equal(three.stderr.trim(), 'error: three');
    assert.equal(batch.command('broken'), undefined);
  } finally {
    await batch.dispose();
  }
});

test('with warnings as errors, and in the warnings check, a warning fails only its program', async (t) => {
  if (!(await requireToolchain(t, 'csharp'))) return;
  const batch = await buildCSharpBatch(
    [
      { id: 'clean', code: EXIT_THREE },
      { id: 'warns', code: WARNS },
    ],
    timeLimits().buildMs,
    { warningsAsErrors: true },
  );
  try {
    assert.deepEqual([...batch.compileErrors.keys()], ['warns']);
    assert.match(batch.compileErrors.get('warns')!, /CS0219/);
  } finally {
    await batch.dispose();
  }
  const report = await mcsWarnings(
    [
      { id: 'clean', code: EXIT_THREE },
      { id: 'warns', code: WARNS },
    ],
    timeLimits().buildMs,
  );
  assert.equal(report.get('clean'), null);
  assert.match(report.get('warns') ?? '', /p1\.cs\(5,13\): error CS0219: Warning as Error/);
});
