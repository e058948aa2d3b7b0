// The predictor half of include/kiln/kiln.h. The artifact's generated code supplies the function
// itself through two hooks; everything else is the same for every artifact.
#include <chrono>
#include <new>
#include <string>

#include "include/kiln/kiln.h"
#include "runtime/abi/internal.h"
#include "runtime/counters.h"
#include "runtime/resources.h"

extern "C" const char* kiln_generated_signature(void);
extern "C" kiln_status kiln_generated_call(const kiln_value* inputs, kiln_value** output, kiln_error** error);

struct kiln_predictor {
  std::string artifact_dir;
  kiln_predictor_params params;
};

extern "C" {

kiln_predictor_params kiln_predictor_default_params(void) {
  return kiln_predictor_params{0};
}

kiln_status kiln_predictor_open(const char* artifact_dir, kiln_predictor_params params, kiln_predictor** out,
                                kiln_error** error) {
  auto fail = [&](const char* message) {
    if (error) *error = new (std::nothrow) kiln_error{"TypeError", message, "", 0};
    return KILN_FAILED;
  };
  if (out == nullptr) return fail("kiln_predictor_open: `out` is NULL");
  *out = nullptr;
  if (artifact_dir == nullptr) return fail("kiln_predictor_open: `artifact_dir` is NULL");
  *out = new (std::nothrow) kiln_predictor{artifact_dir, params};
  if (*out == nullptr) {
    if (error) *error = new (std::nothrow) kiln_error{"MemoryError", "out of memory", "", 0};
    return KILN_FAILED;
  }
  return KILN_OK;
}

const char* kiln_predictor_signature(const kiln_predictor* predictor) {
  return predictor ? kiln_generated_signature() : "";
}

kiln_status kiln_predictor_run(kiln_predictor* predictor, const kiln_value* inputs, kiln_value** output,
                               kiln_error** error) {
  if (predictor == nullptr) {
    if (error)
      *error = new (std::nothrow) kiln_error{"TypeError", "kiln_predictor_run: `predictor` is NULL", "", 0};
    return KILN_FAILED;
  }
  kiln::rt::current_artifact_dir() = predictor->artifact_dir;  // where its resources (models) are
  return kiln_generated_call(inputs, output, error);
}

kiln_status kiln_predictor_run_with_info(kiln_predictor* predictor, const kiln_value* inputs,
                                         kiln_value** output, kiln_run_info* info, kiln_error** error) {
  kiln::rt::reset_counters();
  const auto start = std::chrono::steady_clock::now();
  const kiln_status status = kiln_predictor_run(predictor, inputs, output, error);
  if (info) {
    info->latency_ns = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
            .count());
    info->tokens = kiln::rt::counters().tokens;
  }
  return status;
}

void kiln_predictor_release(kiln_predictor* predictor) {
  delete predictor;
}

}  // extern "C"
