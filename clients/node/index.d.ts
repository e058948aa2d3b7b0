// Types of Kiln's Node.js client.

export class KilnError extends Error {
  /** The Python exception's class name ("KeyError", "TypeError", ...). */
  type: string;
  /** The exception's message, as CPython words it. */
  pythonMessage: string;
  /** The Python source file and line that raised it ("" and 0 when Kiln itself raised it). */
  file: string;
  line: number;
}

export interface Parameter {
  name: string;
  type: string;
  kind: "positional_only" | "positional_or_keyword" | "keyword_only";
  default?: unknown;
}

export interface Signature {
  name: string;
  doc: string;
  params: Parameter[];
  returns: string;
}

/** A tensor result: its dtype, shape and elements (C order). */
export interface Tensor {
  dtype: string;
  shape: number[];
  data: Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array;
}

export interface LoadedFunction {
  (args?: Record<string, unknown>): unknown;
  signature: Signature;
  close(): void;
}

export function load(dir: string): LoadedFunction;
export function modelsDir(explicit?: string): string;

export interface EmbeddingCreateParams {
  model: string;
  input: string | string[];
  encoding_format?: "float" | "base64";
  dimensions?: number;
}

/** An embedding: floats, or (encoding_format "base64") little-endian float32 bytes in base64. */
export interface Embedding<E = number[]> {
  object: "embedding";
  embedding: E;
  index: number;
}

export interface CreateEmbeddingResponse<E = number[]> {
  object: "list";
  data: Embedding<E>[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

export interface Prediction {
  object: "prediction";
  model: string;
  output: unknown;
}

export class Kiln {
  constructor(options?: { modelsDir?: string });
  embeddings: {
    create(params: EmbeddingCreateParams & { encoding_format?: "float" }): CreateEmbeddingResponse;
    create(params: EmbeddingCreateParams & { encoding_format: "base64" }): CreateEmbeddingResponse<string>;
  };
  predictions: { create(params: { model: string; inputs: Record<string, unknown> }): Prediction };
}
