#!/usr/bin/env python3
"""Generates runtime/unicode/tables.inc from CPython's unicodedata (and codecs), so Kiln's Unicode
behaviour is CPython's own. Python 3.11 carries Unicode 14.0.0.

Name aliases (accepted by "\\N{...}" and unicodedata.lookup) are not enumerable from unicodedata;
candidates are read from Perl's Unicode 14.0 name list when present, and each one is kept only if
CPython's unicodedata.lookup accepts it.

    python3 scripts/gen_unicode_tables.py > runtime/unicode/tables.inc
    python3 scripts/gen_unicode_tables.py --case > runtime/unicode/case_tables.inc
"""

from __future__ import annotations

import codecs
import encodings
import encodings.aliases
import sys
import unicodedata
from pathlib import Path

assert unicodedata.unidata_version == "14.0.0", unicodedata.unidata_version
MAX = 0x110000
BLOCK = 128

CATEGORIES = ["Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe",
              "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co"]
FLAGS = ["printable", "xid_start", "xid_continue", "decimal", "digit", "numeric", "alpha", "space",
         "lower", "upper", "title", "cased"]
ALGORITHMIC_PREFIXES = ("CJK UNIFIED IDEOGRAPH-", "HANGUL SYLLABLE ")  # CPython computes these


def properties(cp: int) -> tuple[int, int]:
    c = chr(cp)
    flags = [c.isprintable(), ("a" + c).isidentifier() and (c + "a").isidentifier() or c == "_",
             ("a" + c).isidentifier(), c.isdecimal(), c.isdigit(), c.isnumeric(), c.isalpha(), c.isspace(),
             c.islower(), c.isupper(), c.istitle(), c.lower() != c or c.upper() != c or c.islower() or c.isupper()]
    # xid_start: CPython accepts c as the first character of an identifier.
    flags[1] = c.isidentifier()
    bits = sum(1 << i for i, f in enumerate(flags) if f)
    return CATEGORIES.index(unicodedata.category(c)), bits


def two_stage(values: list[int]) -> tuple[list[int], list[int]]:
    blocks: dict[tuple[int, ...], int] = {}
    index, data = [], []
    for start in range(0, MAX, BLOCK):
        block = tuple(values[start:start + BLOCK])
        if block not in blocks:
            blocks[block] = len(data) // BLOCK
            data.extend(block)
        index.append(blocks[block])
    return index, data


def emit_array(name: str, ctype: str, values: list[int], per_line: int = 16) -> str:
    lines = [f"inline constexpr {ctype} {name}[{len(values)}] = {{"]
    for i in range(0, len(values), per_line):
        lines.append("    " + ", ".join(str(v) for v in values[i:i + per_line]) + ",")
    lines.append("};")
    return "\n".join(lines)


def c_string(data: bytes) -> str:
    out, line = [], ""
    for b in data:
        ch = chr(b)
        piece = "\\n" if ch == "\n" else ("\\\\" if ch == "\\" else ('\\"' if ch == '"' else ch))
        line += piece
        if len(line) > 100:
            out.append(f'    "{line}"')
            line = ""
    if line:
        out.append(f'    "{line}"')
    return "\n".join(out)


def property_tables() -> str:
    records: dict[tuple[int, int], int] = {}
    values = []
    for cp in range(MAX):
        rec = properties(cp)
        values.append(records.setdefault(rec, len(records)))
    index, data = two_stage(values)
    rec_list = sorted(records, key=records.get)
    out = [f"inline constexpr int kPropertyBlock = {BLOCK};",
           "inline constexpr const char* kCategoryNames[] = {" + ", ".join(f'"{c}"' for c in CATEGORIES) + "};",
           "struct PropertyRecord { uint8_t category; uint16_t flags; };",
           "inline constexpr PropertyRecord kPropertyRecords[] = {"
           + ", ".join(f"{{{c}, {f}}}" for c, f in rec_list) + "};",
           emit_array("kPropertyIndex", "uint16_t", index),
           emit_array("kPropertyData", "uint16_t", data)]
    return "\n".join(out)


