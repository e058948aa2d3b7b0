// Files an artifact carries beside its library (model weights): generated code names them relative
// to the artifact directory, which the predictor running the call sets for its thread.
#pragma once

#include <string>

namespace kiln::rt {

inline std::string& current_artifact_dir() {
  thread_local std::string dir;
  return dir;
}

// The path of resource `name` of the artifact running on this thread.
inline std::string resource_path(const std::string& name) {
  return current_artifact_dir() + "/resources/" + name;
}

}  // namespace kiln::rt
