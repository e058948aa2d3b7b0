// Per-call overhead of a trivial compiled function from Node.js (the `kiln` client): median of
// batches, in microseconds per call. Usage: node bench/clients/overhead.mjs ARTIFACT_DIR
import { load } from "../../clients/node/index.js";

const addOne = load(process.argv[2]);
const batches = 21, calls = 20000, perCall = [];
for (let b = 0; b < batches; b++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) addOne({ x: i });
  perCall.push(Number(process.hrtime.bigint() - start) / calls / 1000);
}
perCall.sort((a, b) => a - b);
console.log(perCall[Math.floor(batches / 2)].toFixed(3));
