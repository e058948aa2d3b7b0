// Kiln's Node.js client: load a compiled function (`load`) or use the OpenAI-style `Kiln` client.
export { Kiln, modelsDir } from "./client.js";
export { KilnError } from "./errors.js";
export { Predictor, load } from "./predictor.js";
export { Tensor } from "./values.js";