def normalization_tables() -> str:
    """Canonical combining classes, single-level decompositions, and primary composites."""
    ccc = [unicodedata.combining(chr(cp)) for cp in range(MAX)]
    ccc_index, ccc_data = two_stage(ccc)
    decomp_cps, decomp_offsets, decomp_data = [], [], []
    compositions = []
    for cp in range(MAX):
        d = unicodedata.decomposition(chr(cp))
        if not d:
            continue
        compat = d.startswith("<")
        parts = [int(x, 16) for x in d.split()[1 if compat else 0:]]
        decomp_cps.append(cp)
        decomp_offsets.append(len(decomp_data) | (1 << 31 if compat else 0))
        decomp_data.extend([len(parts)] + parts)
        if not compat and len(parts) == 2 and unicodedata.normalize("NFC", chr(cp)) == chr(cp):
            compositions.append((parts[0], parts[1], cp))
    compositions.sort()
    return "\n".join([
        emit_array("kCombiningIndex", "uint16_t", ccc_index),
        emit_array("kCombiningData", "uint8_t", ccc_data, 32),
        emit_array("kDecompositionCodePoints", "uint32_t", decomp_cps),
        emit_array("kDecompositionOffsets", "uint32_t", decomp_offsets),
        emit_array("kDecompositionData", "uint32_t", decomp_data),
        "struct Composition { uint32_t first, second, composed; };",
        "inline constexpr Composition kCompositions[] = {" +
        ", ".join(f"{{{a}, {b}, {c}}}" for a, b, c in compositions) + "};",
    ])


def name_tables() -> str:
    names: dict[str, int] = {}
    for cp in range(MAX):
        name = unicodedata.name(chr(cp), "")
        if name and not name.startswith(ALGORITHMIC_PREFIXES):
            names[name] = cp
    perl = Path("/usr/share/perl/5.36/unicore/Name.pl")
    if perl.exists():
        lines = perl.read_text().split("\n")
        for i in range(len(lines) - 1):
            code, name = lines[i].strip(), lines[i + 1].strip()
            if len(code) >= 4 and all(c in "0123456789ABCDEF" for c in code) and " " not in code and name:
                if name not in names and not name.startswith(ALGORITHMIC_PREFIXES):
                    try:
                        cp = ord(unicodedata.lookup(name))
                    except (KeyError, TypeError):
                        continue
                    names[name] = cp
    ordered = sorted(names)
    blob = "\n".join(ordered).encode() + b"\n"
    offsets, pos = [], 0
    for n in ordered:
        offsets.append(pos)
        pos += len(n) + 1
    return "\n".join([
        f"inline constexpr int kNameCount = {len(ordered)};",
        "inline constexpr char kNameBlob[] =\n" + c_string(blob) + ";",
        emit_array("kNameOffsets", "uint32_t", offsets),
        emit_array("kNameCodePoints", "uint32_t", [names[n] for n in ordered]),
    ])


CODECS = ["ascii", "latin_1"] + [f"iso8859_{i}" for i in (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16)] + \
    [f"cp{i}" for i in range(1250, 1259)] + ["koi8_r", "koi8_u", "cp437", "cp850", "cp866", "mac_roman"]


def codec_tables() -> str:
    tables, names = [], []
    for i, codec in enumerate(CODECS):
        row = []
        for b in range(256):
            try:
                row.append(ord(bytes([b]).decode(codec)))
            except UnicodeDecodeError:
                row.append(0xFFFFFFFF)
        tables.append(row)
    aliases = {}
    for alias, target in encodings.aliases.aliases.items():
        if target in CODECS:
            aliases[alias] = target
    for codec in CODECS:
        aliases.setdefault(codec, codec)
    for alias, target in encodings.aliases.aliases.items():
        if target == "utf_8":
            aliases[alias] = "utf_8"
    aliases["utf_8"] = "utf_8"
    entries = sorted(aliases.items())
    return "\n".join([
        "inline constexpr const char* kCodecNames[] = {" + ", ".join(f'"{c}"' for c in CODECS) + "};",
        "inline constexpr uint32_t kCodecTables[][256] = {" +
        ",\n".join("{" + ", ".join(str(v) for v in row) + "}" for row in tables) + "};",
        "struct CodecAlias { const char* alias; const char* codec; };",
        "inline constexpr CodecAlias kCodecAliases[] = {" +
        ", ".join(f'{{"{a}", "{c}"}}' for a, c in entries) + "};",
    ])


