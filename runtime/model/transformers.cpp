#include "runtime/model/transformers.h"

#include <algorithm>

#include "runtime/exceptions.h"
#include "runtime/numpy.h"
#include "runtime/repr.h"

namespace kiln::rt::transformers {
namespace {

using Rows = std::vector<std::vector<int64_t>>;

// A 2-D (or 1-D: one row) integer array as rows of int64.
Rows rows_of(const NdArray& a, const char* name) {
  if (a.ndim() != 1 && a.ndim() != 2)
    throw ValueError(std::string(name) + " must have 1 or 2 dimensions, not " + std::to_string(a.ndim()));
  const NdArray flat = np::copy(np::astype(a, "int64"));
  const int64_t width = a.shape().back(), height = a.ndim() == 2 ? a.shape()[0] : 1;
  const auto values = flat.elements<int64_t>();
  Rows out;
  for (int64_t r = 0; r < height; ++r)
    out.emplace_back(values.begin() + r * width, values.begin() + (r + 1) * width);
  return out;
}

// Rows padded on the right with `pad` to `width`, as an int64 array of shape (rows, width).
NdArray padded(const Rows& rows, int64_t width, int64_t pad) {
  NdArray out(DType::Int64, {static_cast<int64_t>(rows.size()), width});
  auto values = out.elements<int64_t>();
  std::fill(values.begin(), values.end(), pad);
  for (std::size_t r = 0; r < rows.size(); ++r)
    std::copy(rows[r].begin(), rows[r].end(), values.begin() + static_cast<int64_t>(r) * width);
  return out;
}

Rows filled(const Rows& shape_of, int64_t value) {
  Rows out;
  for (const auto& row : shape_of) out.emplace_back(row.size(), value);
  return out;
}

int64_t longest(const Rows& rows) {
  int64_t n = 0;
  for (const auto& row : rows) n = std::max<int64_t>(n, static_cast<int64_t>(row.size()));
  return n;
}

// The padded width: as the texts are (all of one length), the longest, or max_length.
int64_t width_of(const Rows& ids, Padding padding, int64_t max_length) {
  const int64_t n = longest(ids);
  if (padding == Padding::MaxLength) return std::max(n, max_length);
  if (padding == Padding::Longest) return n;
  for (const auto& row : ids) {
    if (static_cast<int64_t>(row.size()) != n)
      throw ValueError(
          "Unable to create tensor, you should probably activate truncation and/or padding with "
          "'padding=True' 'truncation=True' to have batched tensors with the same length.");
  }
  return n;
}

}  // namespace

Padding padding(bool on) {
  return on ? Padding::Longest : Padding::None;
}

Padding padding(const std::string& strategy) {
  if (strategy == "longest") return Padding::Longest;
  if (strategy == "max_length") return Padding::MaxLength;
  if (strategy == "do_not_pad") return Padding::None;
  throw ValueError("'" + strategy + "' is not a valid PaddingStrategy, please select one of ['longest', " +
                   "'max_length', 'do_not_pad']");
}

BatchEncoding tokenize(const llama::ModelRef& m, const List<std::string>& texts, Padding padding,
                       std::optional<bool> truncation, std::optional<int64_t> max_length,
                       bool add_special_tokens) {
  const int64_t limit = max_length.value_or(llama::max_seq_length(m));
  const bool cut = truncation.value_or(max_length.has_value());
  const Rows ids = llama::encode_texts(m, texts.vector(), add_special_tokens, cut ? limit : 0);
  const int64_t width = width_of(ids, padding, limit);
  return BatchEncoding{padded(ids, width, llama::pad_token(m)), padded(filled(ids, 0), width, 0),
                       padded(filled(ids, 1), width, 0)};
}

BatchEncoding tokenize(const llama::ModelRef& m, const std::string& text, Padding padding,
                       std::optional<bool> truncation, std::optional<int64_t> max_length,
                       bool add_special_tokens) {
  return tokenize(m, List<std::string>{text}, padding, truncation, max_length, add_special_tokens);
}

NdArray item(const BatchEncoding& inputs, const std::string& key) {
  if (key == "input_ids") return inputs.input_ids;
  if (key == "attention_mask") return inputs.attention_mask;
  if (key == "token_type_ids") return inputs.token_type_ids;
  throw KeyError(kiln::runtime::repr_str(key));
}

ModelOutput forward(const llama::ModelRef& m, const BatchEncoding& inputs) {
  return forward(m, inputs.input_ids, inputs.attention_mask, inputs.token_type_ids);
}

ModelOutput forward(const llama::ModelRef& m, const NdArray& input_ids,
                    const std::optional<NdArray>& attention_mask,
                    const std::optional<NdArray>& token_type_ids) {
  const Rows ids = rows_of(input_ids, "input_ids");
  const Rows mask = attention_mask ? rows_of(*attention_mask, "attention_mask") : filled(ids, 1);
  if (mask.size() != ids.size() || (!ids.empty() && mask[0].size() != ids[0].size()))
    throw ValueError("attention_mask must have the shape of input_ids");
  for (const auto& row : token_type_ids ? rows_of(*token_type_ids, "token_type_ids") : Rows{}) {
    if (std::any_of(row.begin(), row.end(), [](int64_t t) { return t != 0; }))
      throw ValueError("token_type_ids other than 0 (sentence pairs) are not supported");
  }
  Rows attended(ids.size());  // each row's tokens the mask keeps, in order
  for (std::size_t r = 0; r < ids.size(); ++r) {
    for (std::size_t t = 0; t < ids[r].size(); ++t) {
      if (mask[r][t] != 0) attended[r].push_back(ids[r][t]);
    }
  }
  const std::vector<std::vector<float>> states = llama::token_states(m, attended);
  const int64_t width = ids.empty() ? 0 : static_cast<int64_t>(ids[0].size());
  const int64_t n_embd = llama::embedding_dimension(m);
  NdArray out(DType::Float32, {static_cast<int64_t>(ids.size()), width, n_embd});
  auto values = out.elements<float>();
  for (std::size_t r = 0; r < ids.size(); ++r) {
    auto source = states[r].begin();
    for (int64_t t = 0; t < width; ++t) {
      if (mask[r][t] == 0) continue;
      std::copy(source, source + n_embd, values.begin() + (static_cast<int64_t>(r) * width + t) * n_embd);
      source += n_embd;
    }
  }
  return ModelOutput{out};
}

NdArray item(const ModelOutput& outputs, int64_t index) {
  if (index != 0 && index != -1) throw IndexError("tuple index out of range");
  return outputs.last_hidden_state;
}

NdArray item(const ModelOutput& outputs, const std::string& key) {
  if (key != "last_hidden_state") throw KeyError(kiln::runtime::repr_str(key));
  return outputs.last_hidden_state;
}

}  // namespace kiln::rt::transformers
