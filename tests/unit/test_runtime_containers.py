"""The runtime's List, Dict and Set behave as CPython's list, dict and set on random operation scripts.

build/bin/kiln-containers-probe runs each script (format in tests/unit/containers_probe.cpp); this
file replays it on CPython's containers and compares every result, exception and state. Sets are
compared as sorted lists, and set.pop() is checked to return a member, since set order is CPython's
own business.
"""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path
from typing import Callable

import pytest

REPO = Path(__file__).resolve().parents[2]
PROBE = Path(os.environ.get("KILN_CONTAINERS_PROBE", REPO / "build" / "bin" / "kiln-containers-probe"))
SCRIPTS_PER_KIND = 1500
OPS_PER_SCRIPT = 30
KEYS = ["a", "b", "c", "d", "e", "é", "it's", 'say "hi"', "", "\n", "🐍", "a\\b"]
SORT_KEYS: dict[str, Callable[[int], int]] = {"mod3": lambda x: x % 3, "abs": abs, "neg": lambda x: -x}


# --- encoding of arguments, as the probe parses them -------------------------------------------------


def enc_ints(values: list[int]) -> str:
    return "[" + ",".join(map(str, values)) + "]"


def dec_ints(token: str) -> list[int]:
    return [int(v) for v in token[1:-1].split(",") if v]


def enc_key(key: str) -> str:
    return "x" + key.encode().hex()


def dec_key(token: str) -> str:
    return bytes.fromhex(token[1:]).decode()


def enc_dict(d: dict[str, int]) -> str:
    return "{" + ",".join(f"{enc_key(k)}={v}" for k, v in d.items()) + "}"


def dec_dict(token: str) -> dict[str, int]:
    pairs = [item.split("=") for item in token[1:-1].split(",") if item]
    return {dec_key(k): int(v) for k, v in pairs}


def dec_bound(token: str) -> int | None:
    return None if token == "N" else int(token)


def dec_slice(t: list[str]) -> slice:
    return slice(dec_bound(t[1]), dec_bound(t[2]), dec_bound(t[3]))


# --- CPython's answers ---------------------------------------------------------------------------------


def error_text(e: Exception) -> str:
    return f"!{type(e).__name__}: {e}"


def nothing(_: object) -> None:
    """What an augmented assignment statement evaluates to, as the probe prints it."""
    return None


def flags(a, b) -> str:
    return "".join("T" if r else "F" for r in (a == b, a < b, a <= b, a > b, a >= b))


def loop(container, body: Callable[[object, int], None], count_only: bool = False) -> str:
    seen: list = []
    error = ""
    try:
        for item in container:
            seen.append(item)
            body(item, len(seen))
    except Exception as e:  # noqa: BLE001 - any exception is an answer
        error = " " + error_text(e)
    return (str(len(seen)) if count_only else repr(seen)) + error


def list_op(a: list[int], t: list[str]) -> str:
    op, n = t[0], [int(x) for x in t[1:] if x.lstrip("-").isdigit()]
    simple: dict[str, Callable[[], object]] = {
        "append": lambda: a.append(n[0]),
        "extend": lambda: a.extend(dec_ints(t[1])),
        "insert": lambda: a.insert(n[0], n[1]),
        "pop": lambda: a.pop(*n),
        "remove": lambda: a.remove(n[0]),
        "index": lambda: a.index(*n),
        "count": lambda: a.count(n[0]),
        "contains": lambda: n[0] in a,
        "reverse": a.reverse,
        "sort": lambda: a.sort(reverse=len(t) > 1),
        "sort_key": lambda: a.sort(key=SORT_KEYS[t[1]], reverse=t[2] == "1"),
        "clear": a.clear,
        "len": lambda: len(a),
        "get": lambda: a[n[0]],
        "set": lambda: a.__setitem__(n[0], n[1]),
        "del": lambda: a.__delitem__(n[0]),
        "slice": lambda: a[dec_slice(t)],
        "slice_set": lambda: a.__setitem__(dec_slice(t), dec_ints(t[4])),
        "slice_del": lambda: a.__delitem__(dec_slice(t)),
        "self_slice": lambda: a.__setitem__(dec_slice(t), a),
        "self_extend": lambda: a.extend(a),
        "add": lambda: a + dec_ints(t[1]),
        "mul": lambda: a * n[0],
        "imul": lambda: nothing(a.__imul__(n[0])),
        "iadd": lambda: nothing(a.__iadd__(dec_ints(t[1]))),
        "copy": lambda: a.copy() + [100],
    }
    if op in simple:
        return repr(simple[op]())
    if op == "cmp":
        return flags(a, dec_ints(t[1]))
    if op == "alias":
        b = a
        b.append(100)
        return repr(b is a)
    if op == "iter_pop":
        return loop(a, lambda x, i: a.pop(0))
    if op == "iter_remove":
        return loop(a, lambda x, i: a.remove(x))
    assert op == "iter_append", op
    return loop(a, lambda x, i: a.append(x + 1) if i <= n[0] else None)


