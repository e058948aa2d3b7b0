// load() against real artifacts compiled from tests/clients/functions.py: results equal CPython's for
// the same calls, Python exceptions arrive as KilnErrors with CPython's type and message, and bad input
// fails clearly.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { before, test } from "node:test";

import { KilnError, Tensor, load } from "../index.js";
import { compileModels, cpython, supportsLists } from "../testlib/support.js";

const SCALARS = ["add_one", "describe", "half", "negate", "greet", "scaled", "nothing", "parse_int", "divide", "require_positive"];
const lists = supportsLists();
const needsLists = { skip: !lists && "this kiln cannot compile list functions yet" };
let models;
const fn = (name) => load(path.join(models, name));

before(() => {
  models = compileModels(lists ? [...SCALARS, "summarize", "pairs", "lookup", "array_facts", "same_array"] : SCALARS);
});

// Calls each [name, args] through the client and through CPython; the outcomes must agree.
function assertAgree(calls) {
  const expected = cpython(calls);
  calls.forEach(([name, args], i) => {
    let got;
    try {
      got = { ok: fn(name)(args) };
    } catch (e) {
      if (!(e instanceof KilnError)) throw e;
      got = { error: [e.type, e.pythonMessage] };
    }
    assert.deepEqual(got, expected[i], `${name}(${JSON.stringify(args)})`);
  });
}

test("scalars agree with CPython", () => {
  assertAgree([
    ["add_one", { x: 0 }], ["add_one", { x: -5 }], ["add_one", { x: 2 ** 40 }],
    ["describe", { n: -3, x: 0.1, flag: true, s: "héllo 日本 🎉" }], ["describe", { n: 0, x: 1e300, flag: false, s: "" }],
    ["describe", { n: 7, x: -2.5e-8, flag: true, s: "a\u0000b" }],
    ["half", { x: 3 }], ["half", { x: -7.5 }], ["negate", { b: true }], ["negate", { b: false }],
    ["greet", {}], ["greet", { name: null }], ["greet", { name: "Ada" }],
    ["scaled", { a: 3 }], ["scaled", { a: 3, factor: -2 }], ["nothing", { x: 1 }],
  ]);
});

test("Python exceptions agree with CPython", () => {
  assertAgree([
    ["parse_int", { text: "12x" }], ["divide", { a: 1, b: 0 }], ["require_positive", { x: -3 }],
    ["add_one", {}], ["add_one", { x: 1, y: 2 }],
  ]);
  assert.throws(() => fn("divide")({ a: 1, b: 0 }), (e) => e instanceof KilnError && e.file.endsWith("functions.py") &&
    e.line > 0 && e.message === `${e.type}: ${e.pythonMessage}`);
});

test("containers agree with CPython", needsLists, () => {
  assertAgree([
    ["summarize", { name: "n", scores: [0.5, 2.5, 1.25], tags: { a: 1, b: 3 }, flag: true }],
    ["summarize", { name: "n", scores: [], tags: {} }],
    ["pairs", { words: ["ab", "héllo", ""] }],
    ["lookup", { d: { a: 1 }, key: "a" }], ["lookup", { d: { a: 1 }, key: "nope" }],
  ]);
});

test("numbers: safe integers are ints, other numbers floats, BigInts ints", () => {
  const half = fn("half");
  assert.ok(Object.is(half({ x: -0 }), -0));
  assert.equal(fn("add_one")({ x: 2n ** 62n }), 2n ** 62n + 1n);  // beyond Number's safe range: BigInt
  assert.equal(fn("add_one")({ x: 41n }), 42);
});

