// Helpers for the Node client's tests: compiling tests/clients/functions.py with the real `kiln` binary
// (KILN_BIN, else build/bin/kiln) and asking CPython, the oracle, what the same functions return.
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const kilnBin = process.env.KILN_BIN ?? path.join(repo, "build/bin/kiln");
export const functionsFile = path.join(repo, "tests/clients/functions.py");

// Artifacts are cached per (functions.py, kiln binary), so the test files share one compile of each;
// the caches of earlier binaries are removed.
function cacheDir() {
  const hash = crypto.createHash("sha256").update(fs.readFileSync(functionsFile)).update(fs.readFileSync(kilnBin));
  const name = `kiln-node-tests-${hash.digest("hex").slice(0, 16)}`;
  for (const old of fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith("kiln-node-tests-") && d !== name)) {
    fs.rmSync(path.join(os.tmpdir(), old), { recursive: true, force: true });
  }
  return path.join(os.tmpdir(), name);
}

function compileInto(source, name, dir) {
  const out = path.join(dir, name);
  if (fs.existsSync(path.join(out, `${name}.json`))) return out;
  const building = fs.mkdtempSync(path.join(dir, `.${name}-`));
  const run = spawnSync(kilnBin, ["compile", source, "-f", name, "-o", building], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`kiln compile -f ${name} failed:\n${run.stderr}`);
  try {
    fs.renameSync(building, out);  // atomic: another test file may be compiling the same function
  } catch {
    fs.rmSync(building, { recursive: true, force: true });
  }
  return out;
}

// A models directory holding an artifact for each named function of `source` (default functions.py).
export function compileModels(names, source = functionsFile, dir = cacheDir()) {
  if (!fs.existsSync(kilnBin)) throw new Error(`${kilnBin} is not built; run scripts/setup first`);
  fs.mkdirSync(dir, { recursive: true });
  for (const name of names) compileInto(source, name, dir);
  return dir;
}

let listSupport;
// Whether this kiln compiles list[str] -> list[list[float]] functions (embedding-like models).
export function supportsLists() {
  if (listSupport === undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kiln-probe-"));
    fs.writeFileSync(path.join(dir, "probe.py"),
      "def probe(texts: list[str]) -> list[list[float]]:\n    return [[float(len(t))] for t in texts]\n");
    const run = spawnSync(kilnBin, ["compile", path.join(dir, "probe.py"), "-f", "probe", "-o", path.join(dir, "out")]);
    fs.rmSync(dir, { recursive: true, force: true });
    listSupport = run.status === 0;
  }
  return listSupport;
}

const ORACLE = `
import json, sys
sys.path.insert(0, sys.argv[1])
import functions
out = []
for name, args in json.loads(sys.stdin.read()):
    try:
        out.append({"ok": getattr(functions, name)(**args)})
    except Exception as e:
        out.append({"error": [type(e).__name__, str(e)]})
print(json.dumps(out))
`;

// What CPython gives for each [name, args] call: {ok: result} or {error: [type, message]} (tuples as
// arrays, through JSON). One Python process answers them all.
export function cpython(calls) {
  const out = execFileSync("python3", ["-c", ORACLE, path.dirname(functionsFile)], { input: JSON.stringify(calls), encoding: "utf8" });
  return JSON.parse(out);
}