def dict_op(d: dict[str, int], t: list[str]) -> str:
    op = t[0]
    k = dec_key(t[1]) if len(t) > 1 and t[1].startswith("x") else None
    v = int(t[2]) if len(t) > 2 and t[2].lstrip("-").isdigit() else None
    simple: dict[str, Callable[[], object]] = {
        "set": lambda: d.__setitem__(k, v),
        "get": lambda: d[k],
        "del": lambda: d.__delitem__(k),
        "contains": lambda: k in d,
        "get1": lambda: d.get(k),
        "get2": lambda: d.get(k, v),
        "setdefault": lambda: d.setdefault(k, v),
        "pop": lambda: d.pop(k),
        "pop2": lambda: d.pop(k, v),
        "popitem": d.popitem,
        "update": lambda: d.update(dec_dict(t[1])),
        "or": lambda: d | dec_dict(t[1]),
        "ior": lambda: nothing(d.__ior__(dec_dict(t[1]))),
        "len": lambda: len(d),
        "clear": d.clear,
        "copy": lambda: {**d.copy(), k: v},
        "eq": lambda: d == dec_dict(t[1]),
        "keys": lambda: list(d.keys()),
        "values": lambda: list(d.values()),
        "items": lambda: list(d.items()),
    }
    if op in simple:
        return repr(simple[op]())
    if op == "iter_set":
        return loop(d, lambda key, i: d.__setitem__(k, v) if i == 1 else None)
    if op == "iter_del":
        return loop(d, lambda key, i: d.__delitem__(k) if i == 1 else None)
    if op == "iter_delset":
        k2, limit = dec_key(t[2]), int(t[3])

        def delset(key: object, i: int) -> None:
            if i <= limit:
                del d[k]
                d[k2] = i

        return loop(d, delset)
    assert op == "iter_bump", op
    return loop(d, lambda key, i: d.__setitem__(key, d[key] + 1))


def set_op(s: set[int], t: list[str], probe_result: str) -> str:
    op = t[0]
    x = int(t[1]) if len(t) > 1 and t[1].lstrip("-").isdigit() else None
    if op == "pop":
        if not s or not probe_result or probe_result.startswith("!"):
            # An error when empty; else the probe raised wrongly, or there is no probe answer yet.
            return repr(s.pop())
        popped = int(probe_result)
        if popped not in s:
            return f"{popped} was not a member"
        s.remove(popped)
        return repr(popped)
    simple: dict[str, Callable[[], object]] = {
        "add": lambda: s.add(x),
        "discard": lambda: s.discard(x),
        "remove": lambda: s.remove(x),
        "contains": lambda: x in s,
        "len": lambda: len(s),
        "clear": s.clear,
    }
    if op in simple:
        return repr(simple[op]())
    if op == "copy":
        return repr(sorted(s.copy() | {x}))
    if op == "iter_add":
        return loop(s, lambda item, i: s.add(x), count_only=True)
    if op == "iter_discard":
        return loop(s, lambda item, i: s.discard(x), count_only=True)
    if op == "self":
        return f"{sorted((s | s) ^ (s & s))} {sorted(s - s)}"
    b = set(dec_ints(t[1]))
    binary: dict[str, Callable[[], object]] = {
        "union": lambda: sorted(s | b),
        "inter": lambda: sorted(s & b),
        "diff": lambda: sorted(s - b),
        "symdiff": lambda: sorted(s ^ b),
        "ior": lambda: nothing(s.__ior__(b)),
        "iand": lambda: nothing(s.__iand__(b)),
        "isub": lambda: nothing(s.__isub__(b)),
        "ixor": lambda: nothing(s.__ixor__(b)),
        "issubset": lambda: s.issubset(b),
        "issuperset": lambda: s.issuperset(b),
        "isdisjoint": lambda: s.isdisjoint(b),
    }
    if op in binary:
        return repr(binary[op]())
    assert op == "cmp", op
    return flags(s, b)


