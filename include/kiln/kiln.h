/* kiln.h — the C ABI of every artifact Kiln builds.
 *
 * One artifact is one directory holding lib<function>.so, its manifest and its resources. Every
 * artifact exports the same entry points, so one generic client (C, C++, Python, Node) serves every
 * compiled function. The style follows llama.h: opaque handles, explicit release functions, no C++
 * (and no C++ exception) across the line, every pointer argument checked.
 *
 * Values
 *   A kiln_value is a tree of null, bool, int64, float64, UTF-8 string, bytes, list, dict (string
 *   keys, insertion order) and tensor values. Every kiln_value* returned to the caller is owned by the
 *   caller and freed with kiln_value_release (which frees its children too). Functions that take a
 *   child value "adopt" it: the container owns it from then on, and if the call fails the child is
 *   released, so the caller never frees an adopted value.
 *
 * Errors
 *   Functions that can fail return a kiln_status and, on failure, set *error (when `error` is not
 *   NULL) to a kiln_error the caller frees with kiln_error_release. A compiled function's Python
 *   exception arrives the same way: its type ("KeyError"), its message, and the Python file and line.
 *
 * Threads
 *   Values are not synchronised: one value may be read from several threads at once, but not
 *   modified while another thread uses it. The functions here keep no global mutable state.
 */
#ifndef KILN_KILN_H
#define KILN_KILN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define KILN_API __attribute__((visibility("default")))
#else
#define KILN_API
#endif

/* In C++ the enums get a fixed underlying type, so any int a C caller passes is a valid value to
 * check (an out-of-range value of a plain C++ enum would be undefined behaviour). */
#ifdef __cplusplus
#define KILN_ENUM(name) enum name : int
#else
#define KILN_ENUM(name) enum name
#endif

/* Bumped on any incompatible change; a client refuses an artifact built for another version. */
#define KILN_ABI_VERSION 1
KILN_API uint32_t kiln_abi_version(void);

typedef KILN_ENUM(kiln_status){KILN_OK = 0, KILN_FAILED = 1} kiln_status;

/* ---- errors ----------------------------------------------------------------------------------- */
typedef struct kiln_error kiln_error;

KILN_API const char* kiln_error_type(const kiln_error* error);    /* "TypeError", "KeyError", ... */
KILN_API const char* kiln_error_message(const kiln_error* error); /* CPython's wording */
KILN_API const char* kiln_error_file(const kiln_error* error);    /* Python source file, or "" */
KILN_API int32_t kiln_error_line(const kiln_error* error);        /* its line, or 0 */
KILN_API void kiln_error_release(kiln_error* error);              /* NULL is ignored */

/* ---- values ----------------------------------------------------------------------------------- */
typedef struct kiln_value kiln_value;

typedef KILN_ENUM(kiln_kind){KILN_KIND_NULL = 0,  KILN_KIND_BOOL = 1,   KILN_KIND_INT = 2,
                             KILN_KIND_FLOAT = 3, KILN_KIND_STRING = 4, KILN_KIND_BYTES = 5,
                             KILN_KIND_LIST = 6,  KILN_KIND_DICT = 7,   KILN_KIND_TENSOR = 8} kiln_kind;

typedef KILN_ENUM(kiln_dtype){KILN_DTYPE_F16 = 0, KILN_DTYPE_F32 = 1, KILN_DTYPE_F64 = 2,
                              KILN_DTYPE_I8 = 3,  KILN_DTYPE_I16 = 4, KILN_DTYPE_I32 = 5,
                              KILN_DTYPE_I64 = 6, KILN_DTYPE_U8 = 7,  KILN_DTYPE_BOOL = 8} kiln_dtype;

/* Size in bytes of one element of `dtype`, or 0 for an unknown dtype. */
KILN_API size_t kiln_dtype_size(kiln_dtype dtype);

/* Scalars and containers. These allocate; they return NULL only when memory runs out. */
KILN_API kiln_value* kiln_value_null(void);
KILN_API kiln_value* kiln_value_bool(bool v);
KILN_API kiln_value* kiln_value_int(int64_t v);
KILN_API kiln_value* kiln_value_float(double v);
KILN_API kiln_value* kiln_value_bytes(const void* data, size_t size);
KILN_API kiln_value* kiln_value_list(void);
KILN_API kiln_value* kiln_value_dict(void);

/* A string from `size` bytes of UTF-8 (copied). Invalid UTF-8 (including encoded surrogates) fails
 * with a UnicodeDecodeError naming the offending byte. */
KILN_API kiln_status kiln_value_string(const char* utf8, size_t size, kiln_value** out, kiln_error** error);

/* Lists in one call instead of one per item: `count` scalars of `kind` (KILN_KIND_BOOL, _INT or
 * _FLOAT; `items` holds bool, int64_t or double), or `count` strings laid end to end in `utf8`
 * (item i is sizes[i] bytes, checked as kiln_value_string checks one). */
KILN_API kiln_status kiln_value_list_of_scalars(kiln_kind kind, const void* items, size_t count, kiln_value** out,
                                                kiln_error** error);
KILN_API kiln_status kiln_value_list_of_strings(const char* utf8, const size_t* sizes, size_t count,
                                                kiln_value** out, kiln_error** error);

/* A tensor of `ndim` dimensions (ndim 0 is a scalar), C-contiguous.
 * kiln_value_tensor_copy copies `data`; kiln_value_tensor_borrow keeps the caller's buffer (zero
 * copy) and calls release(release_context) once Kiln no longer needs it (release may be NULL when
 * the caller guarantees the buffer outlives every use). Fails on an unknown dtype, a negative
 * dimension or an element count that overflows.
 * A compiled function works on a tensor argument's data in place, without a copy: a function that
 * writes into its array argument (as a Python function may write into a numpy array it is given)
 * writes into this buffer, so lend only writable memory. It keeps no pointer to it after the call. */
