// The small runtime a Go render may need: package-level helpers emitted once per file, only when
// used (with the helpers and imports they depend on). Each is fixed Go source, already in gofmt
// form (the Go tests hold every one of them to gofmt and go vet).

export type HelperName =
  | 'absInt64'
  | 'toInt64'
  | 'minFloat64'
  | 'maxFloat64'
  | 'compareFloat64'
  | 'compareBool'
  | 'clampCount'
  | 'chunkCount'
  | 'parallelChunks'
  | 'extremum'
  | 'input'
  | 'decodeValue'
  | 'printJSON'
  | 'formatFloat'
  | 'quoteJSON'
  | 'exitOnPanic';

interface Helper {
  readonly imports: readonly string[];
  readonly uses: readonly HelperName[];
  readonly source: string;
}

const HELPERS: Readonly<Record<HelperName, Helper>> = {
  absInt64: {
    imports: [],
    uses: [],
    source: `
// absInt64 is |x| with two's-complement wrapping: absInt64(math.MinInt64) == math.MinInt64.
func absInt64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}`,
  },
  toInt64: {
    imports: ['math'],
    uses: [],
    source: `
// toInt64 converts like Rust's \`as\`: it truncates toward zero, saturates at the int64 range and
// maps NaN to 0 (a plain int64(x) is implementation-defined out of range).
func toInt64(x float64) int64 {
	switch {
	case math.IsNaN(x):
		return 0
	case x >= math.MaxInt64:
		return math.MaxInt64
	case x <= math.MinInt64:
		return math.MinInt64
	default:
		return int64(x)
	}
}`,
  },
  minFloat64: {
    imports: [],
    uses: [],
    source: `
// minFloat64 is b if b < a, else a: unlike the builtin min it keeps a when either is NaN and
// returns the first of -0 and +0.
func minFloat64(a, b float64) float64 {
	if b < a {
		return b
	}
	return a
}`,
  },
  maxFloat64: {
    imports: [],
    uses: [],
    source: `
// maxFloat64 is b if b > a, else a: unlike the builtin max it keeps a when either is NaN and
// returns the first of -0 and +0.
func maxFloat64(a, b float64) float64 {
	if b > a {
		return b
	}
	return a
}`,
  },
  compareFloat64: {
    imports: ['cmp', 'math'],
    uses: ['compareBool'],
    source: `
// compareFloat64 orders float64 sort keys numerically, -0 equal to +0 and NaN after every
// number (cmp.Compare puts NaN first).
func compareFloat64(a, b float64) int {
	if math.IsNaN(a) || math.IsNaN(b) {
		return compareBool(math.IsNaN(a), math.IsNaN(b))
	}
	return cmp.Compare(a, b)
}`,
  },
  compareBool: {
    imports: [],
    uses: [],
    source: `
// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	default:
		return -1
	}
}`,
  },
  clampCount: {
    imports: [],
    uses: [],
    source: `
// clampCount is the element count of take(n) and skip(n): n clamped to [0, length].
func clampCount(n int64, length int) int {
	return int(min(max(n, 0), int64(length)))
}`,
  },
  chunkCount: {
    imports: ['runtime'],
    uses: [],
    source: `
// minChunk is the fewest elements worth a goroutine: below it, starting one costs more than
// the work it would take over.
const minChunk = 4096

// chunkCount is how many contiguous chunks a parallel loop over n elements uses: one per CPU,
// each of at least minChunk elements (so a small input runs as one chunk).
func chunkCount(n int) int {
	return max(1, min(n/minChunk, runtime.GOMAXPROCS(0)))
}`,
  },
  parallelChunks: {
    imports: ['sync'],
    uses: [],
    source: `
// parallelChunks runs body on chunks contiguous chunks of [0, n) concurrently and waits for all
// of them. A panic in a chunk is raised again here, the earliest chunk's first, which is the
// panic a sequential loop would have raised.
func parallelChunks(n, chunks int, body func(chunk, lo, hi int)) {
	panics := make([]any, chunks)
	var wg sync.WaitGroup
	for c := range chunks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[c] = recover() }()
			body(c, c*n/chunks, (c+1)*n/chunks)
		}()
	}
	wg.Wait()
	for _, p := range panics {
		if p != nil {
			panic(p)
		}
	}
}`,
  },
  extremum: {
    imports: [],
    uses: [],
    source: `
// extremum is one chunk's share of a parallel min or max. Merged in chunk order, the shares give
// exactly the sequential fold (keep the first value, replace it by every later v < m, or v > m):
// a NaN first value makes the result NaN, and no later NaN is ever chosen.
type extremum[T int64 | float64] struct {
	max   bool // a max rather than a min
	seen  bool // a value was added
	first T    // the first value added
	found bool // best holds a value that is not NaN
	best  T    // the first smallest (largest) value that is not NaN
}

func (e *extremum[T]) better(v, best T) bool {
	if e.max {
		return v > best
	}
	return v < best
}

func (e *extremum[T]) add(v T) {
	if !e.seen {
		e.seen, e.first = true, v
	}
	if v == v && (!e.found || e.better(v, e.best)) { // v != v only for a float NaN
		e.found, e.best = true, v
	}
}

func (e *extremum[T]) merge(o extremum[T]) {
	if !o.seen {
		return
	}
	if !e.seen {
		e.seen, e.first = true, o.first
	}
	if o.found && (!e.found || e.better(o.best, e.best)) {
		e.found, e.best = true, o.best
	}
}

// result is the min (max) of everything added, and panics like the sequential fold when that
// was nothing.
func (e *extremum[T]) result(op string) T {
	if !e.seen {
		panic(op + " of an empty array")
	}
	if e.first != e.first {
		return e.first
	}
	return e.best
}`,
  },
  input: {
    imports: ['encoding/json', 'fmt', 'os'],
    uses: ['decodeValue'],
    source: `
// input is the document a program reads on stdin: {"args": {...}, "params": {...}}.
type input struct {
	Args   map[string]json.RawMessage \`json:"args"\`
	Params map[string]json.RawMessage \`json:"params"\`
}

// readInput decodes stdin; keys other than "args" and "params" are an error.
func readInput() input {
	dec := json.NewDecoder(os.Stdin)
	dec.DisallowUnknownFields()
	var in input
	if err := dec.Decode(&in); err != nil {
		panic(fmt.Sprintf("reading input: %v", err))
	}
	return in
}

// arg decodes the kernel argument name into dst; every argument must be present.
func (in input) arg(name string, dst any) {
	raw, ok := in.Args[name]
	if !ok {
		panic(fmt.Sprintf("missing argument %q", name))
	}
	decodeValue("args."+name, raw, dst)
}

// param decodes the param name into dst when the input sets it; dst keeps its default otherwise.
func (in input) param(name string, dst any) {
	if raw, ok := in.Params[name]; ok {
		decodeValue("params."+name, raw, dst)
	}
}`,
  },
  decodeValue: {
    imports: ['bytes', 'encoding/json', 'fmt', 'math', 'reflect', 'strconv'],
    uses: [],
    source: `
// decodeValue decodes raw into the value dst points to, exactly: int64 from integer text,
// float64 from numbers and from "NaN", "Infinity" and "-Infinity", records by their json tags
// with every field present and no other.
func decodeValue(path string, raw json.RawMessage, dst any) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		panic(fmt.Sprintf("%s: %v", path, err))
	}
	assignValue(path, reflect.ValueOf(dst).Elem(), v)
}

func assignValue(path string, dst reflect.Value, v any) {
	mismatch := func() {
		panic(fmt.Sprintf("%s: expected %s, got %v", path, dst.Type(), v))
	}
	switch dst.Kind() {
	case reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			mismatch()
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil {
			mismatch()
		}
		dst.SetInt(i)
	case reflect.Float64:
		special := map[string]float64{"NaN": math.NaN(), "Infinity": math.Inf(1), "-Infinity": math.Inf(-1)}
		switch x := v.(type) {
		case json.Number:
			f, err := strconv.ParseFloat(string(x), 64)
			if err != nil && !math.IsInf(f, 0) {
				mismatch()
			}
			dst.SetFloat(f)
		case string:
			f, ok := special[x]
			if !ok {
				mismatch()
			}
			dst.SetFloat(f)
		default:
			mismatch()
		}
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			mismatch()
		}
		dst.SetBool(b)
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			mismatch()
		}
		dst.SetString(s)
	case reflect.Slice:
		items, ok := v.([]any)
		if !ok {
			mismatch()
		}
		slice := reflect.MakeSlice(dst.Type(), len(items), len(items))
		for i, item := range items {
			assignValue(fmt.Sprintf("%s[%d]", path, i), slice.Index(i), item)
		}
		dst.Set(slice)
	case reflect.Struct:
		fields, ok := v.(map[string]any)
		if !ok || len(fields) != dst.NumField() {
			mismatch()
		}
		for i := range dst.NumField() {
			name := dst.Type().Field(i).Tag.Get("json")
			field, ok := fields[name]
			if !ok {
				mismatch()
			}
			assignValue(path+"."+name, dst.Field(i), field)
		}
	}
}`,
  },
  printJSON: {
    imports: ['fmt', 'reflect', 'strconv', 'strings'],
    uses: ['formatFloat', 'quoteJSON'],
    source: `
// printJSON prints v as one line of canonical JSON: exact integers, the shortest float64 that
// round-trips (NaN and the infinities as strings), records as objects keyed by their json tags in
// declaration order.
func printJSON(v any) {
	var b strings.Builder
	writeJSON(&b, reflect.ValueOf(v))
	fmt.Println(b.String())
}

func writeJSON(b *strings.Builder, v reflect.Value) {
	switch v.Kind() {
	case reflect.Int64:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Float64:
		b.WriteString(formatFloat(v.Float()))
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.String:
		b.WriteString(quoteJSON(v.String()))
	case reflect.Slice:
		b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, v.Index(i))
		}
		b.WriteByte(']')
	case reflect.Struct:
		b.WriteByte('{')
		for i := range v.NumField() {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(quoteJSON(v.Type().Field(i).Tag.Get("json")))
			b.WriteByte(':')
			writeJSON(b, v.Field(i))
		}
		b.WriteByte('}')
	}
}`,
  },
  formatFloat: {
    imports: ['math', 'strconv', 'strings'],
    uses: [],
    source: `
// formatFloat spells x as JavaScript's Number.prototype.toString does, the canonical output:
// the shortest digits that round-trip, in exponent form below 1e-6 and from 1e21 on, "-0" for
// negative zero, and NaN and the infinities as JSON strings.
func formatFloat(x float64) string {
	switch {
	case math.IsNaN(x):
		return \`"NaN"\`
	case math.IsInf(x, 1):
		return \`"Infinity"\`
	case math.IsInf(x, -1):
		return \`"-Infinity"\`
	case x == 0 && math.Signbit(x):
		return "-0"
	case x == 0:
		return "0"
	}
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	mantissa, exponent, _ := strings.Cut(strconv.FormatFloat(x, 'e', -1, 64), "e")
	digits := strings.Replace(mantissa, ".", "", 1)
	e, _ := strconv.Atoi(exponent)
	point := e + 1 // digits[:point] is the integer part
	switch {
	case len(digits) <= point && point <= 21:
		return sign + digits + strings.Repeat("0", point-len(digits))
	case 0 < point && point <= 21:
		return sign + digits[:point] + "." + digits[point:]
	case -6 < point && point <= 0:
		return sign + "0." + strings.Repeat("0", -point) + digits
	}
	if len(digits) > 1 {
		digits = digits[:1] + "." + digits[1:]
	}
	if e > 0 {
		return sign + digits + "e+" + strconv.Itoa(e)
	}
	return sign + digits + "e" + strconv.Itoa(e)
}`,
  },
  quoteJSON: {
    imports: ['fmt', 'strings'],
    uses: [],
    source: `
// quoteJSON quotes s as JavaScript's JSON.stringify does.
func quoteJSON(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(\`\\"\`)
		case '\\\\':
			b.WriteString(\`\\\\\`)
		case '\\b':
			b.WriteString(\`\\b\`)
		case '\\f':
			b.WriteString(\`\\f\`)
		case '\\n':
			b.WriteString(\`\\n\`)
		case '\\r':
			b.WriteString(\`\\r\`)
		case '\\t':
			b.WriteString(\`\\t\`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, \`\\u%04x\`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}`,
  },
  exitOnPanic: {
    imports: ['fmt', 'os'],
    uses: [],
    source: `
// exitOnPanic reports a runtime error of the kernel as program mode specifies: the message on
// stderr after "error: ", and exit status 1.
func exitOnPanic() {
	if r := recover(); r != nil {
		fmt.Fprintln(os.Stderr, "error:", r)
		os.Exit(1)
	}
}`,
  },
};

/** The helpers `used` needs, dependencies included, in a fixed order, and their imports. */
export function resolveHelpers(used: Iterable<HelperName>): { names: HelperName[]; imports: Set<string> } {
  const all = new Set<HelperName>();
  const visit = (h: HelperName): void => {
    if (all.has(h)) return;
    all.add(h);
    for (const dep of HELPERS[h].uses) visit(dep);
  };
  for (const h of used) visit(h);
  const order = Object.keys(HELPERS) as HelperName[];
  const names = order.filter((h) => all.has(h));
  const imports = new Set(names.flatMap((h) => HELPERS[h].imports));
  return { names, imports };
}

/** Each helper's source lines, split once when the module loads: the sources are constants. */
const HELPER_LINES = new Map(
  (Object.keys(HELPERS) as HelperName[]).map((h) => [h, HELPERS[h].source.replace(/^\n/, '').split('\n')] as const),
);

/** The helper's source lines (gofmt form, tab-indented, no leading or trailing blank line). */
export function helperLines(name: HelperName): readonly string[] {
  return HELPER_LINES.get(name)!;
}
