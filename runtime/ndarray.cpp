#include "runtime/ndarray.h"

#include <array>
#include <bit>
#include <cstdlib>
#include <new>

namespace kiln::rt::detail {
namespace {

// Blocks of 2^6 .. 2^18 bytes are kept, a few per size, rounded up to their power of two; larger
// ones go to malloc as they are (their arithmetic outweighs the allocation).
constexpr std::size_t kSmallestClass = 6, kLargestClass = 18, kBlocksPerClass = 8;

std::size_t size_class(std::size_t bytes) {
  return std::max<std::size_t>(kSmallestClass, std::bit_width(bytes - 1));
}

// Under AddressSanitizer nothing is kept, so that it still sees every use of a freed buffer.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kCaching = false;
#else
constexpr bool kCaching = true;
#endif

class BufferCache {
 public:
  // Arrays that outlive the thread's cache (a module-level constant freed at exit) free to malloc.
  ~BufferCache() {
    alive_ = false;
    for (auto& blocks : free_)
      for (std::size_t i = 0; i < blocks.count; ++i) std::free(blocks.items[i]);
  }
  void* take(std::size_t cls) {
    Blocks& blocks = free_[cls - kSmallestClass];
    return alive_ && blocks.count ? blocks.items[--blocks.count] : nullptr;
  }
  bool keep(std::size_t cls, void* block) {
    Blocks& blocks = free_[cls - kSmallestClass];
    if (!kCaching || !alive_ || blocks.count == kBlocksPerClass) return false;
    blocks.items[blocks.count++] = block;
    return true;
  }

 private:
  struct Blocks {
    std::array<void*, kBlocksPerClass> items{};
    std::size_t count = 0;
  };
  bool alive_ = true;
  std::array<Blocks, kLargestClass - kSmallestClass + 1> free_{};
};

thread_local BufferCache cache;

}  // namespace

void* allocate_buffer(std::size_t bytes) {
  const std::size_t cls = size_class(bytes);
  void* block = nullptr;
  if (cls <= kLargestClass) {
    block = cache.take(cls);
    if (!block) block = std::malloc(std::size_t{1} << cls);
  } else {
    block = std::malloc(bytes);
  }
  if (!block) throw std::bad_alloc();
  return block;
}

void free_buffer(void* block, std::size_t bytes) {
  const std::size_t cls = size_class(bytes);
  if (cls > kLargestClass || !cache.keep(cls, block)) std::free(block);
}

}  // namespace kiln::rt::detail
