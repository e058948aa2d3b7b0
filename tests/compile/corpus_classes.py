"""Differential corpus: dataclasses and plain classes — fields, defaults, methods, instances as
shared references, equality and repr, instances in containers and across the C ABI (as dicts)."""

from dataclasses import dataclass


@dataclass
class Box:
    x1: float
    y1: float
    x2: float
    y2: float
    score: float = 1.0

    def area(self) -> float:
        return max(0.0, self.x2 - self.x1) * max(0.0, self.y2 - self.y1)

    def iou(self, other: "Box") -> float:
        w = min(self.x2, other.x2) - max(self.x1, other.x1)
        h = min(self.y2, other.y2) - max(self.y1, other.y1)
        inter = max(0.0, w) * max(0.0, h)
        return inter / (self.area() + other.area() - inter)


@dataclass
class Token:
    text: str
    id: int
    special: bool = False


class Vocabulary:
    def __init__(self, unknown: str = "<unk>"):
        self.unknown = unknown
        self.ids: dict[str, int] = {unknown: 0}
        self.words: list[str] = [unknown]

    def add(self, word: str) -> int:
        if word not in self.ids:
            self.ids[word] = len(self.words)
            self.words.append(word)
        return self.ids[word]

    def encode(self, text: str) -> list[int]:
        return [self.ids.get(w, 0) for w in text.split()]


class Accumulator:
    def __init__(self, start: float):
        self.total = start
        self.count = 0

    def push(self, x: float) -> None:
        self.total += x
        self.count += 1

    def mean(self) -> float:
        return self.total / self.count


def box_areas(coords: list[list[float]]) -> list[float]:
    boxes = [Box(c[0], c[1], c[2], c[3]) for c in coords]
    return [b.area() for b in boxes]


def box_iou(a: list[float], b: list[float]) -> float:
    return Box(a[0], a[1], a[2], a[3]).iou(Box(b[0], b[1], b[2], b[3]))


def dataclass_repr_eq(text: str, n: int) -> list[str]:
    t = Token(text, n)
    u = Token(text, n, special=True)
    return [repr(t), str(t == u), str(t == Token(text, n)), f"{u}"]


def dataclass_mutation(n: int) -> list[int]:
    t = Token("x", n)
    alias = t
    alias.id += 5
    tokens = [t, Token("y", 1)]
    tokens[1].id = 42
    return [t.id, tokens[0].id, tokens[1].id]


def vocabulary_encode(corpus: list[str], query: str) -> list[int]:
    vocab = Vocabulary()
    for line in corpus:
        for word in line.split():
            vocab.add(word)
    return vocab.encode(query) + [len(vocab.words)]


def accumulate(xs: list[float]) -> float:
    acc = Accumulator(0.0)
    for x in xs:
        acc.push(x)
    return acc.mean()


def sort_tokens(words: list[str]) -> list[str]:
    tokens = [Token(w, len(w)) for w in words]
    tokens.sort(key=lambda t: (t.id, t.text))
    return [t.text for t in tokens]


def make_token(text: str, id: int) -> Token:
    return Token(text.upper(), id * 2)


def token_length(token: Token) -> int:
    return len(token.text) + token.id


def missing_field(token: Token) -> str:
    return token.text


CASES = {
    "box_areas": [{"coords": [[0, 0, 2, 3], [1, 1, 0, 5]]}],
    "box_iou": [{"a": [0, 0, 2, 2], "b": [1, 1, 3, 3]}, {"a": [0, 0, 1, 1], "b": [0, 0, 1, 1]}],
    "dataclass_repr_eq": [{"text": "hi", "n": 3}],
    "dataclass_mutation": [{"n": 1}],
    "vocabulary_encode": [{"corpus": ["a b c", "b d"], "query": "d a z b"}],
    "accumulate": [{"xs": [1.0, 2.0, 4.5]}, {"xs": []}],
    "sort_tokens": [{"words": ["ccc", "bb", "a", "ab", "ba"]}],
    "make_token": [{"text": "abc", "id": 4}],
    "token_length": [{"token": {"text": "hey", "id": 2, "special": False}}],
}
