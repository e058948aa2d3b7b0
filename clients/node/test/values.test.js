// Values through a real artifact's own kiln_value functions, without running a function: every value
// the client accepts comes back as itself (tensors as Tensor objects).
import assert from "node:assert/strict";
import path from "node:path";
import { before, test } from "node:test";

import { bind } from "../abi.js";
import { Tensor } from "../index.js";
import { fromValue, toValue } from "../values.js";
import { compileModels } from "../testlib/support.js";

let api;
before(() => {
  api = bind(path.join(compileModels(["add_one"]), "add_one", "libadd_one.so"));
});

function roundtrip(v) {
  const value = toValue(api, v);
  try {
    return fromValue(api, value);
  } finally {
    api.kiln_value_release(value);
  }
}

test("values come back as themselves", () => {
  for (const v of [
    null, true, false, 0, -5, Number.MAX_SAFE_INTEGER, 1.5, Infinity, "", "héllo 日本 🎉", "a\u0000b",
    [], [1, "two", [3.5, null]], {}, { a: [1, { b: null }], "": true, "ключ": "x" },
    // arrays of one scalar kind cross in one call each way; mixed ones item by item
    [Number.MIN_SAFE_INTEGER, 0, 7], [1.5, Infinity, -2.25], [true, false], ["", "héllo", "a\u0000b"], [1, 2.5], [true, 1],
  ]) {
    assert.deepEqual(roundtrip(v), v);
  }
  assert.ok(Number.isNaN(roundtrip(NaN)));
  assert.ok(Object.is(roundtrip(-0), -0));
  assert.ok(Object.is(roundtrip([0.5, -0])[1], -0));
  assert.equal(roundtrip(undefined), null);
  assert.equal(roundtrip(2n ** 63n - 1n), 2n ** 63n - 1n);
  assert.equal(roundtrip(-(2n ** 63n)), -(2n ** 63n));
  assert.equal(roundtrip(12n), 12);  // safe again: a Number
  assert.deepEqual(roundtrip(Buffer.from([0, 255, 7])), Buffer.from([0, 255, 7]));
  assert.deepEqual(Object.keys(roundtrip({ z: 1, a: 2 })), ["z", "a"]);  // insertion order kept
});

test("typed arrays and Tensors cross as tensors", () => {
  const cases = [
    new Float32Array([1.5, -2, 0]), new Float64Array([1e300, -0.5]), new Int8Array([-128, 127]), new Int16Array([-3, 300]),
    new Int32Array([2 ** 31 - 1]), new BigInt64Array([-(2n ** 63n), 5n]), new Uint8Array([0, 255]),
  ];
  for (const data of cases) {
    const back = roundtrip(data);
    assert.ok(back instanceof Tensor);
    assert.deepEqual([back.shape, back.data], [[data.length], data]);
  }
  const matrix = roundtrip(new Tensor(new Int32Array([0, 1, 2, 3, 4, 5]), [2, 3]));
  assert.deepEqual([matrix.dtype, matrix.shape, Array.from(matrix.data)], ["int32", [2, 3], [0, 1, 2, 3, 4, 5]]);
  const half = roundtrip(new Tensor(new Uint16Array([0x3e00, 0xc000]), [2], "float16"));  // 1.5, -2 as bits
  assert.deepEqual([half.dtype, Array.from(half.data)], ["float16", [0x3e00, 0xc000]]);
  const flags = roundtrip(new Tensor(new Uint8Array([1, 0]), [2], "bool"));
  assert.deepEqual([flags.dtype, Array.from(flags.data)], ["bool", [1, 0]]);
  const empty = roundtrip(new Tensor(new Float32Array(0), [2, 0]));
  assert.deepEqual([empty.shape, empty.data.length], [[2, 0], 0]);
  const scalar = roundtrip(new Tensor(new Float64Array([4.5]), []));
  assert.deepEqual([scalar.shape, Array.from(scalar.data)], [[], [4.5]]);
});

test("tensors that do not add up are refused before crossing", () => {
  assert.throws(() => new Tensor(new Float32Array(6), [4, 2]), (e) => e.type === "ValueError");
  assert.throws(() => new Tensor(new Float32Array(2), [2], "float64"), (e) => e.type === "ValueError");
  assert.throws(() => new Tensor([1, 2], [2], "float32"), (e) => e.type === "TypeError");
  assert.throws(() => new Tensor(new Uint16Array(2)), (e) => e.type === "TypeError");  // which dtype? say it
  assert.throws(() => roundtrip(new Uint32Array(1)), (e) => e.type === "TypeError");
});

test("a failed conversion raises without leaking or crashing", () => {
  assert.throws(() => roundtrip([1, { a: Symbol("no") }]), (e) => e.type === "TypeError");
  assert.throws(() => roundtrip({ a: 2n ** 64n }), (e) => e.type === "OverflowError");
});