test("mistyped and unencodable arguments are TypeErrors and OverflowErrors", () => {
  const addOne = fn("add_one");
  for (const [value, type] of [["1", "str"], [null, "NoneType"], [1.5, "float"], [[1], "list"]]) {
    assert.throws(() => addOne({ x: value }), (e) => e.type === "TypeError" &&
      e.pythonMessage === `add_one() argument 'x' must be int, not ${type}`);
  }
  assert.throws(() => addOne({ x: 2n ** 63n }), (e) => e.type === "OverflowError");
  assert.throws(() => addOne({ x: 1e20 }), (e) => e.pythonMessage === "add_one() argument 'x' must be int, not float");
  assert.throws(() => addOne({ x: Symbol("s") }), (e) => e.type === "TypeError");
  for (const args of [null, [1], "x", 3]) {
    assert.throws(() => addOne(args), (e) => e instanceof KilnError && e.type === "TypeError" && /object of parameter names/.test(e.message));
  }
});

test("signature and run info", () => {
  const scaled = fn("scaled");
  assert.deepEqual(scaled.signature.params.map((p) => [p.name, p.type, p.kind]),
    [["a", "int", "positional_or_keyword"], ["factor", "int", "keyword_only"]]);
  assert.equal(scaled.signature.params[1].default, 10);
  const run = fn("add_one").run({ x: 1 });
  assert.equal(run.output, 2);
  assert.ok(run.latencyNs > 0);
  assert.equal(run.tokens, 0);  // no model, no tokens
});

test("paths that are not artifacts", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kiln-bad-"));
  fs.writeFileSync(path.join(tmp, "broken.json"), "{not json");
  const cases = [
    [path.join(tmp, "missing"), "FileNotFoundError", /not a directory/],
    ["", "FileNotFoundError", /empty path/],
    [tmp, "FileNotFoundError", /not a Kiln artifact/],
    [undefined, "TypeError", /must be a string/],
    [42, "TypeError", /must be a string/],
  ];
  for (const [dir, type, message] of cases) {
    assert.throws(() => load(dir), (e) => e instanceof KilnError && e.type === type && message.test(e.message), String(dir));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("broken artifacts", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kiln-broken-"));
  const copy = (changes) => {
    const dir = fs.mkdtempSync(path.join(tmp, "a-"));
    fs.cpSync(path.join(models, "add_one"), dir, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "add_one.json"), "utf8"));
    fs.writeFileSync(path.join(dir, "add_one.json"), JSON.stringify({ ...manifest, ...changes }));
    return dir;
  };
  assert.equal(load(copy({}))({ x: 1 }), 2);
  for (const [changes, message] of [
    [{ abi_version: 999 }, /ABI version 999/], [{ library: "../libadd_one.so" }, /outside/],
    [{ library: "libmissing.so" }, /cannot load/], [{ library: "add_one.json" }, /cannot load/],
  ]) {
    assert.throws(() => load(copy(changes)), (e) => e.type === "ImportError" && message.test(e.message), JSON.stringify(changes));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("a closed predictor refuses calls; closing twice is fine", () => {
  const addOne = fn("add_one");
  assert.equal(addOne({ x: 1 }), 2);
  addOne.close();
  addOne.close();
  assert.throws(() => addOne({ x: 1 }), (e) => e.type === "ValueError" && /closed/.test(e.message));
});

test("typed arrays are ndarray arguments, checked against the annotated dtype", needsLists, () => {
  const facts = fn("array_facts");
  assert.deepEqual(facts({ x: new Tensor(new Float32Array(6), [2, 3]) }), [2, 3, 2, 6, 2]);
  assert.deepEqual(facts({ x: new Float32Array(4) }), [4, 1, 4, 4]);
  assert.throws(() => facts({ x: new Float64Array(4) }), (e) => e instanceof KilnError && e.type === "TypeError" &&
    e.pythonMessage === "array_facts() argument 'x' must be an ndarray of float32, not of float64");
  const back = fn("same_array")({ x: new Tensor(new Int32Array([1, 2, 3, 4]), [2, 2]) });
  assert.ok(back instanceof Tensor);
  assert.deepEqual([...back.data], [1, 2, 3, 4]);
  assert.deepEqual(back.shape, [2, 2]);
});
