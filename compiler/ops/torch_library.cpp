// The op library's entries for Hugging Face transformers' "tokenizer → model → pooling" style
// (runtime/model/transformers.h) and the torch tensor operations its pooling code uses
// (runtime/torch.h): a torch tensor is an ndarray, so torch's names map onto numpy's runtime.
#include "compiler/ops/library.h"

namespace kiln::ops {
namespace {

void transformers_entries(std::vector<Entry>& t) {
  // tokenizer(texts, padding=True, truncation=True, return_tensors="np" or "pt"): the arrays come
  // back whatever return_tensors says.
  for (std::string_view text : {"list[str]", "str"}) {
    for (std::string_view padding : {"padding: bool = false", "padding: str"}) {
      t.push_back(
          {"__call__",
           {"AutoTokenizer", text, padding, "truncation: bool? = std::nullopt",
            "max_length: int? = std::nullopt", "return_tensors: str? = std::nullopt",
            "add_special_tokens: bool = true"},
           "BatchEncoding",
           "kiln::rt::transformers::tokenize({0}, {1}, kiln::rt::transformers::padding({2}), {3}, {4}, "
           "{6})"});
    }
  }
  t.insert(t.end(),
           {
               {"@model_max_length", {"AutoTokenizer"}, "int", "kiln::rt::llama::max_seq_length({0})"},
               {".encode",
                {"AutoTokenizer", "str", "add_special_tokens: bool = true"},
                "list[int]",
                "kiln::rt::llama::tokenizer_encode({0}, {1}, {2})"},
               // sentence-transformers' model.tokenize(texts): padded, cut at its max_seq_length.
               {".tokenize",
                {"SentenceTransformer", "list[str]"},
                "BatchEncoding",
                "kiln::rt::transformers::tokenize({0}, {1}, kiln::rt::transformers::Padding::Longest, true, "
                "std::nullopt, true)"},
               {"getitem", {"BatchEncoding", "str"}, "ndarray", "kiln::rt::transformers::item({0}, {1})"},
               {"@input_ids", {"BatchEncoding"}, "ndarray", "({0}).input_ids"},
               {"@attention_mask", {"BatchEncoding"}, "ndarray", "({0}).attention_mask"},
               {"@token_type_ids", {"BatchEncoding"}, "ndarray", "({0}).token_type_ids"},
               // model(**inputs), or its arrays by name.
               {"__call__",
                {"AutoModel", "**: BatchEncoding"},
                "ModelOutput",
                "kiln::rt::transformers::forward({0}, {1})"},
               {"__call__",
                {"AutoModel", "input_ids: ndarray", "attention_mask: ndarray? = std::nullopt",
                 "token_type_ids: ndarray? = std::nullopt"},
                "ModelOutput",
                "kiln::rt::transformers::forward({0}, {1}, {2}, {3})"},
               {"getitem", {"ModelOutput", "int"}, "ndarray", "kiln::rt::transformers::item({0}, {1})"},
               {"getitem", {"ModelOutput", "str"}, "ndarray", "kiln::rt::transformers::item({0}, {1})"},
               {"@last_hidden_state", {"ModelOutput"}, "ndarray", "({0}).last_hidden_state"},
           });
}

void torch_entries(std::vector<Entry>& t) {
  t.insert(t.end(),
           {
               {".unsqueeze", {"ndarray", "int"}, "ndarray", "kiln::rt::np::expand_dims({0}, {1})"},
               {"torch.unsqueeze", {"ndarray", "int"}, "ndarray", "kiln::rt::np::expand_dims({0}, {1})"},
               {".size", {"ndarray"}, "tuple[int, ...]", "kiln::rt::List<int64_t>(({0}).shape())"},
               {".size", {"ndarray", "int"}, "int", "kiln::rt::torch::size({0}, {1})"},
               {".expand", {"ndarray", "tuple[int, ...]"}, "ndarray", "kiln::rt::torch::expand({0}, {1})"},
               {".expand_as",
                {"ndarray", "ndarray"},
                "ndarray",
                "kiln::rt::torch::expand({0}, kiln::rt::List<int64_t>(({1}).shape()))"},
               {".float", {"ndarray"}, "ndarray", "kiln::rt::np::astype({0}, \"float32\")"},
               {".long", {"ndarray"}, "ndarray", "kiln::rt::np::astype({0}, \"int64\")"},
               // No autograd and no devices in a compiled function: these give the tensor itself.
               {".numpy", {"ndarray"}, "ndarray", "({0})"},
               {".cpu", {"ndarray"}, "ndarray", "({0})"},
               {".detach", {"ndarray"}, "ndarray", "({0})"},
               {"torch.sum",
                {"ndarray", "dim: int? = std::nullopt", "keepdim: bool = false"},
                "ndarray",
                "kiln::rt::np::reduce(\"sum\", {0}, {1}, {2})"},
               {"torch.mean",
                {"ndarray", "dim: int? = std::nullopt", "keepdim: bool = false"},
                "ndarray",
                "kiln::rt::np::reduce(\"mean\", {0}, {1}, {2})"},
               // t.sum(dim=1): numpy's entries take t.sum(1) and t.sum(axis=1).
               {".sum",
                {"ndarray", "dim: int?", "keepdim: bool = false"},
                "ndarray",
                "kiln::rt::np::reduce(\"sum\", {0}, {1}, {2})"},
               {".mean",
                {"ndarray", "dim: int?", "keepdim: bool = false"},
                "ndarray",
                "kiln::rt::np::reduce(\"mean\", {0}, {1}, {2})"},
               {"torch.clamp",
                {"ndarray", "min: float? = std::nullopt", "max: float? = std::nullopt"},
                "ndarray",
                "kiln::rt::torch::clamp({0}, {1}, {2})"},
               {".clamp",
                {"ndarray", "min: float? = std::nullopt", "max: float? = std::nullopt"},
                "ndarray",
                "kiln::rt::torch::clamp({0}, {1}, {2})"},
               {"torch.nn.functional.normalize",
                {"ndarray", "p: float = 2.0", "dim: int = 1", "eps: float = 1e-12"},
                "ndarray",
                "kiln::rt::torch::normalize({0}, {1}, {2}, {3})"},
               // p=2 as an int too: the numeric tower would turn dim into a float along with it.
               {"torch.nn.functional.normalize",
                {"ndarray", "p: int", "dim: int = 1", "eps: float = 1e-12"},
                "ndarray",
                "kiln::rt::torch::normalize({0}, static_cast<double>({1}), {2}, {3})"},
           });
}

}  // namespace

void add_torch_entries(std::vector<Entry>& table) {
  transformers_entries(table);
  torch_entries(table);
}

}  // namespace kiln::ops
