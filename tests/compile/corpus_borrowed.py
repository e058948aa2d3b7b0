"""Loop variables over `s.split()` that the compiler keeps as views into the split's text (borrowed
strings, compiler/codegen/borrowed.h), in every way such a variable gets read, and the cases where it
must stay a string of its own (read after the loop, passed to a helper, captured, yielded)."""

from typing import Iterator


def strip_and_count(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in text.lower().split():
        word = word.strip(".,;:!?\"'()")
        if word:
            counts[word] = counts.get(word, 0) + 1
    return counts


def augmented_count(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in text.split(","):
        word = word.rstrip().lstrip("-")
        if word not in counts:
            counts[word] = 0
        counts[word] += 1
    return counts


def lookups(text: str, table: dict[str, int]) -> list[int]:
    out: list[int] = []
    for word in text.split():
        out.append(table[word] if word in table else table.get(word.upper(), -1))
    return out


def missing_key(text: str, table: dict[str, int]) -> int:
    total = 0
    for word in text.split():
        total += table[word]
    return total


def every_consumer(text: str) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for part in text.split(";"):
        part = part.strip()
        if not part or part in seen:
            continue
        seen.add(part)
        kind = "num" if part.isdigit() else "word"
        out.append(f"{part!r}:{len(part)}:{kind}:{part.startswith('a')}:{part == 'stop'}:{part < 'm'}")
        out.append(part + "!" + part[::-1] + part.replace("a", "4").title())
    return out


def read_after_the_loop(text: str) -> str:
    last = ""
    for word in text.split():
        if word.endswith("."):
            last = word
            break
    return last


def word_after_the_loop(text: str) -> str:
    word = "none"
    for word in text.split():
        word = word.strip("!")
    return word


def shout(word: str) -> str:
    return word.upper() + "!"


def passed_to_a_helper(text: str) -> list[str]:
    return_value: list[str] = []
    for word in text.split():
        return_value.append(shout(word))
    return return_value


def captured(text: str) -> list[list[str]]:
    out: list[list[str]] = []
    for word in text.split():
        out.append(sorted([word, word.swapcase()], key=lambda s: (len(s), s != word)))
        out.append([c + word for c in "ab"])
    return out


def yielded(text: str) -> Iterator[str]:
    for word in text.split():
        word = word.strip("?")
        yield word
        yield word * 2


def from_a_generator(text: str) -> list[str]:
    return list(yielded(text))


def nested_splits(text: str) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for line in text.split("\n"):
        for word in line.split():
            word = word.strip(".")
            out.append((word, len(line)))
    return out


def two_loops_one_name(a: str, b: str) -> list[str]:
    out: list[str] = []
    for word in a.split():
        out.append(word)
    for word in b.split("-"):
        out.append(word)
    return out


def rebound_otherwise(text: str) -> list[str]:
    out: list[str] = []
    for word in text.split():
        if len(word) > 3:
            word = word[:3]
        out.append(word)
    return out


def unicode_words(text: str) -> list[int]:
    return_value: list[int] = []
    for word in text.split():
        word = word.strip("¡¿!?")
        return_value.append(len(word))
    return return_value


CASES = {
    "strip_and_count": [{"text": "The cat (the CAT!) saw 'the' dog, the end."}, {"text": ""},
                        {"text": "... !!! ,,,"}],
    "augmented_count": [{"text": "a,b , -a,,b,--c , "}, {"text": ""}],
    "lookups": [{"text": "x y z X", "table": {"x": 1, "Z": 26, "y": 2}}],
    "missing_key": [{"text": "a b a", "table": {"a": 1, "b": 2}}, {"text": "a nope", "table": {"a": 1}}],
    "every_consumer": [{"text": "abc; 12 ;stop; abc;;zeta; a'b; ümlaut "}],
    "read_after_the_loop": [{"text": "one two. three."}, {"text": "no period"}],
    "word_after_the_loop": [{"text": "hi there!"}, {"text": ""}],
    "passed_to_a_helper": [{"text": "a bc déf"}],
    "captured": [{"text": "ab Cd"}],
    "from_a_generator": [{"text": "why? not"}],
    "nested_splits": [{"text": "a. b\n\ncc dd.\n e"}],
    "two_loops_one_name": [{"a": "x y", "b": "p-q--r"}],
    "rebound_otherwise": [{"text": "tiny enormous mid"}],
    "unicode_words": [{"text": "¡Hola! ¿Qué tal? 日本語 😀!"}],
}
