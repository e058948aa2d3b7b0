"""The loop-heavy workloads issue #3 names, as plain Python that CPython runs as is: edit distance,
non-maximum suppression, word counting and greedy BPE merging. bench/compile/run.py builds their
inputs (make_inputs) and times them compiled and in CPython."""

import random


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a):
        cur = [i + 1]
        for j, cb in enumerate(b):
            cur.append(min(prev[j + 1] + 1, cur[j] + 1, prev[j] + (ca != cb)))
        prev = cur
    return prev[-1]


def nms(boxes: list[list[float]], threshold: float) -> list[int]:
    order = sorted(range(len(boxes)), key=lambda i: boxes[i][4], reverse=True)
    suppressed = [False] * len(boxes)
    keep = []
    for rank, i in enumerate(order):
        if suppressed[i]:
            continue
        keep.append(i)
        box = boxes[i]
        area = (box[2] - box[0]) * (box[3] - box[1])
        for j in order[rank + 1:]:
            if suppressed[j]:
                continue
            other = boxes[j]
            w = max(0.0, min(box[2], other[2]) - max(box[0], other[0]))
            h = max(0.0, min(box[3], other[3]) - max(box[1], other[1]))
            inter = w * h
            union = area + (other[2] - other[0]) * (other[3] - other[1]) - inter
            if inter / union > threshold:
                suppressed[j] = True
    return keep


def word_count(text: str) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for word in text.lower().split():
        word = word.strip(".,;:!?\"'()")
        if word:
            counts[word] = counts.get(word, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:20]


def bpe(words: list[str], merges: int) -> list[str]:
    corpus = [list(w) for w in words]
    for _ in range(merges):
        pairs: dict[tuple[str, str], int] = {}
        for symbols in corpus:
            for k in range(len(symbols) - 1):
                pair = (symbols[k], symbols[k + 1])
                pairs[pair] = pairs.get(pair, 0) + 1
        if not pairs:
            break
        best = max(pairs.items(), key=lambda kv: kv[1])[0]
        merged = best[0] + best[1]
        next_corpus = []
        for symbols in corpus:
            out = []
            k = 0
            while k < len(symbols):
                if k + 1 < len(symbols) and symbols[k] == best[0] and symbols[k + 1] == best[1]:
                    out.append(merged)
                    k += 2
                else:
                    out.append(symbols[k])
                    k += 1
            next_corpus.append(out)
        corpus = next_corpus
    return [" ".join(symbols) for symbols in corpus[:20]]


def make_inputs() -> dict[str, dict]:
    """Deterministic inputs of the sizes the issue names (2,000 boxes, 1 MB of text)."""
    rng = random.Random(7)
    letters = "abcdefghij"
    vocabulary = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(3000)]
    text, size = [], 0
    while size < 1_000_000:
        word = rng.choice(vocabulary) + rng.choice(["", "", "", ".", ","])
        text.append(word.capitalize() if rng.random() < 0.1 else word)
        size += len(word) + 1
    boxes = []
    for _ in range(2000):
        x, y = rng.uniform(0, 1000), rng.uniform(0, 1000)
        w, h = rng.uniform(10, 120), rng.uniform(10, 120)
        boxes.append([x, y, x + w, y + h, rng.random()])
    return {
        "edit_distance": {"a": "".join(rng.choice(letters) for _ in range(1500)),
                          "b": "".join(rng.choice(letters) for _ in range(1500))},
        "nms": {"boxes": boxes, "threshold": 0.3},
        "word_count": {"text": " ".join(text)},
        "bpe": {"words": [rng.choice(vocabulary) for _ in range(20000)], "merges": 30},
    }
