// The Node client against real artifacts compiled from tests/clients/functions.py: results equal
// CPython's (run as the oracle), errors are KilnErrors with Python's type and message.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

import { Kiln, KilnError, load } from "../index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const kilnBin = process.env.KILN_BIN ?? path.join(repo, "build/bin/kiln");
const functions = path.join(repo, "tests/clients/functions.py");
let models;

// What CPython returns for functions.NAME(**args), through JSON (tuples become arrays).
function cpython(name, args) {
  const script = `import json, sys; sys.path.insert(0, ${JSON.stringify(path.dirname(functions))}); import functions
print(json.dumps(getattr(functions, ${JSON.stringify(name)})(**json.loads(sys.argv[1]))))`;
  return JSON.parse(execFileSync("python3", ["-c", script, JSON.stringify(args)], { encoding: "utf8" }));
}

before(() => {
  models = fs.mkdtempSync(path.join(os.tmpdir(), "kiln-node-"));
  for (const fn of ["add_one", "summarize", "lookup", "letter_embedding"]) {
    execFileSync(kilnBin, ["compile", functions, "-f", fn, "-o", path.join(models, fn)], { stdio: "pipe" });
  }
});
after(() => fs.rmSync(models, { recursive: true, force: true }));

test("calls agree with CPython", () => {
  const addOne = load(path.join(models, "add_one"));
  for (const x of [0, -5, 123456789]) assert.equal(addOne({ x }), cpython("add_one", { x }));
  const summarize = load(path.join(models, "summarize"));
  const args = { name: "n", scores: [0.5, 2.5, 1.25], tags: { a: 1, b: 3 }, flag: true };
  assert.deepEqual(summarize(args), cpython("summarize", args));
  assert.equal(summarize.signature.returns, "dict[str, float]");
  assert.deepEqual(summarize.signature.params.map((p) => p.type), ["str", "list[float]", "dict[str, int]", "bool"]);
});

test("Python exceptions are KilnErrors with the type and message", () => {
  const lookup = load(path.join(models, "lookup"));
  assert.throws(() => lookup({ d: { a: 1 }, key: "nope" }), (e) =>
    e instanceof KilnError && e.type === "KeyError" && e.pythonMessage === "'nope'" && e.line > 0);
  const addOne = load(path.join(models, "add_one"));
  assert.throws(() => addOne({}), (e) => e.type === "TypeError" &&
    e.pythonMessage === "add_one() missing 1 required positional argument: 'x'");
  assert.throws(() => addOne({ x: "1" }), (e) => e.pythonMessage === "add_one() argument 'x' must be int, not str");
  assert.throws(() => addOne({ x: 1, y: 2 }), (e) => e.pythonMessage === "add_one() got an unexpected keyword argument 'y'");
});

test("a path that is not an artifact is a clear error", () => {
  assert.throws(() => load(path.join(models, "missing")), (e) => e instanceof KilnError && /not a directory/.test(e.message));
  assert.throws(() => load(os.tmpdir()), (e) => /not a Kiln artifact/.test(e.message));
});

test("embeddings.create has OpenAI's shape and CPython's values", () => {
  const client = new Kiln({ modelsDir: models });
  const texts = ["Hello world", "kiln compiles python"];
  const response = client.embeddings.create({ model: "letter_embedding", input: texts });
  assert.equal(response.object, "list");
  assert.equal(response.model, "letter_embedding");
  assert.deepEqual(response.data.map((d) => d.index), [0, 1]);
  assert.deepEqual(response.data.map((d) => d.embedding), cpython("letter_embedding", { text: texts }));
  const encoded = client.embeddings.create({ model: "letter_embedding", input: "abc", encoding_format: "base64" });
  const floats = new Float32Array(Uint8Array.from(Buffer.from(encoded.data[0].embedding, "base64")).buffer);
  const expected = cpython("letter_embedding", { text: ["abc"] })[0];
  floats.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) < 1e-6));
  assert.deepEqual(client.predictions.create({ model: "add_one", inputs: { x: 1 } }).output, 2);
});
