// The C ABI of a Kiln artifact (include/kiln/kiln.h) through koffi: every artifact exports the same
// kiln_* entry points, so one binding serves any compiled function.
import koffi from "koffi";

export const ABI_VERSION = 1;
export const KILN_OK = 0;
export const KIND = { NULL: 0, BOOL: 1, INT: 2, FLOAT: 3, STRING: 4, BYTES: 5, LIST: 6, DICT: 7, TENSOR: 8 };
export const DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"];

const Params = koffi.struct("kiln_predictor_params", { n_threads: "int32_t" });
koffi.struct("kiln_run_info", { latency_ns: "uint64_t", tokens: "uint64_t" });

// Strings and keys are read as void* + size: const char* would stop at an embedded NUL.
const PROTOTYPES = [
  "uint32_t kiln_abi_version()",
  "const char* kiln_error_type(void* error)",
  "const char* kiln_error_message(void* error)",
  "const char* kiln_error_file(void* error)",
  "int32_t kiln_error_line(void* error)",
  "void kiln_error_release(void* error)",
  "void* kiln_value_null()",
  "void* kiln_value_bool(bool v)",
  "void* kiln_value_int(int64_t v)",
  "void* kiln_value_float(double v)",
  "void* kiln_value_bytes(const uint8_t* data, size_t size)",
  "void* kiln_value_list()",
  "void* kiln_value_dict()",
  "int kiln_value_string(const uint8_t* utf8, size_t size, _Out_ void** out, _Out_ void** error)",
  "int kiln_value_tensor_copy(int dtype, const int64_t* shape, size_t ndim, const void* data, _Out_ void** out, _Out_ void** error)",
  "int kiln_value_list_append(void* list, void* item, _Out_ void** error)",
  "int kiln_value_list_of_scalars(int kind, void* items, size_t count, _Out_ void** out, _Out_ void** error)",
  "int kiln_value_list_of_strings(const uint8_t* utf8, void* sizes, size_t count, _Out_ void** out, _Out_ void** error)",
  "int kiln_value_dict_set(void* dict, const uint8_t* key, size_t size, void* value, _Out_ void** error)",
  "int kiln_value_kind(void* v)",
  "int kiln_value_get_bool(void* v, _Out_ bool* out, _Out_ void** error)",
  "int kiln_value_get_int(void* v, _Out_ int64_t* out, _Out_ void** error)",
  "int kiln_value_get_float(void* v, _Out_ double* out, _Out_ void** error)",
  "int kiln_value_get_string(void* v, _Out_ void** utf8, _Out_ size_t* size, _Out_ void** error)",
  "int kiln_value_get_bytes(void* v, _Out_ void** data, _Out_ size_t* size, _Out_ void** error)",
  "size_t kiln_value_length(void* v)",
  "void* kiln_value_list_get(void* v, size_t index)",
  "int kiln_value_list_scalars(void* list, int kind, void* out, size_t count, _Out_ void** error)",
  "void* kiln_value_dict_value_at(void* v, size_t index, _Out_ void** key, _Out_ size_t* size)",
  "int kiln_value_get_tensor(void* v, _Out_ int* dtype, _Out_ size_t* ndim, _Out_ void** shape, _Out_ void** data, _Out_ void** error)",
  "void kiln_value_release(void* v)",
  "kiln_predictor_params kiln_predictor_default_params()",
  "int kiln_predictor_open(const char* dir, kiln_predictor_params params, _Out_ void** out, _Out_ void** error)",
  "const char* kiln_predictor_signature(void* predictor)",
  "int kiln_predictor_run(void* predictor, void* inputs, _Out_ void** output, _Out_ void** error)",
  "int kiln_predictor_run_with_info(void* predictor, void* inputs, _Out_ void** output, _Out_ kiln_run_info* info, _Out_ void** error)",
  "void kiln_predictor_release(void* predictor)",
];

// Entry points newer than some artifacts: absent ones are null, and the client does without them.
const OPTIONAL = new Set(["kiln_value_list_scalars", "kiln_value_list_of_scalars", "kiln_value_list_of_strings"]);

// Loads the artifact's library (its own copy of the runtime) and declares the entry points. Throws when
// the file is no loadable library or lacks an entry point.
export function bind(path) {
  const lib = koffi.load(path);
  const api = { Params };
  for (const prototype of PROTOTYPES) {
    const name = prototype.match(/(kiln_\w+)\(/)[1];
    try {
      api[name] = lib.func(prototype);
    } catch (error) {
      if (!OPTIONAL.has(name)) throw error;
      api[name] = null;
    }
  }
  return api;
}

// A copy of the `length` bytes at `pointer`.
export function bytesAt(pointer, length) {
  return length === 0 ? new Uint8Array(0) : new Uint8Array(koffi.view(pointer, length)).slice();
}

// The UTF-8 text of the `length` bytes at `pointer`.
export function textAt(pointer, length) {
  return length === 0 ? "" : Buffer.from(koffi.view(pointer, length)).toString("utf8");
}

export function int64sAt(pointer, length) {
  return length === 0 ? [] : Array.from(new BigInt64Array(koffi.view(pointer, length * 8)), Number);
}
