// The op library's numpy entries (runtime/numpy.h): operators on ndarrays and Python scalars,
// numpy's functions and the ndarray's methods and properties. Many entries differ only in an
// operator's or a function's name, so they are generated here rather than listed one by one.
#include <deque>
#include <string>

#include "compiler/ops/library.h"

namespace kiln::ops {
namespace {

// Entries hold string_views: the generated strings live here for the process's lifetime.
std::string_view keep(std::string s) {
  static std::deque<std::string> storage;
  return storage.emplace_back(std::move(s));
}

void add(std::vector<Entry>& t, std::string name, std::vector<std::string> params, std::string result,
         std::string cpp) {
  std::vector<std::string_view> kept;
  for (std::string& p : params) kept.push_back(keep(std::move(p)));
  t.push_back(Entry{keep(std::move(name)), std::move(kept), keep(std::move(result)), keep(std::move(cpp))});
}

// a OP b for arrays and Python scalars on either side (a Python int is passed as a double, which
// holds every int a numpy operation can mix with floats; NEP 50 decides the result's dtype).
void operators(std::vector<Entry>& t) {
  for (const char* op : {"add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "lt", "le", "gt", "ge",
                         "eq", "ne", "bitand", "bitor", "bitxor"}) {
    const std::string call = std::string("kiln::rt::np::binary(\"") + op + "\", ";
    add(t, op, {"ndarray", "ndarray"}, "ndarray", call + "{0}, {1})");
    add(t, op, {"ndarray", "int"}, "ndarray", call + "{0}, static_cast<double>({1}), false)");
    add(t, op, {"ndarray", "float"}, "ndarray", call + "{0}, {1}, true)");
    add(t, op, {"int", "ndarray"}, "ndarray", call + "static_cast<double>({0}), false, {1})");
    add(t, op, {"float", "ndarray"}, "ndarray", call + "{0}, true, {1})");
  }
  // a OP= b writes a's buffer, which every view of a sees.
  for (const char* op :
       {"add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "bitand", "bitor", "bitxor"}) {
    const std::string call = std::string("kiln::rt::np::inplace(\"") + op + "\", {0}, ";
    add(t, std::string("i") + op, {"ndarray", "ndarray"}, "ndarray", call + "{1})");
    add(t, std::string("i") + op, {"ndarray", "int"}, "ndarray", call + "static_cast<double>({1}), false)");
    add(t, std::string("i") + op, {"ndarray", "float"}, "ndarray", call + "{1}, true)");
  }
  add(t, "matmul", {"ndarray", "ndarray"}, "ndarray", "kiln::rt::np::matmul({0}, {1})");
  add(t, "neg", {"ndarray"}, "ndarray", "kiln::rt::np::unary(\"neg\", {0})");
  add(t, "pos", {"ndarray"}, "ndarray", "({0})");
  add(t, "invert", {"ndarray"}, "ndarray", "kiln::rt::np::unary(\"logical_not\", {0})");
  add(t, "abs", {"ndarray"}, "ndarray", "kiln::rt::np::unary(\"abs\", {0})");
  add(t, "len", {"ndarray"}, "int", "kiln::rt::len({0})");
  add(t, "float", {"ndarray"}, "float", "kiln::rt::np::to_float({0})");
  add(t, "int", {"ndarray"}, "int", "kiln::rt::np::to_int({0})");
  add(t, "bool", {"ndarray"}, "bool", "kiln::rt::np::truth({0})");
}

// A shape given as an int, a list of ints or a tuple of 1 to 4 ints: C++ that builds a List<int64_t>.
std::vector<std::pair<std::string, std::string>> shapes(int arg) {
  const std::string a = "{" + std::to_string(arg) + "}";
  std::vector<std::pair<std::string, std::string>> out = {
      {"int", "kiln::rt::List<int64_t>{" + a + "}"},
      {"list[int]", a},
      {"tuple[int, ...]", a},
  };
  std::string pattern = "tuple[int", items;
  for (int n = 1; n <= 4; ++n) {
    items += std::string(n > 1 ? ", " : "") + "std::get<" + std::to_string(n - 1) + ">(" + a + ")";
    out.push_back({pattern + "]", "kiln::rt::List<int64_t>{" + items + "}"});
    pattern += ", int";
  }
  return out;
}

void creation(std::vector<Entry>& t) {
  const std::string dtype = "dtype: str? = std::nullopt";
  for (const auto& [pattern, shape] : shapes(0)) {
    for (const char* f : {"zeros", "ones", "empty"}) {
      const std::string runtime = std::string(f) == "empty" ? "zeros" : f;  // empty's contents are arbitrary
      add(t, std::string("numpy.") + f, {pattern, dtype}, "ndarray",
          "kiln::rt::np::" + runtime + "(" + shape + ", {1})");
    }
    for (const char* value : {"int", "float"}) {
      add(t, "numpy.full", {pattern, value, dtype}, "ndarray",
          "kiln::rt::np::full(" + shape + ", static_cast<double>({1}), {2})");
    }
  }
  for (const char* f : {"zeros_like", "ones_like"})
    add(t, std::string("numpy.") + f, {"ndarray"}, "ndarray", std::string("kiln::rt::np::") + f + "({0})");
  // arange: ints give int64, floats float64.
  for (const auto& [kind, integral] : {std::pair{"int", "true"}, {"float", "false"}}) {
    const std::string k = kind;
    add(t, "numpy.arange", {k, dtype}, "ndarray",
        "kiln::rt::np::arange(static_cast<double>({0}), std::nullopt, 1, {1}, " + std::string(integral) +
            ")");
    add(t, "numpy.arange", {k, k, dtype}, "ndarray",
        "kiln::rt::np::arange(static_cast<double>({0}), static_cast<double>({1}), 1, {2}, " +
            std::string(integral) + ")");
    add(t, "numpy.arange", {k, k, k, dtype}, "ndarray",
        "kiln::rt::np::arange(static_cast<double>({0}), static_cast<double>({1}), static_cast<double>({2}), "
        "{3}, " +
            std::string(integral) + ")");
  }
  add(t, "numpy.linspace", {"float", "float", "num: int = 50"}, "ndarray",
      "kiln::rt::np::linspace({0}, {1}, {2})");
  add(t, "numpy.eye", {"int", dtype}, "ndarray", "kiln::rt::np::eye({0}, {1})");
  for (const char* f : {"numpy.array", "numpy.asarray"}) {
    for (const char* source :
         {"list[int]", "list[float]", "list[bool]", "list[list[int]]", "list[list[float]]", "ndarray"})
      add(t, f, {source, dtype}, "ndarray", "kiln::rt::np::array({0}, {1})");
  }
}

void shape_ops(std::vector<Entry>& t) {
  add(t, "@shape", {"ndarray"}, "tuple[int, ...]", "kiln::rt::np::shape({0})");
  add(t, "@ndim", {"ndarray"}, "int", "({0}).ndim()");
  add(t, "@size", {"ndarray"}, "int", "({0}).size()");
  add(t, "@dtype", {"ndarray"}, "str", "kiln::rt::np::dtype({0})");
  add(t, "@T", {"ndarray"}, "ndarray", "kiln::rt::np::transpose({0})");
  // The list's depth and element type are the array's rank and kind, which only the context knows:
  // an annotation (`xs: list[float] = a.tolist()`) or the function's return type.
  add(t, ".tolist", {"ndarray"}, "list[V]", "kiln::rt::np::tolist<{R}>({0})");
  add(t, ".transpose", {"ndarray"}, "ndarray", "kiln::rt::np::transpose({0})");
  add(t, "numpy.transpose", {"ndarray"}, "ndarray", "kiln::rt::np::transpose({0})");
  add(t, ".astype", {"ndarray", "str"}, "ndarray", "kiln::rt::np::astype({0}, {1})");
  add(t, ".copy", {"ndarray"}, "ndarray", "kiln::rt::np::copy({0})");
  add(t, "numpy.copy", {"ndarray"}, "ndarray", "kiln::rt::np::copy({0})");
  add(t, ".flatten", {"ndarray"}, "ndarray", "kiln::rt::np::copy(kiln::rt::np::ravel({0}))");
  add(t, ".ravel", {"ndarray"}, "ndarray", "kiln::rt::np::ravel({0})");
  add(t, "numpy.ravel", {"ndarray"}, "ndarray", "kiln::rt::np::ravel({0})");
  for (const auto& [pattern, shape] : shapes(1)) {
    add(t, ".reshape", {"ndarray", pattern}, "ndarray", "kiln::rt::np::reshape({0}, " + shape + ")");
    add(t, "numpy.reshape", {"ndarray", pattern}, "ndarray", "kiln::rt::np::reshape({0}, " + shape + ")");
  }
  std::string ints = "{1}", pattern_ints = "int";  // a.reshape(2, 3)
  for (int n = 2; n <= 4; ++n) {
    ints += ", {" + std::to_string(n) + "}";
    std::vector<std::string> params{"ndarray"};
    for (int i = 0; i < n; ++i) params.push_back("int");
    add(t, ".reshape", params, "ndarray",
        "kiln::rt::np::reshape({0}, kiln::rt::List<int64_t>{" + ints + "})");
  }
  add(t, "numpy.expand_dims", {"ndarray", "int"}, "ndarray", "kiln::rt::np::expand_dims({0}, {1})");
  add(t, "numpy.squeeze", {"ndarray", "axis: int? = std::nullopt"}, "ndarray",
      "kiln::rt::np::squeeze({0}, {1})");
  add(t, ".squeeze", {"ndarray", "axis: int? = std::nullopt"}, "ndarray", "kiln::rt::np::squeeze({0}, {1})");
  for (const char* f : {"concatenate", "stack"}) {
    const std::string call = std::string("kiln::rt::np::") + f;
    add(t, std::string("numpy.") + f, {"list[ndarray]", "axis: int = 0"}, "ndarray", call + "({0}, {1})");
    add(t, std::string("numpy.") + f, {"tuple[ndarray, ndarray]", "axis: int = 0"}, "ndarray",
        call + "(kiln::rt::List<kiln::rt::NdArray>{std::get<0>({0}), std::get<1>({0})}, {1})");
    add(t, std::string("numpy.") + f, {"tuple[ndarray, ndarray, ndarray]", "axis: int = 0"}, "ndarray",
        call +
            "(kiln::rt::List<kiln::rt::NdArray>{std::get<0>({0}), std::get<1>({0}), std::get<2>({0})}, {1})");
  }
}

void elementwise(std::vector<Entry>& t) {
  for (const char* f : {"exp", "log", "sqrt", "tanh", "abs", "sign", "floor", "ceil", "round", "isnan",
                        "isfinite", "logical_not"}) {
    add(t, std::string("numpy.") + f, {"ndarray"}, "ndarray",
        std::string("kiln::rt::np::unary(\"") + f + "\", {0})");
  }
  for (const auto& [f, cpp] : {std::pair{"exp", "std::exp"},
                               {"log", "std::log"},
                               {"sqrt", "std::sqrt"},
                               {"tanh", "std::tanh"},
                               {"floor", "std::floor"},
                               {"ceil", "std::ceil"}}) {
    add(t, std::string("numpy.") + f, {"float"}, "float", std::string(cpp) + "({0})");  // np.float64, a float
  }
  for (const char* f : {"maximum", "minimum"}) {
    const std::string call = std::string("kiln::rt::np::binary(\"") + f + "\", ";
    add(t, std::string("numpy.") + f, {"ndarray", "ndarray"}, "ndarray", call + "{0}, {1})");
    add(t, std::string("numpy.") + f, {"ndarray", "int"}, "ndarray",
        call + "{0}, static_cast<double>({1}), false)");
    add(t, std::string("numpy.") + f, {"ndarray", "float"}, "ndarray", call + "{0}, {1}, true)");
    add(t, std::string("numpy.") + f, {"int", "ndarray"}, "ndarray",
        call + "static_cast<double>({0}), false, {1})");
    add(t, std::string("numpy.") + f, {"float", "ndarray"}, "ndarray", call + "{0}, true, {1})");
  }
  // A bound: its pattern and how it reaches clip() (the value, and whether it is a Python float).
  const std::pair<const char*, std::string> kBounds[] = {
      {"int", "static_cast<double>({N}), false"}, {"float", "{N}, true"}, {"None", "std::nullopt, false"}};
  for (const auto& [lo, lo_cpp] : kBounds) {
    for (const auto& [hi, hi_cpp] : kBounds) {
      std::string low = lo_cpp, high = hi_cpp;
      if (const auto at = low.find("{N}"); at != std::string::npos) low.replace(at, 3, "{1}");
      if (const auto at = high.find("{N}"); at != std::string::npos) high.replace(at, 3, "{2}");
      for (const char* f : {"numpy.clip", ".clip"})
        add(t, f, {"ndarray", lo, hi}, "ndarray", "kiln::rt::np::clip({0}, " + low + ", " + high + ")");
    }
  }
  add(t, "numpy.where", {"ndarray", "ndarray", "ndarray"}, "ndarray", "kiln::rt::np::where({0}, {1}, {2})");
  add(t, "numpy.where", {"ndarray", "float", "float"}, "ndarray", "kiln::rt::np::where({0}, {1}, {2})");
}

void reductions(std::vector<Entry>& t) {
  const std::vector<std::pair<std::string, std::string>> kNames = {
      {"sum", "sum"},       {"mean", "mean"}, {"max", "max"}, {"min", "min"}, {"amax", "max"},
      {"amin", "min"},      {"prod", "prod"}, {"std", "std"}, {"var", "var"}, {"argmax", "argmax"},
      {"argmin", "argmin"}, {"any", "any"},   {"all", "all"},
  };
  for (const auto& [python, runtime] : kNames) {
    const std::string cpp = "kiln::rt::np::reduce(\"" + runtime + "\", {0}, {1}, {2})";
    const std::vector<std::string> params{"ndarray", "axis: int? = std::nullopt", "keepdims: bool = false"};
    add(t, "numpy." + python, params, "ndarray", cpp);
    if (python != "amax" && python != "amin") add(t, "." + python, params, "ndarray", cpp);
  }
  add(t, "numpy.unique", {"ndarray"}, "ndarray", "kiln::rt::np::unique({0})");
  for (const char* f : {"numpy.argpartition", ".argpartition"})
    add(t, f, {"ndarray", "int", "axis: int = -1"}, "ndarray", "kiln::rt::np::argpartition({0}, {1}, {2})");
  for (const char* sections : {"int", "list[int]"})
    add(t, "numpy.split", {"ndarray", sections, "axis: int = 0"}, "list[ndarray]",
        "kiln::rt::np::split({0}, {1}, {2})");
  add(t, "numpy.cumsum", {"ndarray", "axis: int? = std::nullopt"}, "ndarray",
      "kiln::rt::np::cumsum({0}, {1})");
  add(t, ".cumsum", {"ndarray", "axis: int? = std::nullopt"}, "ndarray", "kiln::rt::np::cumsum({0}, {1})");
  for (const char* f : {"sort", "argsort"}) {
    const std::vector<std::string> params{"ndarray", "axis: int = -1", "kind: str? = std::nullopt"};
    const std::string cpp = std::string("kiln::rt::np::") + f + "({0}, {1})";  // always stable
    add(t, std::string("numpy.") + f, params, "ndarray", cpp);
    if (std::string(f) == "argsort") add(t, ".argsort", params, "ndarray", cpp);
  }
  add(t, "numpy.dot", {"ndarray", "ndarray"}, "ndarray", "kiln::rt::np::matmul({0}, {1})");
  add(t, "numpy.matmul", {"ndarray", "ndarray"}, "ndarray", "kiln::rt::np::matmul({0}, {1})");
  add(t, ".dot", {"ndarray", "ndarray"}, "ndarray", "kiln::rt::np::matmul({0}, {1})");
  add(t, "numpy.linalg.norm", {"ndarray", "axis: int? = std::nullopt", "keepdims: bool = false"}, "ndarray",
      "kiln::rt::np::norm({0}, {1}, {2})");
}

// The values an assignment a[...] = v may write: arrays and Python scalars.
const std::pair<const char*, const char*> kWritten[] = {{"ndarray", "{2}"},
                                                        {"float", "{2}"},
                                                        {"int", "static_cast<double>({2})"},
                                                        {"bool", "static_cast<double>({2})"}};

// a[i, j, ...] of integers and arrays, without slices: the subscript is a Python tuple.
void tuple_subscripts(std::vector<Entry>& t) {
  std::vector<std::string> tuples = {""};
  for (int n = 1; n <= 4; ++n) {
    std::vector<std::string> longer;
    for (const std::string& prefix : tuples) {
      for (const char* part : {"int", "ndarray"}) longer.push_back(prefix + (n > 1 ? ", " : "") + part);
    }
    tuples = longer;
    if (n == 1) continue;
    for (const std::string& items : tuples) {
      const std::string tuple = "tuple[" + items + "]";
      add(t, "getitem", {"ndarray", tuple}, "ndarray",
          "kiln::rt::np::index({0}, kiln::rt::np::Index::of({1}))");
      for (const auto& [value, cpp] : kWritten)
        add(t, "setitem", {"ndarray", tuple, value}, "None",
            std::string("kiln::rt::np::set_index({0}, kiln::rt::np::Index::of({1}), ") + cpp + ")");
    }
  }
}

void indexing(std::vector<Entry>& t) {
  // The parts of a subscript with slices, None or `...` (lowered to numpy.index_*), joined.
  add(t, "numpy.index_part", {"int"}, "ndindex", "kiln::rt::np::Index({0})");
  add(t, "numpy.index_part", {"ndarray"}, "ndindex", "kiln::rt::np::Index({0})");
  add(t, "numpy.index_part", {"list[int]"}, "ndindex", "kiln::rt::np::Index({0})");
  add(t, "numpy.index_part", {"list[bool]"}, "ndindex", "kiln::rt::np::Index({0})");
  add(t, "numpy.index_slice", {"int?", "int?", "int?"}, "ndindex",
      "kiln::rt::np::Index::range({0}, {1}, {2})");
  add(t, "numpy.index_newaxis", {}, "ndindex", "kiln::rt::np::Index::new_axis()");
  add(t, "numpy.index_ellipsis", {}, "ndindex", "kiln::rt::np::Index::ellipsis()");
  std::vector<std::string> params;
  std::string parts;
  for (int n = 1; n <= 8; ++n) {
    params.push_back("ndindex");
    parts += std::string(n > 1 ? ", " : "") + "{" + std::to_string(n - 1) + "}";
    add(t, "numpy.index", params, "ndindex", "kiln::rt::np::Index::join({" + parts + "})");
  }
  for (const char* index : {"int", "ndarray", "list[int]", "list[bool]", "ndindex"}) {
    add(t, "getitem", {"ndarray", index}, "ndarray", "kiln::rt::np::index({0}, {1})");
    for (const auto& [value, cpp] : kWritten)
      add(t, "setitem", {"ndarray", index, value}, "None",
          std::string("kiln::rt::np::set_index({0}, {1}, ") + cpp + ")");
  }
  tuple_subscripts(t);
  add(t, "slice", {"ndarray", "int?", "int?", "int?"}, "ndarray", "kiln::rt::np::slice({0}, {1}, {2}, {3})");
  for (const auto& [value, cpp] : kWritten) {
    std::string write = cpp;
    write.replace(write.find("{2}"), 3, "{4}");
    add(t, "setslice", {"ndarray", "int?", "int?", "int?", value}, "None",
        "kiln::rt::np::set_slice({0}, {1}, {2}, {3}, " + write + ")");
  }
}

}  // namespace

void add_numpy_entries(std::vector<Entry>& table) {
  operators(table);
  creation(table);
  shape_ops(table);
  elementwise(table);
  reductions(table);
  indexing(table);
}

}  // namespace kiln::ops
