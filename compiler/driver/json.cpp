#include "compiler/driver/json.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "runtime/repr.h"
#include "runtime/unicode/utf8.h"

namespace kiln::driver {
namespace {

struct ValueDeleter {
  void operator()(kiln_value* v) const { kiln_value_release(v); }
};
using Owned = std::unique_ptr<kiln_value, ValueDeleter>;

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Owned parse(std::string& error) {
    Owned v = value(0);
    skip_space();
    if (v && pos_ != s_.size()) fail("unexpected text after the JSON value");
    if (!error_.empty()) {
      error = error_ + " at offset " + std::to_string(pos_);
      return nullptr;
    }
    return v;
  }

 private:
  static constexpr int kMaxDepth = 512;

  void fail(const std::string& message) {
    if (error_.empty()) error_ = message;
  }
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Owned value(int depth) {
    if (depth > kMaxDepth) {
      fail("JSON nested too deeply");
      return nullptr;
    }
    skip_space();
    if (pos_ >= s_.size()) {
      fail("unexpected end of JSON");
      return nullptr;
    }
    const char c = s_[pos_];
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') {
      std::string text;
      if (!string(text)) return nullptr;
      kiln_value* out = nullptr;
      kiln_error* e = nullptr;
      if (kiln_value_string(text.data(), text.size(), &out, &e) != KILN_OK) {
        fail(kiln_error_message(e));
        kiln_error_release(e);
      }
      return Owned(out);
    }
    if (literal("true")) return Owned(kiln_value_bool(true));
    if (literal("false")) return Owned(kiln_value_bool(false));
    if (literal("null")) return Owned(kiln_value_null());
    return number();
  }

  Owned number() {
    const std::size_t begin = pos_;
    while (pos_ < s_.size() && std::string_view("+-0123456789.eE").find(s_[pos_]) != std::string_view::npos)
      ++pos_;
    std::string_view text = s_.substr(begin, pos_ - begin);
    if (text.empty()) {
      fail("invalid JSON value");
      return nullptr;
    }
    if (text.find_first_of(".eE") == std::string_view::npos) {
      int64_t v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec == std::errc::result_out_of_range) fail("integer out of Kiln's 64-bit range");
      if (ec != std::errc() || end != text.data() + text.size()) fail("invalid number");
      return Owned(kiln_value_int(v));
    }
    std::string copy(text);
    char* end = nullptr;
    const double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size()) fail("invalid number");
    return Owned(kiln_value_float(v));
  }

  bool hex4(unsigned& out) {
    if (pos_ + 4 > s_.size()) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[pos_++];
      const int d = h >= '0' && h <= '9'                     ? h - '0'
                    : (h | 0x20) >= 'a' && (h | 0x20) <= 'f' ? (h | 0x20) - 'a' + 10
                                                             : -1;
      if (d < 0) return false;
      out = out * 16 + d;
    }
    return true;
  }

  bool string(std::string& out) {
    ++pos_;  // the opening quote
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) break;
      c = s_[pos_++];
      switch (c) {
        case '"':
        case '\\':
        case '/':
          out += c;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned cp = 0, low = 0;
          if (!hex4(cp)) return fail("invalid \\u escape"), false;
          // A surrogate pair spells one code point above U+FFFF.
          if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(pos_, 2) == "\\u") {
            const std::size_t saved = pos_;
            pos_ += 2;
            if (hex4(low) && low >= 0xDC00 && low < 0xE000) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              pos_ = saved;
            }
          }
          unicode::append_utf8(out, cp);
          break;
        }
        default:
          return fail("invalid escape in string"), false;
      }
    }
    if (pos_ >= s_.size()) return fail("unterminated string"), false;
    ++pos_;
    return true;
  }

  Owned array(int depth) {
    ++pos_;
    Owned list(kiln_value_list());
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == ']') return ++pos_, std::move(list);
    while (true) {
      Owned item = value(depth + 1);
      if (!item) return nullptr;
      kiln_value_list_append(list.get(), item.release(), nullptr);
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') return ++pos_, std::move(list);
      fail("expected ',' or ']'");
      return nullptr;
    }
  }

  Owned object(int depth) {
    ++pos_;
    Owned dict(kiln_value_dict());
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '}') return ++pos_, std::move(dict);
    while (true) {
      skip_space();
      std::string key;
      if (pos_ >= s_.size() || s_[pos_] != '"' || !string(key)) return fail("expected a string key"), nullptr;
      skip_space();
      if (pos_ >= s_.size() || s_[pos_++] != ':') return fail("expected ':'"), nullptr;
      Owned item = value(depth + 1);
      if (!item) return nullptr;
      kiln_error* e = nullptr;
      if (kiln_value_dict_set(dict.get(), key.data(), key.size(), item.release(), &e) != KILN_OK) {
        fail(kiln_error_message(e));
        kiln_error_release(e);
        return nullptr;
      }
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') return ++pos_, std::move(dict);
      fail("expected ',' or '}'");
      return nullptr;
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::string error_;
};

