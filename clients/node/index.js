// Kiln's Node.js client: load a compiled function (`load`) or use the OpenAI-style `Kiln` client.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { ABI_VERSION, bind } from "./abi.js";
import { KilnError, fromValue, takeError, toValue } from "./values.js";

export { KilnError };

function readManifest(dir) {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new KilnError("FileNotFoundError", `no Kiln artifact at '${dir}' (not a directory)`);
  }
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
      if (manifest && manifest.library && "abi_version" in manifest) return manifest;
    } catch {
      // not a manifest
    }
  }
  throw new KilnError("FileNotFoundError", `'${dir}' is not a Kiln artifact (no manifest; build one with \`kiln compile\`)`);
}

// A compiled function loaded in this process: call(args) with named arguments, or predictor(args).
export class Predictor {
  constructor(dir) {
    const manifest = readManifest(dir);
    if (manifest.abi_version !== ABI_VERSION) {
      throw new KilnError("ImportError",
        `${dir} was built for Kiln ABI version ${manifest.abi_version}; this client speaks version ${ABI_VERSION}`);
    }
    this.api = bind(path.resolve(dir, manifest.library));
    const handle = [null], error = [null];
    if (this.api.kiln_predictor_open(path.resolve(dir), this.api.kiln_predictor_default_params(), handle, error) !== 0) {
      throw takeError(this.api, error[0]);
    }
    this.handle = handle[0];
    this.signature = JSON.parse(this.api.kiln_predictor_signature(this.handle));
    this.name = this.signature.name;
  }

  call(args = {}) {
    if (this.handle === null) throw new KilnError("ValueError", "this predictor is closed");
    const api = this.api;
    const inputs = toValue(api, args);
    const output = [null], error = [null];
    let status;
    try {
      status = api.kiln_predictor_run(this.handle, inputs, output, error);
    } finally {
      api.kiln_value_release(inputs);
    }
    if (status !== 0) throw takeError(api, error[0]);
    try {
      return fromValue(api, output[0]);
    } finally {
      api.kiln_value_release(output[0]);
    }
  }

  close() {
    if (this.handle !== null) {
      this.api.kiln_predictor_release(this.handle);
      this.handle = null;
    }
  }
}

// The compiled function in artifact directory `dir`, as a callable with `.signature` and `.close()`.
export function load(dir) {
  const predictor = new Predictor(dir);
  const fn = (args) => predictor.call(args);
  fn.signature = predictor.signature;
  fn.predictor = predictor;
  fn.close = () => predictor.close();
  return fn;
}

// The models directory: the option, else KILN_MODELS, else ~/.kiln/models.
export function modelsDir(explicit) {
  return explicit ?? process.env.KILN_MODELS ?? path.join(os.homedir(), ".kiln", "models");
}

function rows(output) {
  let out = output;
  if (out && out.data && out.shape) {  // a tensor
    const [n, d] = out.shape.length === 1 ? [1, out.shape[0]] : out.shape;
    out = Array.from({ length: n }, (_, i) => Array.from(out.data.subarray(i * d, (i + 1) * d)));
  }
  if (Array.isArray(out) && out.length && !Array.isArray(out[0])) out = [out];
  if (!Array.isArray(out) || !out.every(Array.isArray)) throw new KilnError("TypeError", "the model did not return one vector per input");
  return out.map((r) => r.map(Number));
}

function shorten(vector, dimensions) {
  if (dimensions === undefined || dimensions === null) return vector;
  if (dimensions <= 0 || dimensions > vector.length) {
    throw new KilnError("ValueError", `dimensions must be between 1 and ${vector.length}, not ${dimensions}`);
  }
  const head = vector.slice(0, dimensions);
  const norm = Math.sqrt(head.reduce((s, x) => s + x * x, 0));
  return norm ? head.map((x) => x / norm) : head;
}

// The OpenAI-style client: new Kiln({ modelsDir }).embeddings.create({ model, input }).
export class Kiln {
  constructor({ modelsDir: dir } = {}) {
    this.dir = dir;
    this.loaded = new Map();
    this.embeddings = { create: (request) => this.#embed(request) };
    this.predictions = { create: ({ model, inputs }) => ({ object: "prediction", model, output: this.#model(model).call(inputs) }) };
  }

  #model(name) {
    if (!name || name.includes(path.sep) || name === "." || name === "..") throw new KilnError("ValueError", `invalid model name '${name}'`);
    if (!this.loaded.has(name)) this.loaded.set(name, new Predictor(path.join(modelsDir(this.dir), name)));
    return this.loaded.get(name);
  }

  #embed({ model, input, encoding_format = "float", dimensions }) {
    if (encoding_format !== "float" && encoding_format !== "base64") {
      throw new KilnError("ValueError", `encoding_format must be 'float' or 'base64', not '${encoding_format}'`);
    }
    const texts = typeof input === "string" ? [input] : [...input];
    const predictor = this.#model(model);
    const param = predictor.signature.params.find((p) => p.type === "list[str]" || p.type === "str");
    if (!param) throw new KilnError("TypeError", `model '${model}' takes no str or list[str] parameter for input`);
    const vectors = param.type === "list[str]"
      ? rows(predictor.call({ [param.name]: texts }))
      : texts.map((t) => rows(predictor.call({ [param.name]: t }))[0]);
    const data = vectors.map((v, index) => {
      const vector = shorten(v, dimensions);
      const embedding = encoding_format === "base64"
        ? Buffer.from(new Float32Array(vector).buffer).toString("base64")  // little-endian float32, as OpenAI sends
        : vector;
      return { object: "embedding", embedding, index };
    });
    // Token counts need the model runtime's counters; until an artifact reports them they are 0.
    return { object: "list", data, model, usage: { prompt_tokens: 0, total_tokens: 0 } };
  }
}
