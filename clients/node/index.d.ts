// Types of Kiln's Node.js client.

/** A compiled function's Python exception, or Kiln's own error for bad input. */
export class KilnError extends Error {
  /** The Python exception's class name ("KeyError", "TypeError", ...). */
  type: string;
  /** The exception's message, as CPython words it (`message` is "Type: pythonMessage"). */
  pythonMessage: string;
  /** The Python source file and line that raised it ("" and 0 when Kiln itself raised it). */
  file: string;
  line: number;
}

export type DType = "float16" | "float32" | "float64" | "int8" | "int16" | "int32" | "int64" | "uint8" | "bool";
export type TensorData = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array |
  Uint16Array;

/** A tensor: elements in C order. float16 elements are their raw bits (Uint16Array), bool ones bytes. */
export class Tensor {
  /** `shape` defaults to [data.length], `dtype` to the typed array's own element type. */
  constructor(data: TensorData, shape?: number[], dtype?: DType);
  dtype: DType;
  shape: number[];
  data: TensorData;
}

/** A value that crosses the ABI: null/undefined (None), boolean, number (int when a safe integer, else float),
 * bigint (int), string, Buffer (bytes), arrays (list), plain objects (dict), Tensor or a typed array. */
export type KilnValue = null | undefined | boolean | number | bigint | string | Buffer | Tensor | TensorData | KilnValue[] |
  { [key: string]: KilnValue };

export interface Parameter {
  name: string;
  /** As Python spells it: "list[str]", "int | None". */
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

/** One call's result and cost: wall-clock latency, and the tokens the function's model ops processed. */
export interface Run<T = unknown> {
  output: T;
  latencyNs: number;
  tokens: number;
}

export class Predictor {
  constructor(dir: string);
  readonly signature: Signature;
  readonly name: string;
  run(args?: Record<string, KilnValue>): Run;
  call(args?: Record<string, KilnValue>): unknown;
  close(): void;
}

export interface LoadedFunction {
  (args?: Record<string, KilnValue>): unknown;
  signature: Signature;
  predictor: Predictor;
  run(args?: Record<string, KilnValue>): Run;
  close(): void;
}

/** The compiled function in artifact directory `dir` (made by `kiln compile ... -o dir`). */
export function load(dir: string): LoadedFunction;
/** The models directory: `explicit`, else $KILN_MODELS, else ~/.kiln/models. */
export function modelsDir(explicit?: string): string;

export interface EmbeddingCreateParams {
  model: string;
  input: string | string[];
  encoding_format?: "float" | "base64";
  /** Keep the first N values, scaled back to unit length (as OpenAI does). */
  dimensions?: number;
  user?: string;
}

/** An embedding: floats, or (encoding_format "base64") little-endian float32 bytes in base64. */
export interface Embedding<E = number[]> {
  object: "embedding";
  index: number;
  embedding: E;
}

export interface Usage {
  prompt_tokens: number;
  total_tokens: number;
}

export interface CreateEmbeddingResponse<E = number[]> {
  object: "list";
  data: Embedding<E>[];
  model: string;
  usage: Usage;
}

export interface Prediction {
  object: "prediction";
  model: string;
  output: unknown;
  usage: Usage;
}

export class Kiln {
  constructor(options?: { modelsDir?: string });
  readonly modelsDir: string;
  embeddings: {
    create(params: EmbeddingCreateParams & { encoding_format?: "float" }): CreateEmbeddingResponse;
    create(params: EmbeddingCreateParams & { encoding_format: "base64" }): CreateEmbeddingResponse<string>;
  };
  predictions: { create(params: { model: string; inputs: Record<string, KilnValue> }): Prediction };
  /** Releases every artifact loaded so far. */
  close(): void;
}