void append_float(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "Infinity" : "-Infinity";
  } else {
    out += runtime::repr_float(v);
  }
}

// One element of a tensor, as numpy's tolist() gives it to json.dumps.
void append_element(std::string& out, kiln_dtype dtype, const unsigned char* p) {
  auto read = [p]<class T>(T) {
    T value;
    std::memcpy(&value, p, sizeof value);
    return value;
  };
  switch (dtype) {
    case KILN_DTYPE_F32:
      append_float(out, read(float{}));
      return;
    case KILN_DTYPE_F64:
      append_float(out, read(double{}));
      return;
    case KILN_DTYPE_I8:
      out += std::to_string(read(int8_t{}));
      return;
    case KILN_DTYPE_I16:
      out += std::to_string(read(int16_t{}));
      return;
    case KILN_DTYPE_I32:
      out += std::to_string(read(int32_t{}));
      return;
    case KILN_DTYPE_I64:
      out += std::to_string(read(int64_t{}));
      return;
    case KILN_DTYPE_U8:
      out += std::to_string(read(uint8_t{}));
      return;
    case KILN_DTYPE_BOOL:
      out += read(uint8_t{}) ? "true" : "false";
      return;
    case KILN_DTYPE_F16:
      out += "null";
      return;  // no half-precision arithmetic here; never produced
  }
}

// A tensor as nested arrays, one level per dimension (a 0-d tensor as its element).
void append_tensor(std::string& out, const kiln_value* v) {
  kiln_dtype dtype{};
  std::size_t ndim = 0;
  const int64_t* shape = nullptr;
  const void* data = nullptr;
  kiln_value_get_tensor(v, &dtype, &ndim, &shape, &data, nullptr);
  const std::size_t width = kiln_dtype_size(dtype);
  const auto* bytes = static_cast<const unsigned char*>(data);
  auto level = [&](auto&& self, std::size_t dim, std::size_t offset) -> std::size_t {
    if (dim == ndim) {
      append_element(out, dtype, bytes + offset * width);
      return offset + 1;
    }
    out += '[';
    for (int64_t i = 0; i < shape[dim]; ++i) {
      if (i) out += ", ";
      offset = self(self, dim + 1, offset);
    }
    out += ']';
    return offset;
  };
  level(level, 0, 0);
}

void append(std::string& out, const kiln_value* v) {
  switch (kiln_value_kind(v)) {
    case KILN_KIND_NULL:
      out += "null";
      return;
    case KILN_KIND_BOOL: {
      bool b = false;
      kiln_value_get_bool(v, &b, nullptr);
      out += b ? "true" : "false";
      return;
    }
    case KILN_KIND_INT: {
      int64_t i = 0;
      kiln_value_get_int(v, &i, nullptr);
      out += std::to_string(i);
      return;
    }
    case KILN_KIND_FLOAT: {
      double d = 0;
      kiln_value_get_float(v, &d, nullptr);
      append_float(out, d);
      return;
    }
    case KILN_KIND_STRING: {
      const char* s = nullptr;
      std::size_t n = 0;
      kiln_value_get_string(v, &s, &n, nullptr);
      runtime::append_json_string(out, std::string_view(s, n));
      return;
    }
    case KILN_KIND_BYTES: {
      const void* d = nullptr;
      std::size_t n = 0;
      kiln_value_get_bytes(v, &d, &n, nullptr);
      runtime::append_json_string(out, runtime::repr_bytes(std::string_view(static_cast<const char*>(d), n)));
      return;
    }
    case KILN_KIND_LIST:
      out += '[';
      for (std::size_t i = 0; i < kiln_value_length(v); ++i) {
        if (i) out += ", ";
        append(out, kiln_value_list_get(v, i));
      }
      out += ']';
      return;
    case KILN_KIND_DICT:
      out += '{';
      for (std::size_t i = 0; i < kiln_value_length(v); ++i) {
        const char* key = nullptr;
        std::size_t n = 0;
        const kiln_value* item = kiln_value_dict_value_at(v, i, &key, &n);
        if (i) out += ", ";
        runtime::append_json_string(out, std::string_view(key, n));
        out += ": ";
        append(out, item);
      }
      out += '}';
      return;
    case KILN_KIND_TENSOR:
      append_tensor(out, v);
      return;
  }
}

}  // namespace

kiln_value* parse_json(std::string_view text, std::string& error) {
  return Parser(text).parse(error).release();
}

std::string to_json(const kiln_value* v) {
  std::string out;
  append(out, v);
  return out;
}

}  // namespace kiln::driver