# --- random scripts ------------------------------------------------------------------------------------


def small(rng: random.Random) -> int:
    return rng.randint(-4, 6)


def index(rng: random.Random) -> int:
    return rng.randint(-8, 8)


def ints(rng: random.Random) -> list[int]:
    return [small(rng) for _ in range(rng.randint(0, 5))]


def bounds(rng: random.Random) -> str:
    def bound() -> str:
        return "N" if rng.random() < 0.3 else str(index(rng))

    step = "N" if rng.random() < 0.3 else str(rng.choice([-3, -2, -1, 0, 1, 1, 2, 3]))
    return f"{bound()} {bound()} {step}"


def near(rng: random.Random, values: list[int]) -> list[int]:
    """`values`, or a prefix of it, or it with one item changed: lists that compare interestingly."""
    out = list(values)
    choice = rng.random()
    if choice < 0.3 and out:
        out = out[: rng.randrange(len(out))]
    elif choice < 0.6 and out:
        out[rng.randrange(len(out))] = small(rng)
    return out


def list_script_op(rng: random.Random, a: list[int]) -> str:
    makers: list[Callable[[], str]] = [
        lambda: f"append {small(rng)}",
        lambda: f"extend {enc_ints(ints(rng))}",
        lambda: f"insert {index(rng)} {small(rng)}",
        lambda: "pop",
        lambda: f"pop {index(rng)}",
        lambda: f"remove {small(rng)}",
        lambda: f"index {small(rng)}",
        lambda: f"index {small(rng)} {index(rng)} {index(rng)}",
        lambda: f"count {small(rng)}",
        lambda: f"contains {small(rng)}",
        lambda: "reverse",
        lambda: "sort",
        lambda: "sort rev",
        lambda: f"sort_key {rng.choice(list(SORT_KEYS))} {rng.randint(0, 1)}",
        lambda: "clear" if rng.random() < 0.3 else "len",
        lambda: f"get {index(rng)}",
        lambda: f"set {index(rng)} {small(rng)}",
        lambda: f"del {index(rng)}",
        lambda: f"slice {bounds(rng)}",
        lambda: f"slice_set {bounds(rng)} {enc_ints(ints(rng))}",
        lambda: f"slice_del {bounds(rng)}",
        lambda: f"self_slice {bounds(rng)}",
        lambda: "self_extend" if len(a) < 20 else "len",
        lambda: f"add {enc_ints(ints(rng))}",
        lambda: f"mul {rng.randint(-2, 3)}",
        lambda: f"imul {rng.randint(-1, 2) if len(a) < 20 else 1}",
        lambda: f"iadd {enc_ints(ints(rng))}",
        lambda: f"cmp {enc_ints(near(rng, a))}",
        lambda: "copy",
        lambda: "alias",
        lambda: "iter_pop",
        lambda: "iter_remove",
        lambda: f"iter_append {rng.randint(0, 3)}",
    ]
    return rng.choice(makers)()


