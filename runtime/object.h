// Instances of the classes a compiled module defines: Python objects are shared references, so an
// instance lives behind Ref<T> (reference counted), and every name that holds it sees its changes.
//
// Generated classes provide kName, kValueEquality (a dataclass compares its fields; a plain class
// compares identity, as object.__eq__ does) and fields(visit), which walks (name, member) pairs.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "runtime/exceptions.h"
#include "runtime/hash.h"

namespace kiln::rt {

template <class T>
class Ref {
 public:
  Ref() = default;  // no object yet: variables are declared before their first assignment
  static Ref make() {
    Ref r;
    r.object_ = std::make_shared<T>();
    return r;
  }
  T* operator->() const { return object_.get(); }
  T& operator*() const { return *object_; }
  bool is(const Ref& other) const { return object_ == other.object_; }
  const void* identity() const { return object_.get(); }

  friend bool operator==(const Ref& a, const Ref& b) {
    if constexpr (T::kValueEquality) {
      return a.object_ == b.object_ || *a.object_ == *b.object_;
    } else {
      return a.object_ == b.object_;
    }
  }
  // Python's classes order only when they define __lt__, which Kiln's do not.
  friend bool operator<(const Ref&, const Ref&) {
    throw TypeError(std::string("'<' not supported between instances of '") + T::kName + "' and '" +
                    T::kName + "'");
  }

 private:
  std::shared_ptr<T> object_;
};

// Instances hash by identity (object.__hash__).
template <class T>
struct Hash<Ref<T>> {
  std::size_t operator()(const Ref<T>& r) const {
    return mix_hash(reinterpret_cast<uintptr_t>(r.identity()));
  }
};

// A dataclass's repr: Point(x=1.0, y=2.0).
template <class T>
std::string repr(const Ref<T>& r) {
  std::string out = std::string(T::kName) + "(";
  if constexpr (T::kValueEquality) {
    const char* sep = "";
    r->fields([&](const char* name, const auto& value) {
      out += sep + std::string(name) + "=" + repr(value);
      sep = ", ";
    });
    return out + ")";
  } else {
    return "<" + std::string(T::kName) + " object>";
  }
}

template <class T>
bool truth(const Ref<T>&) {
  return true;
}

}  // namespace kiln::rt
