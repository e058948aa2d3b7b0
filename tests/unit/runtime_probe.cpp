// Answers queries about the runtime's Unicode, codec and repr functions, one per stdin line, so a
// pytest can compare every answer with CPython's. Arguments are hex-encoded bytes or numbers.
//   props                      -> one line per code point: category, predicate bits, combining class
//   normalize NFC|NFD|NFKC|NFKD <hex utf8>   lookup <hex name>   decode <encoding> <hex bytes>
//   repr_str <hex>   repr_bytes <hex>   repr_float <hex bits>   repr_complex <hex bits> <hex bits>
//   int <digits> <base>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

#include "tests/unit/probe_io.h"
#include "runtime/repr.h"
#include "runtime/unicode/codecs.h"
#include "runtime/unicode/unicode.h"
#include "runtime/unicode/utf8.h"

namespace {

using kiln::probe::hex;
using kiln::probe::unhex;

using namespace kiln;

double bits_to_double(const std::string& h) { return std::bit_cast<double>(std::stoull(h, nullptr, 16)); }

void print_properties() {
  bool (*const predicates[])(char32_t) = {
      unicode::is_printable, unicode::is_xid_start, unicode::is_xid_continue, unicode::is_decimal,
      unicode::is_digit,     unicode::is_numeric,   unicode::is_alpha,        unicode::is_space,
      unicode::is_lower,     unicode::is_upper,     unicode::is_title,        unicode::is_cased};
  std::string out;
  for (char32_t cp = 0; cp <= unicode::kMaxCodePoint; ++cp) {
    unsigned bits = 0;
    for (std::size_t i = 0; i < std::size(predicates); ++i) bits |= predicates[i](cp) ? 1u << i : 0u;
    out += std::string(unicode::category(cp)) + ' ' + std::to_string(bits) + ' ' +
           std::to_string(unicode::combining_class(cp)) + '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

unicode::NormalForm form_of(const std::string& name) {
  if (name == "NFC") return unicode::NormalForm::NFC;
  if (name == "NFD") return unicode::NormalForm::NFD;
  if (name == "NFKC") return unicode::NormalForm::NFKC;
  return unicode::NormalForm::NFKD;
}

std::string answer(std::istringstream& in, const std::string& cmd) {
  std::string a, b;
  in >> a >> b;
  if (cmd == "normalize") return hex(unicode::normalize(form_of(a), unhex(b)));
  if (cmd == "lookup") {
    auto cp = unicode::lookup_name(unhex(a));
    return cp ? std::to_string(*cp) : "-1";
  }
  if (cmd == "decode") {
    unicode::DecodeResult r = unicode::decode_to_utf8(unhex(a), unhex(b));
    if (r.status == unicode::DecodeStatus::Ok) return "ok " + hex(r.text);
    return (r.status == unicode::DecodeStatus::UnknownEncoding ? "unknown " : "error ") + hex(r.error);
  }
  if (cmd == "repr_str") return hex(runtime::repr_str(unhex(a)));
  if (cmd == "repr_bytes") return hex(runtime::repr_bytes(unhex(a)));
  if (cmd == "repr_float") return runtime::repr_float(bits_to_double(a));
  if (cmd == "repr_complex") return runtime::repr_complex(bits_to_double(a), bits_to_double(b));
  if (cmd == "int") return runtime::int_literal_to_decimal(a, std::stoi(b));
  return "unknown command";
}

}  // namespace

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string cmd;
    in >> cmd;
    if (cmd == "props") {
      print_properties();
    } else {
      std::string out = answer(in, cmd) + '\n';
      std::fwrite(out.data(), 1, out.size(), stdout);
    }
  }
  return 0;
}
