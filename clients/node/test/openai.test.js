// The OpenAI-style client: the response shape of OpenAI's embeddings API (type-checked against the
// `openai` package in types.ts), with the values CPython computes for the same function.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { before, test } from "node:test";

import { Kiln, KilnError, modelsDir } from "../index.js";
import { compileModels, cpython, supportsLists } from "../testlib/support.js";

const lists = supportsLists();
const needsLists = { skip: !lists && "this kiln cannot compile list functions yet" };
let models;
before(() => {
  models = compileModels(lists ? ["add_one", "letter_embedding", "length_embedding"] : ["add_one"]);
});

const oracle = (name, args) => {
  const [result] = cpython([[name, args]]);
  assert.ok("ok" in result, JSON.stringify(result));
  return result.ok;
};
const unit = (v) => {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / norm);
};

test("embeddings have OpenAI's shape and CPython's values", needsLists, () => {
  const client = new Kiln({ modelsDir: models });
  const texts = ["Hello world", "kiln compiles python", ""];
  const response = client.embeddings.create({ model: "letter_embedding", input: texts });
  assert.deepEqual(Object.keys(response).sort(), ["data", "model", "object", "usage"]);
  assert.deepEqual([response.object, response.model, response.usage], ["list", "letter_embedding", { prompt_tokens: 0, total_tokens: 0 }]);
  assert.deepEqual(response.data.map((d) => Object.keys(d).sort()), texts.map(() => ["embedding", "index", "object"]));
  assert.deepEqual(response.data.map((d) => [d.object, d.index]), [["embedding", 0], ["embedding", 1], ["embedding", 2]]);
  assert.deepEqual(response.data.map((d) => d.embedding), oracle("letter_embedding", { text: texts }));
  const one = client.embeddings.create({ model: "letter_embedding", input: "Hello world" });
  assert.deepEqual(one.data.map((d) => d.embedding), oracle("letter_embedding", { text: ["Hello world"] }));
});

test("a model taking one str is called once per text", needsLists, () => {
  const texts = ["a e i", "xyz"];
  const response = new Kiln({ modelsDir: models }).embeddings.create({ model: "length_embedding", input: texts });
  assert.deepEqual(response.data.map((d) => d.embedding), texts.map((text) => oracle("length_embedding", { text })));
});

test("base64 is little-endian float32; dimensions truncate then renormalise", needsLists, () => {
  const client = new Kiln({ modelsDir: models });
  const expected = oracle("letter_embedding", { text: ["abcdefgh abc"] })[0];
  const encoded = client.embeddings.create({ model: "letter_embedding", input: ["abcdefgh abc"], encoding_format: "base64" });
  const bytes = Buffer.from(encoded.data[0].embedding, "base64");
  assert.deepEqual(Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4)), Array.from(new Float32Array(expected)));
  for (const dimensions of [1, 3, 8]) {
    const short = client.embeddings.create({ model: "letter_embedding", input: ["abcdefgh abc"], dimensions }).data[0].embedding;
    unit(expected.slice(0, dimensions)).forEach((x, i) => assert.ok(Math.abs(x - short[i]) < 1e-12));
  }
});

test("bad embedding requests", needsLists, () => {
  const client = new Kiln({ modelsDir: models });
  for (const [request, type] of [
    [{ input: ["a"], encoding_format: "int8" }, "ValueError"], [{ input: ["a"], dimensions: 0 }, "ValueError"],
    [{ input: ["a"], dimensions: 9 }, "ValueError"], [{ input: ["a"], dimensions: 1.5 }, "ValueError"],
    [{ input: [] }, "ValueError"], [{ input: [1] }, "TypeError"], [{ input: null }, "TypeError"],
  ]) {
    assert.throws(() => client.embeddings.create({ model: "letter_embedding", ...request }),
      (e) => e instanceof KilnError && e.type === type, JSON.stringify(request));
  }
});

test("models: names, missing ones, and functions without a text parameter", () => {
  const client = new Kiln({ modelsDir: models });
  for (const name of ["", ".", "..", "../add_one", "a/b", undefined]) {
    assert.throws(() => client.predictions.create({ model: name, inputs: {} }), (e) => e.type === "ValueError" && /invalid model name/.test(e.message));
  }
  assert.throws(() => client.embeddings.create({ model: "no_such_model", input: "a" }), (e) => e.type === "FileNotFoundError");
  assert.throws(() => client.embeddings.create({ model: "add_one", input: "a" }), (e) => e.type === "TypeError" && /no str or list\[str\]/.test(e.message));
});

test("predictions run any function", () => {
  const client = new Kiln({ modelsDir: models });
  assert.deepEqual(client.predictions.create({ model: "add_one", inputs: { x: 41 } }),
    { object: "prediction", model: "add_one", output: oracle("add_one", { x: 41 }), usage: { prompt_tokens: 0, total_tokens: 0 } });
  client.close();
  assert.equal(client.predictions.create({ model: "add_one", inputs: { x: 1 } }).output, 2);  // reloads after close
});

test("the models directory: option, then KILN_MODELS, then ~/.kiln/models", () => {
  const saved = process.env.KILN_MODELS;
  try {
    delete process.env.KILN_MODELS;
    assert.equal(modelsDir(), path.join(os.homedir(), ".kiln", "models"));
    process.env.KILN_MODELS = models;
    assert.equal(new Kiln().modelsDir, models);
    assert.equal(new Kiln().predictions.create({ model: "add_one", inputs: { x: 1 } }).output, 2);
    assert.equal(new Kiln({ modelsDir: "/elsewhere" }).modelsDir, "/elsewhere");
  } finally {
    if (saved === undefined) delete process.env.KILN_MODELS;
    else process.env.KILN_MODELS = saved;
  }
  assert.ok(fs.existsSync(models));
});