def is_case_ignorable(c: str) -> bool:
    """CPython's Case_Ignorable, read off its final-sigma rule (str.lower of U+03A3 in context)."""
    if is_cased_char(c):
        return ("a\u03a3" + c + "!").lower()[1] == "\u03c2"  # skipped over, so '!' ends the word
    return ("a\u03a3" + c + "a").lower()[1] == "\u03c3"  # skipped over, so the next 'a' is seen


def is_cased_char(c: str) -> bool:
    """CPython's Cased, read off str.title: a letter after a cased character is lowercased."""
    return ("a" + c + "a").title()[-1] == "a"


def ranges(predicate) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for cp in range(MAX):
        if predicate(chr(cp)):
            if out and out[-1][1] == cp - 1:
                out[-1] = (out[-1][0], cp)
            else:
                out.append((cp, cp))
    return out


def case_tables() -> str:
    """Full (one-to-many) case mappings as CPython applies them per character, plus the Cased and
    Case_Ignorable properties its context rules (final sigma, title-casing) read."""
    data: list[int] = [0]  # offset 0 means "maps to itself"
    offsets: dict[str, int] = {}

    def offset(c: str, mapped: str) -> int:
        if mapped == c:
            return 0
        if mapped not in offsets:
            offsets[mapped] = len(data)
            data.extend([len(mapped)] + [ord(m) for m in mapped])
        return offsets[mapped]

    records = []
    for cp in range(MAX):
        c = chr(cp)
        maps = [offset(c, m) for m in (c.lower(), c.upper(), c.title(), c.casefold())]
        if any(maps):
            records.append((cp, *maps))
    assert len(data) < 1 << 16

    def emit_ranges(name: str, rs: list[tuple[int, int]]) -> str:
        items = ", ".join(f"{{{a}, {b}}}" for a, b in rs)
        return f"inline constexpr CodePointRange {name}[] = {{{items}}};"

    return "\n".join([
        "struct CaseRecord { uint32_t cp; uint16_t lower, upper, title, fold; };  // offsets into kCaseData",
        "inline constexpr CaseRecord kCaseRecords[] = {" + ",\n".join(
            ", ".join(f"{{{cp}, {lo}, {up}, {ti}, {fo}}}" for cp, lo, up, ti, fo in records[i:i + 8])
            for i in range(0, len(records), 8)) + "};",
        emit_array("kCaseData", "uint32_t", data),
        "struct CodePointRange { uint32_t first, last; };",
        emit_ranges("kCasedRanges", ranges(is_cased_char)),
        emit_ranges("kCaseIgnorableRanges", ranges(is_case_ignorable)),
    ])


def main_case() -> None:
    print("// Generated by scripts/gen_unicode_tables.py --case from CPython's str methods (Unicode "
          f"{unicodedata.unidata_version}). Do not edit.")
    print("// clang-format off")
    print("#pragma once\n#include <cstdint>\nnamespace kiln::unicode::case_tables {")
    print(case_tables())
    print("}  // namespace kiln::unicode::case_tables")


def main() -> None:
    if sys.argv[1:] == ["--case"]:
        return main_case()
    print("// Generated by scripts/gen_unicode_tables.py from CPython's unicodedata (Unicode "
          f"{unicodedata.unidata_version}) and codecs. Do not edit.")
    print("// clang-format off")
    print("#pragma once\n#include <cstdint>\nnamespace kiln::unicode::tables {")
    for part in (property_tables, normalization_tables, name_tables, codec_tables):
        print(part())
    print("}  // namespace kiln::unicode::tables")


if __name__ == "__main__":
    sys.exit(main())
