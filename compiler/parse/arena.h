// A bump allocator for AST nodes: one tree's nodes live and die together.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace kiln::parse {

class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() {
    for (auto it = destructors_.rbegin(); it != destructors_.rend(); ++it) it->destroy(it->object);
  }

  template <class T, class... Args>
  T* make(Args&&... args) {
    T* object = new (allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
    if constexpr (!std::is_trivially_destructible_v<T>) {
      destructors_.push_back({object, [](void* p) { static_cast<T*>(p)->~T(); }});
    }
    return object;
  }

  // A copy of `text` that lives as long as the arena.
  std::string_view copy(std::string_view text) {
    char* p = static_cast<char*>(allocate(text.size() + 1, 1));
    std::copy(text.begin(), text.end(), p);
    p[text.size()] = '\0';
    return {p, text.size()};
  }

 private:
  struct Destructor {
    void* object;
    void (*destroy)(void*);
  };
  static constexpr std::size_t kBlockSize = 64 * 1024;

  void* allocate(std::size_t size, std::size_t align) {
    std::size_t offset = (used_ + align - 1) & ~(align - 1);
    if (blocks_.empty() || offset + size > capacity_) {
      capacity_ = std::max(kBlockSize, size + align);
      blocks_.push_back(std::make_unique<std::byte[]>(capacity_));
      offset = 0;
    }
    used_ = offset + size;
    return blocks_.back().get() + offset;
  }

  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::size_t used_ = 0;
  std::size_t capacity_ = 0;
  std::vector<Destructor> destructors_;
};

}  // namespace kiln::parse
