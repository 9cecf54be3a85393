import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAndRun, buildBatch, checkGofmt, CompileError, goVet, runProgram } from '../../src/toolchain/index.js';
import { asPackage } from '../../src/toolchain/go.js';
import { requireToolchain } from '../../src/toolchain/require-toolchain.js';

const SUM_STDIN = `package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	var xs []int64
	if err := json.NewDecoder(os.Stdin).Decode(&xs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var sum int64
	for _, x := range xs {
		sum += x
	}
	out, _ := json.Marshal(map[string]int64{"n": int64(len(xs)), "sum": sum})
	fmt.Println(string(out))
}
`;

const PARALLEL_SQUARES = `package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	workers := runtime.GOMAXPROCS(0)
	partial := make([]int64, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for x := int64(1 + w); x <= 1000; x += int64(workers) {
				partial[w] += x * x
			}
		}()
	}
	wg.Wait()
	var total int64
	for _, p := range partial {
		total += p
	}
	fmt.Println(total)
}
`;

const EXIT_THREE = `package main

import "os"

func main() {
	os.Exit(3)
}
`;

const TYPE_ERROR = `package main

import "fmt"

func main() {
	var x int = "not a number"
	fmt.Println(x)
}
`;

test('a Go program reads JSON on stdin and prints', async (t) => {
  if (!(await requireToolchain(t, 'go'))) return;
  const result = await buildAndRun('go', SUM_STDIN, '[1, 2, 39]', { parallel: false });
  assert.deepEqual([result.stdout, result.stderr, result.exitCode], ['{"n":3,"sum":42}\n', '', 0]);
});

test('a Go batch builds once; each program runs alone, with its own input and exit status', async (t) => {
  if (!(await requireToolchain(t, 'go'))) return;
  const batch = await buildBatch('go', [
    { id: 'sum', code: SUM_STDIN, parallel: false },
    { id: 'squares', code: PARALLEL_SQUARES, parallel: true },
    { id: 'exit', code: EXIT_THREE, parallel: false },
    { id: 'broken', code: TYPE_ERROR, parallel: false },
  ]);
  try {
    assert.deepEqual([...batch.compileErrors.keys()], ['broken']);
    assert.match(batch.compileErrors.get('broken') ?? '', /cannot use "not a number"/);
    assert.equal((await runProgram(batch, 'sum', '[5]')).stdout, '{"n":1,"sum":5}\n');
    assert.equal((await runProgram(batch, 'sum', '[]')).stdout, '{"n":0,"sum":0}\n');
    assert.equal((await runProgram(batch, 'squares', '')).stdout, '333833500\n');
    assert.equal((await runProgram(batch, 'exit', '')).exitCode, 3);
    const badInput = await runProgram(batch, 'sum', 'not json');
    assert.equal(badInput.exitCode, 1);
    assert.match(badInput.stderr, /invalid character/);
    await assert.rejects(runProgram(batch, 'broken', ''), CompileError);
  } finally {
    await batch.dispose();
  }
});

test('programs become packages with an exported entry point', () => {
  assert.deepEqual(asPackage('package main\n\nfunc main() {\n}\n', 'p7'), { source: 'package p7\n\nfunc CodeliveMain() {\n}\n' });
  assert.match(JSON.stringify(asPackage('package lib\n', 'p0')), /no `package main`/);
});

test('gofmt passes a formatted file and shows the diff for others', async (t) => {
  if (!(await requireToolchain(t, 'go'))) return;
  const report = await checkGofmt([
    { id: 'good', code: SUM_STDIN },
    { id: 'bad', code: 'package main\n\nfunc main(){}\n' },
    { id: 'unparsable', code: 'package main\n\nfunc main( {\n' },
  ]);
  assert.equal(report.get('good'), null);
  assert.match(report.get('bad') ?? '', /^diff p1\.go\.orig p1\.go\n[^]*-func main\(\)\{\}\n\+func main\(\) \{\}/);
  assert.match(report.get('unparsable') ?? '', /^p2\.go:3:12: expected/);
});

test('go vet blames each finding on its own program', async (t) => {
  if (!(await requireToolchain(t, 'go'))) return;
  const report = await goVet([
    { id: 'good', code: SUM_STDIN },
    { id: 'printf', code: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Printf("%d\\n", "x")\n}\n' },
    { id: 'parallel', code: PARALLEL_SQUARES },
    { id: 'broken', code: TYPE_ERROR },
  ]);
  assert.equal(report.get('good'), null);
  assert.equal(report.get('parallel'), null);
  assert.match(report.get('printf') ?? '', /Printf format %d has arg "x" of wrong type string/);
  assert.match(report.get('broken') ?? '', /cannot use "not a number"/);
});
