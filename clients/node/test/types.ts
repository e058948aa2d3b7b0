// Type-checks the client's response against the `openai` package's own types (tsc --noEmit).
import type { CreateEmbeddingResponse } from "openai/resources/embeddings";

import { Kiln } from "../index.js";

const client = new Kiln({ modelsDir: "/nonexistent" });
export function asOpenAI(): CreateEmbeddingResponse {
  return client.embeddings.create({ model: "embed", input: ["a", "b"] });
}
