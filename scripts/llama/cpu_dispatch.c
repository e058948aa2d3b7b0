// Chooses, once per process, which build of ggml's CPU backend runs: the AVX-512 BF16 one on CPUs
// that have those instructions (Zen 4 and later, Sapphire Rapids, Cooper Lake), which multiplies by
// float16 weights converted to bfloat16 when they load; else the x86-64-v3 one (AVX2).
// scripts/build_llama renames each build's `ggml_backend_cpu_reg` (and every other symbol of the
// AVX-512 build), so both link into one artifact; ggml's backend registry calls this.
//
// KILN_CPU_VARIANT=x86-64-v3 forces the AVX2 build (tests run both; a user can rule out the
// AVX-512 one). Any other value, or none, lets the CPU decide.
#include <stdlib.h>
#include <string.h>

struct ggml_backend_reg;
struct ggml_backend_reg* kiln_x86_64_v3_ggml_backend_cpu_reg(void);
struct ggml_backend_reg* kiln_avx512_bf16_ggml_backend_cpu_reg(void);

static int has_avx512_bf16(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c") &&
         __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512vnni") &&
         __builtin_cpu_supports("avx512bf16");
}

struct ggml_backend_reg* ggml_backend_cpu_reg(void) {
  const char* forced = getenv("KILN_CPU_VARIANT");
  if (forced != NULL && strcmp(forced, "x86-64-v3") == 0) return kiln_x86_64_v3_ggml_backend_cpu_reg();
  return has_avx512_bf16() ? kiln_avx512_bf16_ggml_backend_cpu_reg() : kiln_x86_64_v3_ggml_backend_cpu_reg();
}
