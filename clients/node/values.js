// JavaScript values ↔ kiln_values. Numbers that are integers become Python ints (BigInt too); other
// numbers become floats; typed arrays become tensors, and tensors come back as typed arrays.
import { DTYPES, KIND, bytesAt, int64sAt } from "./abi.js";

export class KilnError extends Error {
  constructor(type, message, file = "", line = 0) {
    super(`${type}: ${message}`);
    this.name = "KilnError";
    this.type = type;
    this.pythonMessage = message;
    this.file = file;
    this.line = line;
  }
}

export function takeError(api, error) {
  const e = new KilnError(api.kiln_error_type(error), api.kiln_error_message(error), api.kiln_error_file(error) ?? "",
    api.kiln_error_line(error));
  api.kiln_error_release(error);
  return e;
}

function check(api, status, error) {
  if (status !== 0) throw takeError(api, error[0]);
}

const TYPED = new Map([
  [Float32Array, "float32"], [Float64Array, "float64"], [Int8Array, "int8"], [Int16Array, "int16"],
  [Int32Array, "int32"], [BigInt64Array, "int64"], [Uint8Array, "uint8"],
]);

// A new kiln_value the caller owns.
export function toValue(api, v) {
  const error = [null];
  if (v === null || v === undefined) return api.kiln_value_null();
  if (typeof v === "boolean") return api.kiln_value_bool(v);
  if (typeof v === "bigint") {
    if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new KilnError("OverflowError", "int too large to convert");
    return api.kiln_value_int(v);
  }
  if (typeof v === "number") return Number.isInteger(v) ? api.kiln_value_int(v) : api.kiln_value_float(v);
  if (typeof v === "string") {
    const data = Buffer.from(v, "utf8");
    const out = [null];
    check(api, api.kiln_value_string(data, data.length, out, error), error);
    return out[0];
  }
  if (Buffer.isBuffer(v)) return api.kiln_value_bytes(v, v.length);
  if (ArrayBuffer.isView(v) && TYPED.has(v.constructor)) return tensor(api, v, [v.length]);
  if (Array.isArray(v)) {
    const list = api.kiln_value_list();
    return fill(api, list, v, (item) => api.kiln_value_list_append(list, toValue(api, item), error), error);
  }
  if (typeof v === "object") {
    const dict = api.kiln_value_dict();
    return fill(api, dict, Object.entries(v), ([key, value]) => {
      const k = Buffer.from(key, "utf8");
      return api.kiln_value_dict_set(dict, k, k.length, toValue(api, value), error);
    }, error);
  }
  throw new TypeError(`cannot pass a ${typeof v} to a compiled function`);
}

function fill(api, container, items, add, error) {
  try {
    for (const item of items) check(api, add(item), error);
  } catch (e) {
    api.kiln_value_release(container);
    throw e;
  }
  return container;
}

function tensor(api, array, shape) {
  const out = [null], error = [null];
  check(api, api.kiln_value_tensor_copy(DTYPES.indexOf(TYPED.get(array.constructor)), shape, shape.length,
    array, out, error), error);
  return out[0];
}

function fromInt(v) {
  return typeof v === "bigint" && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v) : v;
}

// The JavaScript value of a kiln_value (not released here).
export function fromValue(api, v) {
  const error = [null];
  switch (api.kiln_value_kind(v)) {
    case KIND.NULL: return null;
    case KIND.BOOL: { const out = [false]; check(api, api.kiln_value_get_bool(v, out, error), error); return out[0]; }
    case KIND.INT: { const out = [0]; check(api, api.kiln_value_get_int(v, out, error), error); return fromInt(out[0]); }
    case KIND.FLOAT: { const out = [0]; check(api, api.kiln_value_get_float(v, out, error), error); return out[0]; }
    case KIND.STRING: {
      const data = [null], size = [0];
      check(api, api.kiln_value_get_string(v, data, size, error), error);
      return bytesAt(data[0], Number(size[0])).toString("utf8");
    }
    case KIND.BYTES: {
      const data = [null], size = [0];
      check(api, api.kiln_value_get_bytes(v, data, size, error), error);
      return bytesAt(data[0], Number(size[0]));
    }
    case KIND.LIST: {
      const out = [];
      for (let i = 0; i < api.kiln_value_length(v); i++) out.push(fromValue(api, api.kiln_value_list_get(v, i)));
      return out;
    }
    case KIND.DICT: {
      const out = {};
      for (let i = 0; i < api.kiln_value_length(v); i++) {
        const key = [null], size = [0];
        const item = api.kiln_value_dict_value_at(v, i, key, size);
        out[bytesAt(key[0], Number(size[0])).toString("utf8")] = fromValue(api, item);
      }
      return out;
    }
    case KIND.TENSOR: return readTensor(api, v);
    default: throw new KilnError("TypeError", "unknown value kind");
  }
}

const ARRAYS = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array, int16: Int16Array, int32: Int32Array,
  int64: BigInt64Array, uint8: Uint8Array, bool: Uint8Array,
};

// A tensor as { dtype, shape, data } with `data` a typed array (a copy).
function readTensor(api, v) {
  const dtype = [0], ndim = [0], shape = [null], data = [null], error = [null];
  check(api, api.kiln_value_get_tensor(v, dtype, ndim, shape, data, error), error);
  const dims = int64sAt(shape[0], Number(ndim[0])).map(Number);
  const name = DTYPES[dtype[0]];
  if (!ARRAYS[name]) throw new KilnError("TypeError", `reading a ${name} tensor is not supported`);
  const count = dims.reduce((a, b) => a * b, 1);
  const bytes = bytesAt(data[0], count * ARRAYS[name].BYTES_PER_ELEMENT);
  return { dtype: name, shape: dims, data: new ARRAYS[name](bytes.buffer, bytes.byteOffset, count) };
}
