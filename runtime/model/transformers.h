// Hugging Face transformers' "tokenizer → model" style on the same engine as runtime/model/llama.h:
// `tokenizer(texts, padding=True, truncation=True, return_tensors="np")` gives padded int64 arrays
// and `model(**inputs)` the per-token hidden states, as float32 ndarrays (torch tensors are ndarrays
// too, runtime/torch.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "runtime/list.h"
#include "runtime/model/llama.h"
#include "runtime/ndarray.h"

namespace kiln::rt::transformers {

// What the tokenizer returns: int64 arrays of shape (texts, tokens).
struct BatchEncoding {
  NdArray input_ids, token_type_ids, attention_mask;
};

// What the model returns: float32 hidden states of shape (texts, tokens, hidden size); positions
// the attention mask leaves out hold zeros.
struct ModelOutput {
  NdArray last_hidden_state;
};

// `padding=`: False ("do_not_pad"), True ("longest") or "max_length".
enum class Padding { None, Longest, MaxLength };
Padding padding(bool on);
Padding padding(const std::string& strategy);

// tokenizer(texts, padding=..., truncation=..., max_length=..., add_special_tokens=...): truncation to
// max_length, else the tokenizer's model_max_length (with truncation unset, a max_length truncates,
// as transformers does).
BatchEncoding tokenize(const llama::ModelRef& m, const List<std::string>& texts, Padding padding,
                       std::optional<bool> truncation, std::optional<int64_t> max_length,
                       bool add_special_tokens);
BatchEncoding tokenize(const llama::ModelRef& m, const std::string& text, Padding padding,
                       std::optional<bool> truncation, std::optional<int64_t> max_length,
                       bool add_special_tokens);

// inputs["input_ids"], inputs["attention_mask"], inputs["token_type_ids"]; KeyError otherwise.
NdArray item(const BatchEncoding& inputs, const std::string& key);

// model(**inputs) or model(input_ids=..., attention_mask=...): each row's attended tokens run as one
// sequence. Only single-segment inputs (token_type_ids all 0) are supported.
ModelOutput forward(const llama::ModelRef& m, const BatchEncoding& inputs);
ModelOutput forward(const llama::ModelRef& m, const NdArray& input_ids,
                    const std::optional<NdArray>& attention_mask,
                    const std::optional<NdArray>& token_type_ids);

// outputs[0] and outputs["last_hidden_state"]; IndexError / KeyError otherwise.
NdArray item(const ModelOutput& outputs, int64_t index);
NdArray item(const ModelOutput& outputs, const std::string& key);

}  // namespace kiln::rt::transformers
