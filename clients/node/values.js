// JavaScript values ↔ kiln_values.
// In: null/undefined → None, boolean → bool, a safe-integer number or a BigInt → int (64-bit), any other
// number → float, string → str, Buffer → bytes, array → list, plain object → dict, a Tensor or a typed
// array → tensor (copied: koffi cannot keep a typed array's memory in place past a call).
// Out: the same, with ints beyond Number's safe range as BigInt and tensors as Tensor objects.
import { DTYPES, KIND, bytesAt, int64sAt, textAt } from "./abi.js";
import { KilnError, check } from "./errors.js";

const ARRAYS = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array, int16: Int16Array, int32: Int32Array,
  int64: BigInt64Array, uint8: Uint8Array, bool: Uint8Array,
};
const DTYPE_OF = new Map([
  [Float32Array, "float32"], [Float64Array, "float64"], [Int8Array, "int8"], [Int16Array, "int16"],
  [Int32Array, "int32"], [BigInt64Array, "int64"], [Uint8Array, "uint8"],
]);
const ITEM_SIZES = { float16: 2, float32: 4, float64: 8, int8: 1, int16: 2, int32: 4, int64: 8, uint8: 1, bool: 1 };
const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n;

// A tensor: a dtype, a shape and its elements in C order as a typed array. float16 elements are their
// raw bits (Uint16Array), bool elements bytes (Uint8Array).
export class Tensor {
  constructor(data, shape = [data?.length], dtype = DTYPE_OF.get(data?.constructor)) {
    if (!ArrayBuffer.isView(data) || data instanceof DataView || !ITEM_SIZES[dtype]) {
      throw new KilnError("TypeError", `a tensor needs a typed array and one of the dtypes ${DTYPES.join(", ")}`);
    }
    const count = shape.reduce((a, b) => a * b, 1);
    if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0) || count * ITEM_SIZES[dtype] !== data.byteLength) {
      throw new KilnError("ValueError", `shape [${shape}] of ${dtype} does not fit a ${data.constructor.name} of ${data.length} elements`);
    }
    this.dtype = dtype;
    this.shape = shape;
    this.data = data;
  }
}

function owned(pointer) {
  if (!pointer) throw new KilnError("MemoryError", "Kiln could not allocate a value");
  return pointer;
}

function int(api, v) {
  const big = BigInt(v);
  if (big < INT64_MIN || big > INT64_MAX) {
    throw new KilnError("OverflowError", `int ${v} does not fit in 64 bits, the size of a compiled function's int`);
  }
  return owned(api.kiln_value_int(typeof v === "number" ? v : big));
}

function tensor(api, t) {
  const out = [null], error = [null];
  check(api, api.kiln_value_tensor_copy(DTYPES.indexOf(t.dtype), t.shape, t.shape.length, t.data, out, error), error);
  return owned(out[0]);
}

// Fills a new container, releasing it (and what it holds so far) if an item fails.
function fill(api, container, items, add) {
  const error = [null];
  try {
    for (const item of items) check(api, add(item, error), error);
  } catch (e) {
    api.kiln_value_release(container);
    throw e;
  }
  return container;
}

// An array whose items are all strings, all booleans, all ints (safe integers) or all floats, as a
// list built in one call rather than one or more per item; null for any other array.
function uniformList(api, v) {
  if (!api.kiln_value_list_of_scalars || v.length === 0) return null;
  const out = [null], error = [null];
  if (v.every((x) => typeof x === "string")) {
    const parts = v.map((x) => Buffer.from(x, "utf8"));
    const sizes = BigUint64Array.from(parts, (p) => BigInt(p.length));  // size_t
    check(api, api.kiln_value_list_of_strings(Buffer.concat(parts), sizes, v.length, out, error), error);
    return owned(out[0]);
  }
  const isInt = (x) => typeof x === "number" && Number.isSafeInteger(x) && !Object.is(x, -0);
  let items;
  if (v.every((x) => typeof x === "boolean")) items = [KIND.BOOL, Uint8Array.from(v, Number)];
  else if (v.every(isInt)) items = [KIND.INT, BigInt64Array.from(v, BigInt)];
  else if (v.every((x) => typeof x === "number" && !isInt(x))) items = [KIND.FLOAT, Float64Array.from(v)];
  else return null;
  check(api, api.kiln_value_list_of_scalars(items[0], items[1], v.length, out, error), error);
  return owned(out[0]);
}

