// Per-call overhead of a trivial compiled function (`def add_one(x: int) -> int: return x + 1`) from
// Node.js through the `kiln` client: the median over batches of calls, in microseconds per call.
//
//   node bench/clients/overhead.mjs [ARTIFACT_DIR]     (without one, compiles add_one with build/bin/kiln)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { load } from "../../clients/node/index.js";

const BATCHES = 21, CALLS = 20000;

function compileAddOne() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kiln-overhead-"));
  fs.writeFileSync(path.join(dir, "f.py"), "def add_one(x: int) -> int:\n    return x + 1\n");
  execFileSync(process.env.KILN_BIN ?? path.join(root, "build/bin/kiln"),
    ["compile", path.join(dir, "f.py"), "-f", "add_one", "-o", path.join(dir, "add_one")], { stdio: "ignore" });
  return path.join(dir, "add_one");
}

const artifact = process.argv[2] ?? compileAddOne();
const addOne = load(artifact);
const perCall = [];
for (let b = 0; b < BATCHES; b++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) addOne({ x: i });
  perCall.push(Number(process.hrtime.bigint() - start) / CALLS / 1000);
}
perCall.sort((a, b) => a - b);
console.log(`${perCall[Math.floor(BATCHES / 2)].toFixed(3)} µs per call (Node.js, median of ${BATCHES} batches of ${CALLS})`);
addOne.close();
if (!process.argv[2]) fs.rmSync(path.dirname(artifact), { recursive: true, force: true });
