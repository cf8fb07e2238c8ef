#!/usr/bin/env python3
"""The library's layers (src/README), checked: calls go downward only.

usage: tools/layers.py BUILD_DIR

Two views of the same rule, both from the tree as built:
  - includes: a file of src/LAYER/ includes only headers of its own layer
    or of a layer below it, and the headers include each other without a
    circle;
  - calls: from the symbols of BUILD_DIR/src/LAYER/*.o (nm), a file calls
    only functions of its own layer or below, and no two files call each
    other, directly or round a longer circle.
The CLI (src/cli) is a client of the public header alone.
Exit 0 when both hold, else 1 with one line per fault.
"""
import glob
import os
import re
import subprocess
import sys

# Bottom first.  A new layer goes here and in src/README.
LAYERS = ["base", "rules", "input", "score", "output", "batch"]
RANK = {name: i for i, name in enumerate(LAYERS)}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of(path):
    parts = path.split(os.sep)
    return parts[1] if len(parts) > 2 and parts[0] == "src" else None


def find_cycle(graph):
    """One circle of graph (node -> set of nodes) as a list, or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def check_includes(faults):
    graph = {}
    for path in sorted(glob.glob("src/*/*.[ch]") + glob.glob("src/*/*.def")):
        layer = layer_of(path)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for inc in INCLUDE.findall(text):
            if layer == "cli":
                if not (inc.startswith("recist/") or "/" not in inc):
                    faults.append(f"{path}: includes \"{inc}\": the CLI uses the public header only")
                continue
            if inc.startswith("recist/"):
                continue
            target = layer_of("src/" + inc)
            if target not in RANK:
                faults.append(f"{path}: includes \"{inc}\", which names no layer (LAYER/file.h)")
                continue
            if RANK[target] > RANK[layer]:
                faults.append(f"{path}: includes \"{inc}\", of the {target} layer above {layer}")
            graph.setdefault(path, set()).add("src/" + inc)
    cycle = find_cycle(graph)
    if cycle:
        faults.append("include circle: " + " -> ".join(cycle))


def symbols(obj):
    out = subprocess.run(["nm", obj], check=True, capture_output=True, text=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[0] == "U":
            used.add(fields[1])
        elif len(fields) == 3 and fields[1] in "TDRBG":
            defined.add(fields[2])
    return defined, used


def check_calls(build, faults):
    where = {}
    uses = {}
    for obj in sorted(glob.glob(os.path.join(build, "src", "*", "*.o"))):
        rel = os.path.relpath(obj, build)
        if layer_of(rel) not in RANK:
            continue
        src = rel[:-2] + ".c"
        defined, used = symbols(obj)
        for sym in defined:
            where[sym] = src
        uses[src] = used
    if not uses:
        faults.append(f"{build}/src: no object files (build the library first)")
        return
    graph = {}
    for src, used in uses.items():
        for sym in sorted(used):
            callee = where.get(sym)
            if callee is None or callee == src:
                continue
            a, b = layer_of(src), layer_of(callee)
            if RANK[b] > RANK[a]:
                faults.append(f"{src}: calls {sym}() of {callee}, in the {b} layer above {a}")
            graph.setdefault(src, set()).add(callee)
    cycle = find_cycle(graph)
    if cycle:
        faults.append("call circle: " + " -> ".join(cycle))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[2])
    faults = []
    check_includes(faults)
    check_calls(sys.argv[1], faults)
    for fault in faults:
        print("layers: " + fault, file=sys.stderr)
    if not faults:
        print(f"layers: {' < '.join(LAYERS)}: no upward include or call, no circle")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
