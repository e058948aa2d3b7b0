// Python generators as C++20 coroutines: a function with `yield` returns a Generator<T>, which runs
// its body lazily, one item at a time, as the consumer asks — so a loop that stops early stops the
// body too, as in Python. Copies share one running body (a Python generator object is a reference),
// and an exception raised in the body reaches the consumer at the item that raised it.
#pragma once

#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <utility>

namespace kiln::rt {

template <class T>
class Generator {
 public:
  struct promise_type {
    std::optional<T> value;
    std::exception_ptr error;
    Generator get_return_object() {
      return Generator(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T v) {
      value = std::move(v);
      return {};
    }
    void return_void() {}
    void unhandled_exception() { error = std::current_exception(); }
  };

  struct End {};
  class Iterator {
   public:
    explicit Iterator(std::shared_ptr<std::coroutine_handle<promise_type>> body) : body_(std::move(body)) {
      advance();
    }
    const T& operator*() const { return *body_->promise().value; }
    Iterator& operator++() {
      advance();
      return *this;
    }
    friend bool operator==(const Iterator& it, End) { return it.body_->done(); }

   private:
    void advance() {
      body_->promise().value.reset();
      if (!body_->done()) body_->resume();
      if (auto error = std::exchange(body_->promise().error, nullptr)) std::rethrow_exception(error);
    }
    std::shared_ptr<std::coroutine_handle<promise_type>> body_;
  };

  Generator() = default;
  Iterator begin() const { return Iterator(body_); }
  End end() const { return {}; }

 private:
  explicit Generator(std::coroutine_handle<promise_type> handle)
      : body_(new std::coroutine_handle<promise_type>(handle), [](std::coroutine_handle<promise_type>* h) {
          h->destroy();
          delete h;
        }) {}

  std::shared_ptr<std::coroutine_handle<promise_type>> body_;
};

}  // namespace kiln::rt