typedef void (*kiln_release_fn)(void* release_context);
KILN_API kiln_status kiln_value_tensor_copy(kiln_dtype dtype, const int64_t* shape, size_t ndim,
                                            const void* data, kiln_value** out, kiln_error** error);
KILN_API kiln_status kiln_value_tensor_borrow(kiln_dtype dtype, const int64_t* shape, size_t ndim, void* data,
                                              kiln_release_fn release, void* release_context,
                                              kiln_value** out, kiln_error** error);

/* Containers adopt `item`/`value` (see Values above). dict_set replaces an existing key's value,
 * keeping its position; keys are UTF-8 and checked like strings. */
KILN_API kiln_status kiln_value_list_append(kiln_value* list, kiln_value* item, kiln_error** error);
KILN_API kiln_status kiln_value_dict_set(kiln_value* dict, const char* key, size_t key_size,
                                         kiln_value* value, kiln_error** error);

/* Inspection. kind of NULL is KILN_KIND_NULL. The getters fail with a TypeError when the value is
 * of another kind; returned pointers stay valid as long as the value does. */
KILN_API kiln_kind kiln_value_kind(const kiln_value* v);
KILN_API kiln_status kiln_value_get_bool(const kiln_value* v, bool* out, kiln_error** error);
KILN_API kiln_status kiln_value_get_int(const kiln_value* v, int64_t* out, kiln_error** error);
/* Floats; an int value converts exactly when |v| <= 2^53, as JSON numbers do. */
KILN_API kiln_status kiln_value_get_float(const kiln_value* v, double* out, kiln_error** error);
KILN_API kiln_status kiln_value_get_string(const kiln_value* v, const char** utf8, size_t* size,
                                           kiln_error** error);
KILN_API kiln_status kiln_value_get_bytes(const kiln_value* v, const void** data, size_t* size,
                                          kiln_error** error);

/* Lists and dicts: length, and the item at `index` (borrowed: owned by the container). Dict items
 * come in insertion order; dict_get looks a key up (NULL when absent, without an error). */
KILN_API size_t kiln_value_length(const kiln_value* v); /* 0 for scalars */
KILN_API const kiln_value* kiln_value_list_get(const kiln_value* list, size_t index);
/* A list of scalars in one call: when every item is of `kind` (KILN_KIND_BOOL, _INT or _FLOAT),
 * copies the `count` items into `out` as bool, int64_t or double. Fails (TypeError) when `count` is
 * not the list's length or an item is of another kind; `out` is then unspecified. */
KILN_API kiln_status kiln_value_list_scalars(const kiln_value* list, kiln_kind kind, void* out, size_t count,
                                             kiln_error** error);
KILN_API const kiln_value* kiln_value_dict_value_at(const kiln_value* dict, size_t index, const char** key,
                                                    size_t* key_size);
KILN_API const kiln_value* kiln_value_dict_get(const kiln_value* dict, const char* key, size_t key_size);

/* Tensors: dtype, number of dimensions, the shape array and the data (C-contiguous). */
KILN_API kiln_status kiln_value_get_tensor(const kiln_value* v, kiln_dtype* dtype, size_t* ndim,
                                           const int64_t** shape, const void** data, kiln_error** error);

KILN_API void kiln_value_release(kiln_value* v); /* NULL is ignored */

/* ---- predictors ------------------------------------------------------------------------------- */
/* A predictor is a compiled function ready to run: open it once, run it many times, release it.
 * One predictor may be run from several threads at once: compiled functions share no mutable state. */
typedef struct kiln_predictor kiln_predictor;

typedef struct kiln_predictor_params {
  int32_t n_threads; /* for model calls; 0 means one per core */
} kiln_predictor_params;

KILN_API kiln_predictor_params kiln_predictor_default_params(void);

/* Opens the artifact in directory `artifact_dir` (the one holding this library). */
KILN_API kiln_status kiln_predictor_open(const char* artifact_dir, kiln_predictor_params params,
                                         kiln_predictor** out, kiln_error** error);

/* The function's signature as JSON: {"name", "doc", "params": [{"name", "type", "kind", "default"?}],
 * "returns"}, types spelled as in Python ("list[str]", "int | None"). Owned by the predictor. */
KILN_API const char* kiln_predictor_signature(const kiln_predictor* predictor);

/* Runs the function. `inputs` is a dict from parameter name to argument (a missing parameter takes
 * its default; an int is accepted where a float is declared). On success *output is the result
 * (caller-owned). A Python exception raised by the function, or a missing, extra or mistyped
 * argument (a TypeError naming the parameter), fails with the exception as *error. */
KILN_API kiln_status kiln_predictor_run(kiln_predictor* predictor, const kiln_value* inputs,
                                        kiln_value** output, kiln_error** error);

/* What one run cost: its wall-clock latency, and the counters runtime ops report (tokens a model
 * processed; 0 for functions without a model). */
typedef struct kiln_run_info {
  uint64_t latency_ns;
  uint64_t tokens;
} kiln_run_info;

/* kiln_predictor_run that also fills *info (when not NULL), whether the run succeeds or fails. */
KILN_API kiln_status kiln_predictor_run_with_info(kiln_predictor* predictor, const kiln_value* inputs,
                                                  kiln_value** output, kiln_run_info* info,
                                                  kiln_error** error);

KILN_API void kiln_predictor_release(kiln_predictor* predictor); /* NULL is ignored */

#ifdef __cplusplus
}
#endif

#endif /* KILN_KILN_H */
