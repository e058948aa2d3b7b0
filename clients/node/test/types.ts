// Type-checks the client against the `openai` package's own types (tsc --noEmit): a float embeddings
// response is assignable to OpenAI's CreateEmbeddingResponse, and the rest of the API is typed.
import type { CreateEmbeddingResponse, Embedding, EmbeddingCreateParams } from "openai/resources/embeddings";

import { Kiln, KilnError, Tensor, load, type Run, type Signature } from "../index.js";

const client = new Kiln({ modelsDir: "/nonexistent" });

export function asOpenAI(): CreateEmbeddingResponse {
  return client.embeddings.create({ model: "embed", input: ["a", "b"], dimensions: 4 });
}

export function firstEmbedding(): Embedding {
  return client.embeddings.create({ model: "embed", input: "a", encoding_format: "float" }).data[0];
}

export function base64(): string {
  return client.embeddings.create({ model: "embed", input: "a", encoding_format: "base64" }).data[0].embedding;
}

// A request written for OpenAI's client works unchanged.
export function fromOpenAIParams(params: EmbeddingCreateParams & { input: string | string[]; encoding_format?: "float" }) {
  return client.embeddings.create(params);
}

export function call(): [unknown, Signature, Run, string] {
  const addOne = load("/nonexistent");
  try {
    return [addOne({ x: 1, xs: [1n, 2.5, "s", null], t: new Tensor(new Float32Array(4), [2, 2]) }), addOne.signature,
      addOne.run({ x: 1 }), client.modelsDir];
  } catch (e) {
    if (e instanceof KilnError) throw new Error(`${e.type} at ${e.file}:${e.line}: ${e.pythonMessage}`);
    throw e;
  } finally {
    addOne.close();
  }
}