def dict_script_op(rng: random.Random, d: dict[str, int]) -> str:
    def key() -> str:
        return enc_key(rng.choice(KEYS))

    def literal() -> str:
        if rng.random() < 0.5:
            items = list(d.items())
            rng.shuffle(items)
            if items and rng.random() < 0.5:
                items[0] = (items[0][0], small(rng))
            return enc_dict(dict(items))
        return enc_dict({rng.choice(KEYS): small(rng) for _ in range(rng.randint(0, 4))})

    makers: list[Callable[[], str]] = [
        lambda: f"set {key()} {small(rng)}",
        lambda: f"set {key()} {small(rng)}",
        lambda: f"get {key()}",
        lambda: f"del {key()}",
        lambda: f"contains {key()}",
        lambda: f"get1 {key()}",
        lambda: f"get2 {key()} {small(rng)}",
        lambda: f"setdefault {key()} {small(rng)}",
        lambda: f"pop {key()}",
        lambda: f"pop2 {key()} {small(rng)}",
        lambda: "popitem",
        lambda: f"update {literal()}",
        lambda: f"or {literal()}",
        lambda: f"ior {literal()}",
        lambda: "clear" if rng.random() < 0.2 else "len",
        lambda: f"copy {key()} {small(rng)}",
        lambda: f"eq {literal()}",
        lambda: rng.choice(["keys", "values", "items"]),
        lambda: f"iter_set {key()} {small(rng)}",
        lambda: f"iter_del {key()}",
        lambda: f"iter_delset {key()} {key()} {rng.randint(1, 12)}",
        lambda: "iter_bump",
    ]
    return rng.choice(makers)()


def set_script_op(rng: random.Random, s: set[int]) -> str:
    def elems() -> str:
        return enc_ints(near(rng, sorted(s)) if rng.random() < 0.4 else ints(rng))

    makers: list[Callable[[], str]] = [
        lambda: f"add {small(rng)}",
        lambda: f"add {small(rng)}",
        lambda: f"discard {small(rng)}",
        lambda: f"remove {small(rng)}",
        lambda: "pop",
        lambda: f"contains {small(rng)}",
        lambda: "clear" if rng.random() < 0.2 else "len",
        lambda: f"copy {small(rng)}",
        lambda: f"iter_add {small(rng)}",
        lambda: f"iter_discard {small(rng)}",
        lambda: "self",
    ] + [
        lambda op=op: f"{op} {elems()}"
        for op in ["union", "inter", "diff", "symdiff", "ior", "iand", "isub", "ixor", "issubset",
                   "issuperset", "isdisjoint", "cmp"]
    ]
    return rng.choice(makers)()


def state_text(kind: str, c) -> str:
    return repr(sorted(c)) if kind == "set" else repr(c)


def apply(kind: str, c, tokens: list[str], probe_result: str) -> str:
    try:
        if kind == "list":
            return list_op(c, tokens)
        if kind == "dict":
            return dict_op(c, tokens)
        return set_op(c, tokens, probe_result)
    except Exception as e:  # noqa: BLE001 - any exception is an answer
        return error_text(e)


MAKERS = {"list": (list, list_script_op), "dict": (dict, dict_script_op), "set": (set, set_script_op)}


def script(kind: str, rng: random.Random) -> list[str]:
    """Random ops, chosen with a CPython model of the state at hand (sets' pops may make it drift)."""
    make, choose = MAKERS[kind]
    model = make()
    ops = []
    for _ in range(OPS_PER_SCRIPT):
        ops.append(choose(rng, model))
        apply(kind, model, ops[-1].split(" "), "")
    return ops


def run_probe(lines: list[str]) -> list[list[str]]:
    if not PROBE.exists():
        pytest.fail(f"{PROBE} is not built; run scripts/setup first")
    run = subprocess.run([str(PROBE)], input="\n".join(lines) + "\n", capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr
    outputs, current = [], []
    for line in run.stdout.split("\n")[:-1]:
        if line == "end":
            outputs.append(current)
            current = []
        else:
            current.append(line)
    return outputs


@pytest.mark.parametrize("kind", ["list", "dict", "set"])
def test_random_scripts_match_cpython(kind):
    rng = random.Random(f"containers-{kind}")
    scripts = [script(kind, rng) for _ in range(SCRIPTS_PER_KIND)]
    outputs = run_probe([f"{kind} {';'.join(ops)}" for ops in scripts])
    assert len(outputs) == len(scripts)
    mismatches = []
    for ops, got in zip(scripts, outputs):
        container = MAKERS[kind][0]()
        for i, op in enumerate(ops):
            result = apply(kind, container, op.split(" "), got[i].split(" | ")[0])
            want = f"{result} | {state_text(kind, container)}"
            if got[i] != want:
                mismatches.append((ops[: i + 1], got[i], want))
                break
    assert not mismatches, mismatches[:5]
