"""Differential corpus: scalar functions (int, float, bool, str) with control flow and helper calls.

Each function runs in CPython and, compiled by Kiln, through `kiln run` on the inputs in CASES; the
results (or exception types and messages) must be equal. Nothing here states an expected value.
"""


def add_one(x: int) -> int:
    return x + 1


def arithmetic(a: int, b: int) -> int:
    return (a + b) * (a - b) - a * 3 + b // 2


def floor_ops(a: int, b: int) -> str:
    return str(a // b) + " " + str(a % b)


def float_floor_ops(a: float, b: float) -> str:
    return str(a // b) + " " + str(a % b)


def true_division(a: int, b: int) -> float:
    return a / b


def mixed_numbers(a: int, b: float) -> float:
    return a * b + a / 2 - b ** 2


def power(base: int, exp: int) -> int:
    return base ** exp


def float_power(base: float, exp: float) -> float:
    return base ** exp


def shifts_and_bits(a: int, n: int) -> int:
    return ((a << n) >> 1) ^ (a & 0xFF) | (a >> n)


def negation(a: int, b: float) -> str:
    return str(-a) + " " + str(-b) + " " + str(~a) + " " + str(+a)


def compare_chain(a: int, b: int, c: int) -> bool:
    return a < b <= c and not a == c


def bool_values(a: int, s: str) -> str:
    return str(a or 7) + " " + str(a and 3) + " " + (s or "empty") + " " + str(not s)


def ternary(x: float) -> str:
    return "big" if x > 100.0 else "neg" if x < 0 else "small"


def fizzbuzz(n: int) -> str:
    out = ""
    for i in range(1, n + 1):
        if i % 15 == 0:
            out = out + "FizzBuzz "
        elif i % 3 == 0:
            out = out + "Fizz "
        elif i % 5 == 0:
            out = out + "Buzz "
        else:
            out = out + str(i) + " "
    return out


def collatz_steps(n: int) -> int:
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def fib(n: int) -> int:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def gcd(a: int, b: int) -> int:
    while b:
        remainder = a % b
        a = b
        b = remainder
    return a


def count_primes(limit: int) -> int:
    count = 0
    for n in range(2, limit):
        is_prime = True
        d = 2
        while d * d <= n:
            if n % d == 0:
                is_prime = False
                break
            d += 1
        if is_prime:
            count += 1
    return count


def range_steps(start: int, stop: int, step: int) -> str:
    out = ""
    for i in range(start, stop, step):
        out += str(i) + ","
    return out


def rebinding(x: int) -> str:
    value = x * 2
    value = str(value) + "!"
    value = len(value)
    return str(value + 0.5)


def strings(s: str, n: int) -> str:
    t = s * n + "|" + s
    return t + str(len(t)) + str("ab" in t) + str("zz" not in t) + str(s < "m")


def unicode_strings(s: str) -> str:
    return str(len(s)) + " " + str(ord("é")) + chr(955) + s + str(s > "h")


def ord_chr(c: str, n: int) -> str:
    return str(ord(c)) + chr(n)


def conversions(x: float, n: int) -> str:
    return str(int(x)) + " " + str(float(n)) + " " + str(bool(x)) + " " + str(round(x)) + " " + str(abs(n))


def min_max(a: int, b: int, x: float, y: float) -> str:
    return str(min(a, b)) + str(max(a, b)) + str(min(x, y)) + str(max(x, y))


def float_repr(x: float) -> str:
    return str(x * 3) + " " + str(x / 7) + " " + str(x * 1e20) + " " + str(x / 1e10)


def defaults(a: int, scale: float = 1.5, label: str = "v", flag: bool = True) -> str:
    return label + str(a * scale) + str(flag)


def early_return(n: int) -> int:
    for i in range(n):
        if i * i > n:
            return i
    return -1


def nested_loops(n: int) -> int:
    total = 0
    for i in range(n):
        for j in range(i):
            if j == 3:
                continue
            if i + j > 12:
                break
            total += i * j
    return total


def accumulate_float(n: int) -> float:
    total = 0.0
    for i in range(n):
        total += 1 / (i + 1)
    return total


def raises_in_helper(n: int) -> int:
    return divide_by(n, n - 3)


def divide_by(a: int, b: int) -> int:
    return a // b


CASES = {
    "add_one": [{"x": 1}, {"x": -5}, {"x": 0}, {"x": 9223372036854775806}],
    "arithmetic": [{"a": 7, "b": 3}, {"a": -7, "b": 3}, {"a": 0, "b": -1}],
    "floor_ops": [{"a": 7, "b": 2}, {"a": -7, "b": 2}, {"a": 7, "b": -2}, {"a": -7, "b": -2}, {"a": 5, "b": 0}],
    "float_floor_ops": [{"a": 7.5, "b": 2.0}, {"a": -7.5, "b": 2.0}, {"a": 7.5, "b": -2.0}, {"a": 1.0, "b": 0.0},
                        {"a": -0.0, "b": 3.0}, {"a": 1e300, "b": 1e-300}],
    "true_division": [{"a": 1, "b": 3}, {"a": -7, "b": 2}, {"a": 1, "b": 0}],
    "mixed_numbers": [{"a": 3, "b": 0.5}, {"a": -2, "b": 1e10}],
    "power": [{"base": 2, "exp": 10}, {"base": -3, "exp": 3}, {"base": 0, "exp": 0}, {"base": 7, "exp": 1}],
    "float_power": [{"base": 2.0, "exp": 0.5}, {"base": 0.0, "exp": -1.0}, {"base": 10.0, "exp": 400.0},
                    {"base": -8.0, "exp": 2.0}],
    "shifts_and_bits": [{"a": 12345, "n": 3}, {"a": -99, "n": 2}, {"a": 1, "n": -1}],
    "negation": [{"a": 5, "b": 0.0}, {"a": -3, "b": -2.5}],
    "compare_chain": [{"a": 1, "b": 2, "c": 3}, {"a": 1, "b": 2, "c": 1}, {"a": 2, "b": 2, "c": 2}],
    "bool_values": [{"a": 0, "s": ""}, {"a": 5, "s": "x"}],
    "ternary": [{"x": 500.0}, {"x": -1}, {"x": 3.5}],
    "fizzbuzz": [{"n": 20}, {"n": 0}],
    "collatz_steps": [{"n": 27}, {"n": 1}, {"n": 97}],
    "fib": [{"n": 0}, {"n": 1}, {"n": 20}],
    "gcd": [{"a": 1071, "b": 462}, {"a": 17, "b": 0}, {"a": -48, "b": 18}],
    "count_primes": [{"limit": 100}, {"limit": 2}],
    "range_steps": [{"start": 0, "stop": 10, "step": 3}, {"start": 10, "stop": 0, "step": -4},
                    {"start": 5, "stop": 5, "step": 1}, {"start": 0, "stop": 3, "step": 0}],
    "rebinding": [{"x": 21}, {"x": -4}],
    "strings": [{"s": "ab", "n": 3}, {"s": "z", "n": 0}, {"s": "", "n": -2}],
    "unicode_strings": [{"s": "héllo wörld"}, {"s": "日本語"}, {"s": "😀"}],
    "ord_chr": [{"c": "A", "n": 66}, {"c": "€", "n": 8364}, {"c": "ab", "n": 65}, {"c": "a", "n": -1},
                {"c": "a", "n": 1114112}],
    "conversions": [{"x": 2.5, "n": 3}, {"x": -3.7, "n": -4}, {"x": 0.0, "n": 0}, {"x": 3.5, "n": 1}],
    "min_max": [{"a": 3, "b": -3, "x": 0.5, "y": 0.25}],
    "float_repr": [{"x": 0.1}, {"x": 1.0}, {"x": 123456.789}],
    "defaults": [{"a": 2}, {"a": 2, "scale": 3}, {"a": 1, "label": "w", "flag": False}],
    "early_return": [{"n": 50}, {"n": 0}],
    "nested_loops": [{"n": 10}, {"n": 2}],
    "accumulate_float": [{"n": 10}, {"n": 1000}],
    "raises_in_helper": [{"n": 9}, {"n": 3}],
}
