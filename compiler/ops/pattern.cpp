#include "compiler/ops/pattern.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace kiln::ops {
namespace {

using types::Kind;
using types::Type;

Pattern make(Pattern::Form form, Kind kind = Kind::None, char variable = 0) {
  Pattern p;
  p.form = form;
  p.kind = kind;
  p.variable = variable;
  return p;
}

class PatternParser {
 public:
  explicit PatternParser(std::string_view text) : text_(text) {}

  Pattern parse() {
    Pattern p = pattern();
    skip_spaces();
    if (pos_ != text_.size()) fail();
    return p;
  }

 private:
  [[noreturn]] void fail() const { throw std::invalid_argument("bad op pattern: " + std::string(text_)); }
  void skip_spaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }
  bool accept(std::string_view token) {
    skip_spaces();
    if (text_.substr(pos_, token.size()) != token) return false;
    pos_ += token.size();
    return true;
  }
  std::string_view word() {
    skip_spaces();
    const std::size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
      ++pos_;
    if (start == pos_) fail();
    return text_.substr(start, pos_ - start);
  }

  Pattern pattern() {
    Pattern p = atom();
    if (!accept("?")) return p;
    Pattern optional = make(Pattern::Form::Optional);
    optional.args.push_back(std::move(p));
    return optional;
  }

  Pattern atom() {
    static constexpr std::pair<std::string_view, Kind> kConcrete[] = {
        {"int", Kind::Int},
        {"float", Kind::Float},
        {"bool", Kind::Bool},
        {"str", Kind::Str},
        {"bytes", Kind::Bytes},
        {"None", Kind::None},
        {"BaseException", Kind::Exception},
        {"ndarray", Kind::NdArray},
        {"ndindex", Kind::NdIndex},
    };
    static constexpr std::pair<std::string_view, Kind> kContainers[] = {
        {"list", Kind::List},   {"set", Kind::Set},           {"dict", Kind::Dict},
        {"tuple", Kind::Tuple}, {"Iterator", Kind::Iterator},
    };
    const std::string_view name = word();
    for (const auto& [n, kind] : kConcrete) {
      if (n == name) return make(Pattern::Form::Concrete, kind);
    }
    if (name == "any") return make(Pattern::Form::Any);
    for (std::string_view model : {"Llama", "SentenceTransformer", "Tokenizer", "AutoTokenizer", "AutoModel",
                                   "BatchEncoding", "ModelOutput"}) {
      if (name != model) continue;
      Pattern p = make(Pattern::Form::Concrete, Kind::Model);
      p.model = std::string(model);
      return p;
    }
    if (name.size() == 1 && std::isupper(static_cast<unsigned char>(name[0]))) {
      return make(Pattern::Form::Variable, Kind::None, name[0]);
    }
    if (name == "iter") return with_args(make(Pattern::Form::Iterable));
    if (name == "fn") return function();
    for (const auto& [n, kind] : kContainers) {
      if (n == name) return container(kind);
    }
    fail();
  }

  Pattern with_args(Pattern p) {
    if (!accept("[")) fail();
    do {
      p.args.push_back(pattern());
    } while (accept(","));
    if (!accept("]")) fail();
    return p;
  }

  Pattern container(Kind kind) {
    Pattern p = make(Pattern::Form::Container, kind);
    if (!accept("[")) fail();
    do {
      if (accept("...")) {
        p.kind = Kind::VarTuple;
        break;
      }
      p.args.push_back(pattern());
    } while (accept(","));
    if (!accept("]")) fail();
    return p;
  }

  Pattern function() {
    Pattern p = make(Pattern::Form::Function);
    if (!accept("[")) fail();
    do {
      p.args.push_back(pattern());
    } while (accept(","));
    if (!accept("->")) fail();
    p.args.push_back(pattern());
    if (!accept("]")) fail();
    return p;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

bool unify_all(const std::vector<Pattern>& patterns, const std::vector<const Type*>& types, Bindings& b) {
  if (patterns.size() != types.size()) return false;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    if (!unify(patterns[i], types[i], b)) return false;
  }
  return true;
}

}  // namespace

Pattern parse_pattern(std::string_view text) {
  return PatternParser(text).parse();
}

