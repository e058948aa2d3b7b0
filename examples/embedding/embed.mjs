// The same artifact from Node.js: the OpenAI-style client over the library `kiln compile` built
// from embed.py (scripts/demo builds it into .cache/demo/models/embed).
//
//   node examples/embedding/embed.mjs [MODELS_DIR]
import { Kiln } from "../../clients/node/index.js";

const modelsDir = process.argv[2] ?? new URL("../../.cache/demo/models", import.meta.url).pathname;
const client = new Kiln({ modelsDir });
const sentences = ["A cat sleeps on the sofa.", "A kitten naps on the couch.", "Stock markets fell sharply today."];
const response = await client.embeddings.create({ model: "embed", input: sentences });

const vectors = response.data.map((d) => d.embedding);
const dot = (a, b) => a.reduce((sum, x, i) => sum + x * b[i], 0);
console.log(`client.embeddings.create({ model: "embed", input: [${sentences.length} sentences] })`);
console.log(`  ${vectors.length} embeddings of ${vectors[0].length} floats, usage: ${response.usage.prompt_tokens} tokens`);
console.log("  cosine similarity:");
vectors.forEach((a, i) => {
  const row = vectors.map((b) => dot(a, b).toFixed(3).padStart(6)).join(" ");
  console.log(`    ${row}   ${sentences[i]}`);
});
