/* Per-call overhead of a compiled function from C: build the inputs, run, read and release the
 * result, for `def add_one(x: int) -> int: return x + 1`. Prints the median ns per call of several
 * batches. Usage: overhead ARTIFACT_DIR LIBRARY */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "include/kiln/kiln.h"

#define LOAD(name) name##_fn name = (name##_fn)dlsym(lib, #name)
typedef kiln_predictor_params (*kiln_predictor_default_params_fn)(void);
typedef kiln_status (*kiln_predictor_open_fn)(const char*, kiln_predictor_params, kiln_predictor**, kiln_error**);
typedef kiln_status (*kiln_predictor_run_fn)(kiln_predictor*, const kiln_value*, kiln_value**, kiln_error**);
typedef kiln_value* (*kiln_value_dict_fn)(void);
typedef kiln_value* (*kiln_value_int_fn)(int64_t);
typedef kiln_status (*kiln_value_dict_set_fn)(kiln_value*, const char*, size_t, kiln_value*, kiln_error**);
typedef kiln_status (*kiln_value_get_int_fn)(const kiln_value*, int64_t*, kiln_error**);
typedef void (*kiln_value_release_fn)(kiln_value*);

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static int compare(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  void* lib = dlopen(argv[2], RTLD_NOW | RTLD_LOCAL);
  if (!lib) return 1;
  LOAD(kiln_predictor_default_params); LOAD(kiln_predictor_open); LOAD(kiln_predictor_run);
  LOAD(kiln_value_dict); LOAD(kiln_value_int); LOAD(kiln_value_dict_set); LOAD(kiln_value_get_int);
  LOAD(kiln_value_release);
  kiln_predictor* p = NULL;
  if (kiln_predictor_open(argv[1], kiln_predictor_default_params(), &p, NULL) != KILN_OK) return 1;
  enum { kBatches = 21, kCalls = 100000 };
  double per_call[kBatches];
  int64_t sum = 0;
  for (int b = 0; b < kBatches; ++b) {
    const double start = now_ns();
    for (int i = 0; i < kCalls; ++i) {
      kiln_value* inputs = kiln_value_dict();
      kiln_value_dict_set(inputs, "x", 1, kiln_value_int(i), NULL);
      kiln_value* out = NULL;
      kiln_predictor_run(p, inputs, &out, NULL);
      int64_t r = 0;
      kiln_value_get_int(out, &r, NULL);
      sum += r;
      kiln_value_release(out);
      kiln_value_release(inputs);
    }
    per_call[b] = (now_ns() - start) / kCalls;
  }
  qsort(per_call, kBatches, sizeof per_call[0], compare);
  printf("%.1f\n", per_call[kBatches / 2]);
  return sum == 0;
}