bool unify(const Pattern& p, const Type* t, Bindings& b) {
  if (t->kind == Kind::Unknown) return true;
  switch (p.form) {
    case Pattern::Form::Any:
      return true;
    case Pattern::Form::Concrete:
      return t->kind == p.kind && (p.kind != Kind::Model || t->name == p.model);
    case Pattern::Form::Variable: {
      auto [it, inserted] = b.emplace(p.variable, t);
      if (inserted) return true;
      if (it->second->kind == Kind::Unknown || types::has_unknown(it->second)) {
        it->second = t;  // a later operand tells what an empty container holds
        return true;
      }
      return it->second == t || types::has_unknown(t);
    }
    case Pattern::Form::Container:
      return t->kind == p.kind && unify_all(p.args, t->args, b);
    case Pattern::Form::Optional: {
      if (t->kind == Kind::None) return true;
      if (t->kind == Kind::Union && t->args.size() == 2 && t->args[1]->kind == Kind::None) {
        return unify(p.args[0], t->args[0], b);
      }
      return unify(p.args[0], t, b);
    }
    case Pattern::Form::Iterable: {
      if (t->kind == Kind::Tuple) {  // a tuple is iterable when its items share one type
        return !t->args.empty() && std::all_of(t->args.begin(), t->args.end(),
                                               [&](const Type* e) { return unify(p.args[0], e, b); });
      }
      const bool iterable = t->kind == Kind::List || t->kind == Kind::Set || t->kind == Kind::Dict ||
                            t->kind == Kind::VarTuple || t->kind == Kind::Iterator || t->kind == Kind::Str;
      if (!iterable) return false;
      if (t->kind == Kind::Str) return p.args[0].form == Pattern::Form::Any || unify(p.args[0], t, b);
      return unify(p.args[0], t->args[0], b);
    }
    case Pattern::Form::Function:
      return false;
  }
  return false;
}

const Type* substitute(const Pattern& p, const Bindings& b, types::TypeTable& table) {
  std::vector<const Type*> args;
  for (const Pattern& a : p.args) args.push_back(substitute(a, b, table));
  switch (p.form) {
    case Pattern::Form::Any:
      return table.unknown();
    case Pattern::Form::Concrete:
      switch (p.kind) {
        case Kind::Int:
          return table.integer();
        case Kind::Float:
          return table.floating();
        case Kind::Bool:
          return table.boolean();
        case Kind::Str:
          return table.str();
        case Kind::Bytes:
          return table.bytes();
        case Kind::Exception:
          return table.exception();
        case Kind::Model:
          return table.model(p.model);
        case Kind::NdArray:
          return table.ndarray();
        case Kind::NdIndex:
          return table.ndindex();
        default:
          return table.none();
      }
    case Pattern::Form::Variable: {
      auto it = b.find(p.variable);
      return it == b.end() ? table.unknown() : it->second;
    }
    case Pattern::Form::Container:
      switch (p.kind) {
        case Kind::List:
          return table.list(args[0]);
        case Kind::Set:
          return table.set(args[0]);
        case Kind::Dict:
          return table.dict(args[0], args[1]);
        case Kind::VarTuple:
          return table.var_tuple(args[0]);
        case Kind::Iterator:
          return table.iterator(args[0]);
        default:
          return table.tuple(args);
      }
    case Pattern::Form::Optional:
      return table.optional(args[0]);
    case Pattern::Form::Iterable:
      return table.iterator(args[0]);
    case Pattern::Form::Function:
      return args.back();
  }
  return table.unknown();
}

const Type* element_type(const Type* t, types::TypeTable& table) {
  switch (t->kind) {
    case Kind::Str:
      return table.str();
    case Kind::NdArray:  // `for row in a:`
      return table.ndarray();
    case Kind::List:
    case Kind::Set:
    case Kind::Dict:
    case Kind::VarTuple:
    case Kind::Iterator:
      return t->args[0];
    case Kind::Tuple: {
      const bool same = !t->args.empty() && std::all_of(t->args.begin(), t->args.end(),
                                                        [&](const Type* e) { return e == t->args[0]; });
      return same ? t->args[0] : nullptr;
    }
    default:
      return nullptr;
  }
}

}  // namespace kiln::ops