// A new kiln_value the caller owns (and releases with kiln_value_release).
export function toValue(api, v) {
  if (v === null || v === undefined) return owned(api.kiln_value_null());
  switch (typeof v) {
    case "boolean": return owned(api.kiln_value_bool(v));
    case "bigint": return int(api, v);
    // Only a safe integer is surely meant as one (1e300 is integral too); -0 has no int. Use a BigInt for
    // a larger int.
    case "number": return Number.isSafeInteger(v) && !Object.is(v, -0) ? int(api, v) : owned(api.kiln_value_float(v));
    case "string": {
      const data = Buffer.from(v, "utf8"), out = [null], error = [null];
      check(api, api.kiln_value_string(data, data.length, out, error), error);
      return owned(out[0]);
    }
    case "object": break;
    default: throw new KilnError("TypeError", `a ${typeof v} cannot be passed to a compiled function`);
  }
  if (Buffer.isBuffer(v)) return owned(api.kiln_value_bytes(v, v.length));
  if (v instanceof Tensor) return tensor(api, v);
  if (ArrayBuffer.isView(v)) return tensor(api, new Tensor(v));
  if (Array.isArray(v)) {
    const uniform = uniformList(api, v);
    if (uniform) return uniform;
    // The list adopts each item even when appending fails, so an item is never released here.
    const list = owned(api.kiln_value_list());
    return fill(api, list, v, (item, error) => api.kiln_value_list_append(list, toValue(api, item), error));
  }
  const dict = owned(api.kiln_value_dict());
  return fill(api, dict, Object.entries(v), ([key, value], error) => {
    const k = Buffer.from(key, "utf8");
    return api.kiln_value_dict_set(dict, k, k.length, toValue(api, value), error);
  });
}

function fromInt(v) {
  return typeof v === "bigint" && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function readScalar(getter) {
  return (api, v) => {
    const out = [null], error = [null];
    check(api, api[getter](v, out, error), error);
    return out[0];
  };
}

function readBuffer(getter, decode) {
  return (api, v) => {
    const data = [null], size = [0], error = [null];
    check(api, api[getter](v, data, size, error), error);
    return decode(data[0], Number(size[0]));
  };
}

function readTensor(api, v) {
  const dtype = [0], ndim = [0], shape = [null], data = [null], error = [null];
  check(api, api.kiln_value_get_tensor(v, dtype, ndim, shape, data, error), error);
  const dims = int64sAt(shape[0], Number(ndim[0]));
  const name = DTYPES[dtype[0]];
  const Array_ = name === "float16" ? Uint16Array : ARRAYS[name];
  const count = dims.reduce((a, b) => a * b, 1);
  const bytes = bytesAt(data[0], count * Array_.BYTES_PER_ELEMENT);
  return new Tensor(new Array_(bytes.buffer, bytes.byteOffset, count), dims, name);
}

// A list whose items are all bools, ints or floats, read in one call rather than several per item;
// null when its items are of several kinds (a list of a union) or not scalars.
const SCALAR_LISTS = {
  [KIND.BOOL]: [1, (buffer) => Array.from(buffer, (b) => b !== 0)],
  [KIND.INT]: [8, (buffer) => Array.from(new BigInt64Array(buffer.buffer, buffer.byteOffset, buffer.length / 8), fromInt)],
  [KIND.FLOAT]: [8, (buffer) => Array.from(new Float64Array(buffer.buffer, buffer.byteOffset, buffer.length / 8))],
};

function readScalars(api, v, n) {
  const kind = api.kiln_value_kind(api.kiln_value_list_get(v, 0));
  if (!(kind in SCALAR_LISTS)) return null;
  const [width, decode] = SCALAR_LISTS[kind];
  const buffer = Buffer.alloc(n * width), error = [null];
  if (api.kiln_value_list_scalars(v, kind, buffer, n, error) !== 0) {
    api.kiln_error_release(error[0]);
    return null;
  }
  return decode(buffer);
}

const READERS = {
  [KIND.NULL]: () => null,
  [KIND.BOOL]: readScalar("kiln_value_get_bool"),
  [KIND.INT]: (api, v) => fromInt(readScalar("kiln_value_get_int")(api, v)),
  [KIND.FLOAT]: readScalar("kiln_value_get_float"),
  [KIND.STRING]: readBuffer("kiln_value_get_string", textAt),
  [KIND.BYTES]: readBuffer("kiln_value_get_bytes", (data, size) => Buffer.from(bytesAt(data, size))),
  [KIND.LIST]: (api, v) => {
    const n = Number(api.kiln_value_length(v));
    const scalars = n > 0 && api.kiln_value_list_scalars ? readScalars(api, v, n) : null;
    if (scalars) return scalars;
    const out = [];
    for (let i = 0; i < n; i++) out.push(fromValue(api, api.kiln_value_list_get(v, i)));
    return out;
  },
  [KIND.DICT]: (api, v) => {
    const out = {};
    for (let i = 0, n = Number(api.kiln_value_length(v)); i < n; i++) {
      const key = [null], size = [0];
      const item = api.kiln_value_dict_value_at(v, i, key, size);
      out[textAt(key[0], Number(size[0]))] = fromValue(api, item);
    }
    return out;
  },
  [KIND.TENSOR]: readTensor,
};

// The JavaScript value of a kiln_value (which stays the caller's to release).
export function fromValue(api, v) {
  const kind = api.kiln_value_kind(v);
  const read = READERS[kind];
  if (!read) throw new KilnError("TypeError", `a kiln_value of unknown kind ${kind} (a newer ABI?)`);
  return read(api, v);
}
