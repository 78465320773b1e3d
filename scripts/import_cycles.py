#!/usr/bin/env python3
"""Import cycles between the files of each room (src/, app/src, server/src).

Reads every `use crate::…`, `use super::…` and `use self::…` (re-exports too)
and every such path written in the code (`#[from] crate::lead::TransitionError`),
minding the inline `mod name { … }` blocks they sit in; resolves each path to
the file of the deepest module it names, and prints every strongly connected group of
files with one cycle through it. Exits 1 if there is any, 0 if there is none.
A `mod child;` line alone is not an edge: a parent may declare a part that
uses it; the parent importing the part back is what makes a cycle.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROOMS = {"src": ["lib.rs"], "app/src": ["lib.rs"], "server/src": ["lib.rs", "main.rs"]}


def strip_comments_and_strings(text):
    """Blanks comments and string literals (keeping newlines and length) so braces and `use` are code."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j == -1 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j == -1 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif (m := re.match(r'r(#*)"', text[i:])) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            end = text.find('"' + m.group(1), i + len(m.group(0)))
            j = n if end == -1 else end + 1 + len(m.group(1))
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text[i] == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif re.match(r"'(\\.|[^\\'])'", text[i:]):
            m = re.match(r"'(\\.|[^\\'])'", text[i:])
            out.append(" " * len(m.group(0)))
            i += len(m.group(0))
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def module_of(room, path):
    """`src/a/b.rs` → ('a', 'b'); the crate root → ()."""
    rel = path.relative_to(room)
    parts = list(rel.with_suffix("").parts)
    if len(parts) == 1 and parts[0] in ("lib", "main"):
        return ()
    return tuple(parts)


def expand(tree):
    """`a::{b, c::{d, self}}` → ['a::b', 'a::c::d', 'a::c']."""
    tree = re.sub(r"\s+", "", tree)
    depth, start = 0, None
    for i, c in enumerate(tree):
        if c == "{":
            if depth == 0:
                start = i
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                prefix, inner, rest = tree[:start], tree[start + 1 : i], tree[i + 1 :]
                items, d, cur = [], 0, ""
                for ch in inner:
                    if ch == "," and d == 0:
                        items.append(cur)
                        cur = ""
                        continue
                    d += ch == "{"
                    d -= ch == "}"
                    cur += ch
                items.append(cur)
                paths = []
                for item in filter(None, items):
                    for p in expand(item):
                        paths.append(prefix.rstrip(":") if p == "self" else prefix + p)
                return paths
    return [tree]


def room_graph(room_dir):
    room = ROOT / room_dir
    files = {module_of(room, f): f for f in room.rglob("*.rs")}
    files = {m: f for m, f in files.items() if m or f.name in ROOMS[room_dir]}
    modules = set(files)
    edges = {m: set() for m in modules}
    for mod, path in files.items():
        code = strip_comments_and_strings(path.read_text(encoding="utf-8"))
        # Inline modules: (start, end, name) spans; a `use` inside one is relative to it.
        spans = []
        for m in re.finditer(r"\bmod\s+(\w+)\s*\{", code):
            depth, j = 0, m.end() - 1
            while j < len(code):
                depth += code[j] == "{"
                depth -= code[j] == "}"
                if depth == 0:
                    break
                j += 1
            spans.append((m.start(), j, m.group(1)))
        # `use` trees first, then paths written in the code (`crate::lead::TransitionError`).
        found = []
        for m in re.finditer(r"\buse\s+((?:crate|super|self)\b[^;]*);", code):
            # `as` is dropped before the spaces go, so `a as b` does not become `aasb`.
            tree = re.sub(r"\s+as\s+\w+", "", m.group(1))
            found += [(m.start(), path) for path in expand(tree)]
        bare = re.sub(r"\buse\s+[^;]*;", lambda m: " " * len(m.group(0)), code)
        for m in re.finditer(r"(?<![\w:])(?:crate|super|self)(?:\s*::\s*\w+)+", bare):
            found.append((m.start(), re.sub(r"\s+", "", m.group(0))))
        for at, raw in found:
            inline = [name for s, e, name in spans if s < at < e]
            here = list(mod) + inline
            parts = [p for p in raw.split("::") if p]
            if not parts:
                continue
            if parts[0] == "crate":
                target, rest = [], parts[1:]
            else:
                target, rest = list(here), parts
                while rest and rest[0] in ("super", "self"):
                    if rest.pop(0) == "super" and target:
                        target.pop()
            target += rest
            # The deepest file module the path names.
            while tuple(target) not in modules and target:
                target.pop()
            target = tuple(target)
            if target != mod and target in modules:
                edges[mod].add(target)
    return files, edges


def cycles(edges):
    """Tarjan's strongly connected components with more than one member."""
    index, low, on, stack, groups, counter = {}, {}, set(), [], [], [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return groups


def one_cycle(group, edges):
    """A shortest way round from the group's first member back to it."""
    members, start = set(group), group[0]
    paths, seen = [[start]], {start}
    while paths:
        nxt = []
        for path in paths:
            for w in sorted(edges[path[-1]]):
                if w == start:
                    return path + [start]
                if w in members and w not in seen:
                    seen.add(w)
                    nxt.append(path + [w])
        paths = nxt
    return group


def main():
    found = 0
    for room_dir in ROOMS:
        files, edges = room_graph(room_dir)
        for group in cycles(edges):
            found += 1
            name = lambda m: str(files[m].relative_to(ROOT))
            print(f"cycle in {room_dir} ({len(group)} files): " + ", ".join(name(m) for m in group))
            print("    " + " -> ".join(name(m) for m in one_cycle(group, edges)))
    if found:
        print(f"{found} import cycle(s)")
        return 1
    print("no import cycles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
