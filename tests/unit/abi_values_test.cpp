// The value half of the C ABI, called as a C client would call it (run under ASan/UBSan in CI).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstring>
#include <string>

#include "include/kiln/kiln.h"

extern "C" int kiln_c_client_round_trip(void);

namespace {

TEST(AbiValues, TheHeaderServesCClients) {
  EXPECT_EQ(kiln_c_client_round_trip(), 42);
}

// Owns an error for the length of a test.
struct Error {
  kiln_error* e = nullptr;
  ~Error() { kiln_error_release(e); }
  std::string type() const { return kiln_error_type(e); }
  std::string message() const { return kiln_error_message(e); }
};

TEST(AbiValues, ScalarsRoundTrip) {
  kiln_value* i = kiln_value_int(-7);
  kiln_value* f = kiln_value_float(0.25);
  kiln_value* b = kiln_value_bool(true);
  int64_t iv = 0;
  double fv = 0;
  bool bv = false;
  EXPECT_EQ(kiln_value_get_int(i, &iv, nullptr), KILN_OK);
  EXPECT_EQ(kiln_value_get_float(f, &fv, nullptr), KILN_OK);
  EXPECT_EQ(kiln_value_get_bool(b, &bv, nullptr), KILN_OK);
  EXPECT_EQ(iv, -7);
  EXPECT_EQ(fv, 0.25);
  EXPECT_TRUE(bv);
  EXPECT_EQ(kiln_value_get_float(i, &fv, nullptr), KILN_OK);  // ints read as floats when exact
  EXPECT_EQ(fv, -7.0);
  for (kiln_value* v : {i, f, b}) kiln_value_release(v);
  EXPECT_EQ(kiln_abi_version(), static_cast<uint32_t>(KILN_ABI_VERSION));
}

TEST(AbiValues, WrongKindIsATypeErrorNamingBoth) {
  kiln_value* s = nullptr;
  ASSERT_EQ(kiln_value_string("abc", 3, &s, nullptr), KILN_OK);
  int64_t out = 0;
  Error err;
  EXPECT_EQ(kiln_value_get_int(s, &out, &err.e), KILN_FAILED);
  EXPECT_EQ(err.type(), "TypeError");
  EXPECT_EQ(err.message(), "kiln_value_get_int: expected a int value, got string");
  kiln_value_release(s);
}

TEST(AbiValues, StringsMustBeValidUtf8) {
  kiln_value* s = nullptr;
  Error err;
  EXPECT_EQ(kiln_value_string("a\xff", 2, &s, &err.e), KILN_FAILED);
  EXPECT_EQ(s, nullptr);
  EXPECT_EQ(err.type(), "UnicodeDecodeError");
  EXPECT_EQ(err.message(), "'utf-8' codec can't decode byte 0xff in position 1: invalid start byte");
  Error surrogate;
  EXPECT_EQ(kiln_value_string("\xed\xa0\x80", 3, &s, &surrogate.e), KILN_FAILED);
  ASSERT_EQ(kiln_value_string("h\xc3\xa9\0x", 5, &s, nullptr), KILN_OK);  // embedded NUL is kept
  const char* text = nullptr;
  size_t size = 0;
  ASSERT_EQ(kiln_value_get_string(s, &text, &size, nullptr), KILN_OK);
  EXPECT_EQ(std::string(text, size), std::string("h\xc3\xa9\0x", 5));
  kiln_value_release(s);
}

TEST(AbiValues, NullPointersAreErrorsNotCrashes) {
  Error a, b, c;
  int64_t out;
  EXPECT_EQ(kiln_value_get_int(nullptr, &out, &a.e), KILN_FAILED);
  EXPECT_EQ(a.message(), "kiln_value_get_int: the value is NULL");
  kiln_value* v = kiln_value_int(1);
  EXPECT_EQ(kiln_value_get_int(v, nullptr, &b.e), KILN_FAILED);
  EXPECT_EQ(kiln_value_list_append(nullptr, kiln_value_int(2), &c.e), KILN_FAILED);  // the item is released
  EXPECT_EQ(kiln_value_string(nullptr, 3, nullptr, nullptr), KILN_FAILED);
  EXPECT_EQ(kiln_value_kind(nullptr), KILN_KIND_NULL);
  EXPECT_EQ(kiln_value_length(nullptr), 0u);
  EXPECT_EQ(kiln_value_list_get(nullptr, 0), nullptr);
  kiln_value_release(nullptr);
  kiln_error_release(nullptr);
  kiln_value_release(v);
}

TEST(AbiValues, ListsAndDictsOwnTheirChildrenAndKeepOrder) {
  kiln_value* dict = kiln_value_dict();
  kiln_value* list = kiln_value_list();
  for (int64_t k = 0; k < 3; ++k)
    ASSERT_EQ(kiln_value_list_append(list, kiln_value_int(k * 10), nullptr), KILN_OK);
  ASSERT_EQ(kiln_value_dict_set(dict, "zeta", 4, list, nullptr), KILN_OK);
  ASSERT_EQ(kiln_value_dict_set(dict, "alpha", 5, kiln_value_null(), nullptr), KILN_OK);
  ASSERT_EQ(kiln_value_dict_set(dict, "zeta", 4, kiln_value_bool(false), nullptr),
            KILN_OK);  // replaced in place
  ASSERT_EQ(kiln_value_length(dict), 2u);
  const char* key = nullptr;
  size_t key_size = 0;
  const kiln_value* first = kiln_value_dict_value_at(dict, 0, &key, &key_size);
  EXPECT_EQ(std::string(key, key_size), "zeta");
  EXPECT_EQ(kiln_value_kind(first), KILN_KIND_BOOL);
  EXPECT_EQ(kiln_value_kind(kiln_value_dict_get(dict, "alpha", 5)), KILN_KIND_NULL);
  EXPECT_EQ(kiln_value_dict_get(dict, "nope", 4), nullptr);
  Error bad_key;
  EXPECT_EQ(kiln_value_dict_set(dict, "\xc3", 1, kiln_value_int(1), &bad_key.e), KILN_FAILED);
  EXPECT_EQ(bad_key.type(), "UnicodeDecodeError");
  kiln_value_release(dict);
}

void count_release(void* context) {
  ++*static_cast<int*>(context);
}

TEST(AbiValues, ListsOfOneScalarKindAreReadInOneCall) {
  kiln_value* ints = kiln_value_list();
  kiln_value* floats = kiln_value_list();
  kiln_value* bools = kiln_value_list();
  for (int64_t k = 0; k < 4; ++k) {
    ASSERT_EQ(kiln_value_list_append(ints, kiln_value_int(k - (int64_t{1} << 62)), nullptr), KILN_OK);
    ASSERT_EQ(kiln_value_list_append(floats, kiln_value_float(k * -0.5), nullptr), KILN_OK);
    ASSERT_EQ(kiln_value_list_append(bools, kiln_value_bool(k % 3 == 0), nullptr), KILN_OK);
  }
  int64_t i[4];
  double f[4];
  bool b[4];
  ASSERT_EQ(kiln_value_list_scalars(ints, KILN_KIND_INT, i, 4, nullptr), KILN_OK);
  ASSERT_EQ(kiln_value_list_scalars(floats, KILN_KIND_FLOAT, f, 4, nullptr), KILN_OK);
  ASSERT_EQ(kiln_value_list_scalars(bools, KILN_KIND_BOOL, b, 4, nullptr), KILN_OK);
  for (int64_t k = 0; k < 4; ++k) {
    int64_t want_int = 0;
    double want_float = 0;
    bool want_bool = false;
    const kiln_value* item = kiln_value_list_get(ints, k);
    ASSERT_EQ(kiln_value_get_int(item, &want_int, nullptr), KILN_OK);
    ASSERT_EQ(kiln_value_get_float(kiln_value_list_get(floats, k), &want_float, nullptr), KILN_OK);
    ASSERT_EQ(kiln_value_get_bool(kiln_value_list_get(bools, k), &want_bool, nullptr), KILN_OK);
    EXPECT_EQ(i[k], want_int);
    EXPECT_EQ(f[k], want_float);
    EXPECT_EQ(b[k], want_bool);
  }
  Error mixed, count, kind;
  ASSERT_EQ(kiln_value_list_append(ints, kiln_value_float(1.5), nullptr), KILN_OK);
  int64_t five[5];
  EXPECT_EQ(kiln_value_list_scalars(ints, KILN_KIND_INT, five, 5, &mixed.e), KILN_FAILED);
  EXPECT_EQ(mixed.type(), "TypeError");
  EXPECT_EQ(kiln_value_list_scalars(floats, KILN_KIND_FLOAT, f, 3, &count.e), KILN_FAILED);
  EXPECT_EQ(count.type(), "TypeError");
  EXPECT_EQ(kiln_value_list_scalars(floats, KILN_KIND_STRING, f, 4, &kind.e), KILN_FAILED);
  EXPECT_EQ(kind.type(), "TypeError");
  kiln_value_release(ints);
  kiln_value_release(floats);
  kiln_value_release(bools);
}

TEST(AbiValues, ListsAreBuiltInOneCall) {
  const int64_t ints[] = {INT64_MIN, 0, INT64_MAX};
  const double floats[] = {-0.0, 2.5};
  const bool bools[] = {true, false};
  kiln_value *i = nullptr, *f = nullptr, *b = nullptr, *s = nullptr, *empty = nullptr;
  ASSERT_EQ(kiln_value_list_of_scalars(KILN_KIND_INT, ints, 3, &i, nullptr), KILN_OK);
  ASSERT_EQ(kiln_value_list_of_scalars(KILN_KIND_FLOAT, floats, 2, &f, nullptr), KILN_OK);
  ASSERT_EQ(kiln_value_list_of_scalars(KILN_KIND_BOOL, bools, 2, &b, nullptr), KILN_OK);
  ASSERT_EQ(kiln_value_list_of_strings("abh\xc3\xa9", std::array<size_t, 3>{2, 0, 3}.data(), 3, &s, nullptr),
            KILN_OK);
  ASSERT_EQ(kiln_value_list_of_strings(nullptr, nullptr, 0, &empty, nullptr), KILN_OK);
  EXPECT_EQ(kiln_value_length(empty), 0u);
  int64_t got_int = 0;
  double got_float = 1;
  bool got_bool = false;
  ASSERT_EQ(kiln_value_length(i), 3u);
  EXPECT_EQ(kiln_value_get_int(kiln_value_list_get(i, 0), &got_int, nullptr), KILN_OK);
  EXPECT_EQ(got_int, INT64_MIN);
  EXPECT_EQ(kiln_value_get_float(kiln_value_list_get(f, 0), &got_float, nullptr), KILN_OK);
  EXPECT_TRUE(std::signbit(got_float));
  EXPECT_EQ(kiln_value_get_bool(kiln_value_list_get(b, 0), &got_bool, nullptr), KILN_OK);
  EXPECT_TRUE(got_bool);
  const char* text = nullptr;
  size_t size = 0;
  ASSERT_EQ(kiln_value_length(s), 3u);
  EXPECT_EQ(kiln_value_get_string(kiln_value_list_get(s, 1), &text, &size, nullptr), KILN_OK);
  EXPECT_EQ(std::string(text, size), "");
  EXPECT_EQ(kiln_value_get_string(kiln_value_list_get(s, 2), &text, &size, nullptr), KILN_OK);
  EXPECT_EQ(std::string(text, size), "h\xc3\xa9");
  Error utf8, kind;
  kiln_value* bad = nullptr;
  EXPECT_EQ(kiln_value_list_of_strings("a\xff", std::array<size_t, 2>{1, 1}.data(), 2, &bad, &utf8.e),
            KILN_FAILED);
  EXPECT_EQ(utf8.type(), "UnicodeDecodeError");
  EXPECT_EQ(bad, nullptr);
  EXPECT_EQ(kiln_value_list_of_scalars(KILN_KIND_STRING, ints, 3, &bad, &kind.e), KILN_FAILED);
  EXPECT_EQ(kind.type(), "TypeError");
  for (kiln_value* v : {i, f, b, s, empty}) kiln_value_release(v);
}

TEST(AbiValues, BorrowedTensorsAreZeroCopyAndReleasedOnce) {
  float data[6] = {1, 2, 3, 4, 5, 6};
  const int64_t shape[2] = {2, 3};
  int releases = 0;
  kiln_value* t = nullptr;
  ASSERT_EQ(kiln_value_tensor_borrow(KILN_DTYPE_F32, shape, 2, data, count_release, &releases, &t, nullptr),
            KILN_OK);
  kiln_dtype dtype;
  size_t ndim = 0;
  const int64_t* got_shape = nullptr;
  const void* got = nullptr;
  ASSERT_EQ(kiln_value_get_tensor(t, &dtype, &ndim, &got_shape, &got, nullptr), KILN_OK);
  EXPECT_EQ(got, data);
  EXPECT_EQ(dtype, KILN_DTYPE_F32);
  ASSERT_EQ(ndim, 2u);
  EXPECT_EQ(got_shape[1], 3);
  EXPECT_EQ(releases, 0);
  kiln_value_release(t);
  EXPECT_EQ(releases, 1);
}

TEST(AbiValues, CopiedTensorsOwnTheirDataAndBadShapesFail) {
  const int64_t shape[1] = {3};
  int32_t data[3] = {7, 8, 9};
  kiln_value* t = nullptr;
  ASSERT_EQ(kiln_value_tensor_copy(KILN_DTYPE_I32, shape, 1, data, &t, nullptr), KILN_OK);
  data[0] = 0;
  kiln_dtype dtype;
  size_t ndim;
  const int64_t* s;
  const void* d;
  ASSERT_EQ(kiln_value_get_tensor(t, &dtype, &ndim, &s, &d, nullptr), KILN_OK);
  EXPECT_EQ(static_cast<const int32_t*>(d)[0], 7);
  kiln_value_release(t);
  const int64_t negative[2] = {2, -1};
  const int64_t huge[3] = {int64_t{1} << 40, int64_t{1} << 40, 8};
  Error e1, e2, e3;
  EXPECT_EQ(kiln_value_tensor_copy(KILN_DTYPE_F32, negative, 2, data, &t, &e1.e), KILN_FAILED);
  EXPECT_EQ(kiln_value_tensor_copy(KILN_DTYPE_F64, huge, 3, data, &t, &e2.e), KILN_FAILED);
  EXPECT_EQ(kiln_value_tensor_copy(static_cast<kiln_dtype>(99), shape, 1, data, &t, &e3.e), KILN_FAILED);
  EXPECT_EQ(e1.type(), "ValueError");
  EXPECT_EQ(e3.type(), "ValueError");
}

}  // namespace
