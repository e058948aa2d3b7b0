// The OpenAI-style client: new Kiln({ modelsDir }).embeddings.create({ model, input }) returns the fields
// and nesting of OpenAI's CreateEmbeddingResponse, computed by a local Kiln artifact.
//
// A model NAME is the artifact directory <models dir>/NAME; the models directory is the `modelsDir`
// option, else the KILN_MODELS environment variable, else ~/.kiln/models.
import os from "node:os";
import path from "node:path";

import { KilnError } from "./errors.js";
import { Predictor } from "./predictor.js";
import { Tensor } from "./values.js";

export function modelsDir(explicit) {
  return explicit ?? (process.env.KILN_MODELS || path.join(os.homedir(), ".kiln", "models"));
}

// The model's output as `count` vectors: list[list[float]] (or a 2-D tensor) for a list of texts,
// list[float] (or a 1-D tensor) for one text.
function vectors(output, count) {
  let rows = output;
  if (rows instanceof Tensor) {
    const [n, d] = rows.shape.length === 1 ? [1, rows.shape[0]] : rows.shape;
    rows = Array.from({ length: n }, (_, i) => Array.from(output.data.subarray(i * d, (i + 1) * d), Number));
  }
  if (Array.isArray(rows) && rows.length && !Array.isArray(rows[0])) rows = [rows];
  if (!Array.isArray(rows) || rows.length !== count || !rows.every(Array.isArray)) {
    throw new KilnError("TypeError", "the model did not return one vector per input");
  }
  return rows.map((r) => r.map(Number));
}

function texts(input) {
  const list = typeof input === "string" ? [input] : Array.isArray(input) ? [...input] : null;
  if (!list || !list.every((t) => typeof t === "string")) throw new KilnError("TypeError", "input must be a string or an array of strings");
  if (list.length === 0) throw new KilnError("ValueError", "input must not be empty");  // as OpenAI answers
  return list;
}

// OpenAI's `dimensions`: the first N values, scaled back to unit (L2) length.
function shorten(vector, dimensions) {
  if (dimensions === undefined || dimensions === null) return vector;
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > vector.length) {
    throw new KilnError("ValueError", `dimensions must be an integer from 1 to ${vector.length}, not ${dimensions}`);
  }
  const head = vector.slice(0, dimensions);
  const norm = Math.sqrt(head.reduce((s, x) => s + x * x, 0));
  return norm ? head.map((x) => x / norm) : head;
}

function encode(vector, encodingFormat) {
  // base64: little-endian float32 bytes, as OpenAI sends them (typed arrays use the machine's order,
  // little-endian on every platform koffi runs Kiln on).
  return encodingFormat === "base64" ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
}

function textParameter(predictor) {
  const param = predictor.signature.params.find((p) => p.type === "list[str]" || p.type === "str");
  if (!param) throw new KilnError("TypeError", `model '${predictor.name}' has no str or list[str] parameter to take \`input\``);
  return param;
}

const usage = (tokens) => ({ prompt_tokens: tokens, total_tokens: tokens });

export class Kiln {
  #loaded = new Map();

  constructor({ modelsDir: dir } = {}) {
    this.modelsDir = modelsDir(dir);
    this.embeddings = { create: (request) => this.#embed(request) };
    this.predictions = {
      create: ({ model, inputs }) => {
        const run = this.#model(model).run(inputs);
        return { object: "prediction", model, output: run.output, usage: usage(run.tokens) };
      },
    };
  }

  // Releases every artifact loaded so far.
  close() {
    for (const predictor of this.#loaded.values()) predictor.close();
    this.#loaded.clear();
  }

  #model(name) {
    if (typeof name !== "string" || ["", ".", ".."].includes(name) || name.includes("/") || name.includes(path.sep)) {
      throw new KilnError("ValueError", `invalid model name '${name}' (a directory name in ${this.modelsDir})`);
    }
    if (!this.#loaded.has(name)) this.#loaded.set(name, new Predictor(path.join(this.modelsDir, name)));
    return this.#loaded.get(name);
  }

  #embed({ model, input, encoding_format: encodingFormat = "float", dimensions }) {
    if (encodingFormat !== "float" && encodingFormat !== "base64") {
      throw new KilnError("ValueError", `encoding_format must be 'float' or 'base64', not '${encodingFormat}'`);
    }
    const list = texts(input);
    const predictor = this.#model(model);
    const param = textParameter(predictor);
    const takesList = param.type === "list[str]";
    const runs = takesList ? [predictor.run({ [param.name]: list })] : list.map((t) => predictor.run({ [param.name]: t }));
    const rows = runs.flatMap((run) => vectors(run.output, takesList ? list.length : 1));
    const data = rows.map((v, index) => ({ object: "embedding", index, embedding: encode(shorten(v, dimensions), encodingFormat) }));
    // Tokens are what the artifact's model ops report (0 for a function without a model).
    return { object: "list", data, model, usage: usage(runs.reduce((s, run) => s + run.tokens, 0)) };
  }
}
