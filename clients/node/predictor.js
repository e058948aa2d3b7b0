// load(dir): a compiled function, ready to call with JavaScript values.
import fs from "node:fs";
import path from "node:path";

import { ABI_VERSION, bind } from "./abi.js";
import { KilnError, check } from "./errors.js";
import { fromValue, toValue } from "./values.js";

function readManifest(dir) {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new KilnError("FileNotFoundError", `no Kiln artifact at '${dir}' (not a directory)`);
  }
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
      if (manifest && typeof manifest.library === "string" && "abi_version" in manifest) return manifest;
    } catch {
      // not a manifest
    }
  }
  throw new KilnError("FileNotFoundError", `'${dir}' is not a Kiln artifact (it has no manifest; build one with \`kiln compile\`)`);
}

function openLibrary(dir, manifest) {
  const { abi_version: version, library } = manifest;
  if (version !== ABI_VERSION) {
    throw new KilnError("ImportError", `${dir} was built for Kiln ABI version ${version}; this client speaks version ${ABI_VERSION}`);
  }
  if (path.basename(library) !== library) {  // the library lives inside the artifact, nowhere else
    throw new KilnError("ImportError", `${dir}'s manifest names a library outside it: '${library}'`);
  }
  const file = path.join(dir, library);
  let api;
  try {
    api = bind(file);
  } catch (e) {
    throw new KilnError("ImportError", `cannot load ${file} as a Kiln artifact library: ${e.message}`);
  }
  if (api.kiln_abi_version() !== ABI_VERSION) {
    throw new KilnError("ImportError", `${file} speaks Kiln ABI version ${api.kiln_abi_version()}; this client speaks version ${ABI_VERSION}`);
  }
  return api;
}

// Releases the predictors that were dropped without close().
const unclosed = new FinalizationRegistry(({ api, handle }) => api.kiln_predictor_release(handle));

// A compiled function loaded in this process. One predictor serves any number of calls.
export class Predictor {
  constructor(dir) {
    if (typeof dir !== "string") throw new KilnError("TypeError", `an artifact path must be a string, not ${typeof dir}`);
    if (dir === "") throw new KilnError("FileNotFoundError", "no Kiln artifact at '' (an empty path)");
    const absolute = path.resolve(dir);  // so a later chdir cannot move the artifact's resources away from it
    this.api = openLibrary(absolute, readManifest(absolute));
    const handle = [null], error = [null];
    check(this.api, this.api.kiln_predictor_open(absolute, this.api.kiln_predictor_default_params(), handle, error), error);
    this.handle = handle[0];
    unclosed.register(this, { api: this.api, handle: this.handle }, this);
    this.signature = JSON.parse(this.api.kiln_predictor_signature(this.handle));
    this.name = this.signature.name;
  }

  // Calls the function with named arguments; returns { output, latencyNs, tokens }.
  run(args = {}) {
    const info = {};
    const output = this.#invoke(args, (api, inputs, out, error) => api.kiln_predictor_run_with_info(this.handle, inputs, out, info, error));
    return { output, latencyNs: Number(info.latency_ns), tokens: Number(info.tokens) };
  }

  // Calls the function with named arguments; returns its result. (Without run()'s info: a little faster.)
  call(args = {}) {
    return this.#invoke(args, (api, inputs, out, error) => api.kiln_predictor_run(this.handle, inputs, out, error));
  }

  #invoke(args, runWith) {
    if (this.handle === null) throw new KilnError("ValueError", `predictor '${this.name}' is closed`);
    if (typeof args !== "object" || args === null || Array.isArray(args) || ArrayBuffer.isView(args)) {
      throw new KilnError("TypeError", `arguments must be an object of parameter names, not ${Array.isArray(args) ? "an array" : typeof args}`);
    }
    const api = this.api;
    const inputs = toValue(api, args);
    const output = [null], error = [null];
    let status;
    try {
      status = runWith(api, inputs, output, error);
    } finally {
      api.kiln_value_release(inputs);
    }
    check(api, status, error);
    try {
      return fromValue(api, output[0]);
    } finally {
      api.kiln_value_release(output[0]);
    }
  }

  close() {
    if (this.handle !== null) {
      unclosed.unregister(this);
      this.api.kiln_predictor_release(this.handle);
      this.handle = null;
    }
  }
}

// The compiled function in artifact directory `dir`: a function of one object of named arguments, with
// `.signature`, `.run(args)` (the output with its latency and token count) and `.close()`.
export function load(dir) {
  const predictor = new Predictor(dir);
  const fn = (args) => predictor.call(args);
  return Object.assign(fn, {
    signature: predictor.signature,
    predictor,
    run: (args) => predictor.run(args),
    close: () => predictor.close(),
  });
}
