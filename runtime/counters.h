// Counters runtime ops report during one run of a compiled function (tokens a model processed), read
// by kiln_predictor_run_with_info. Per thread: concurrent runs on one predictor do not mix.
#pragma once

#include <cstdint>

namespace kiln::rt {

struct Counters {
  uint64_t tokens = 0;
};

inline Counters& counters() {
  thread_local Counters c;
  return c;
}
inline void reset_counters() {
  counters() = Counters{};
}
inline void count_tokens(uint64_t n) {
  counters().tokens += n;
}

}  // namespace kiln::rt
