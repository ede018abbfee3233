#!/usr/bin/env python3
"""Instructions by function from count.sh's callgrind outputs: one output's costliest functions, or two outputs'
differences (largest first). Self cost by default; --inclusive counts what each function calls too.

The executable is position-independent and valgrind loads such an executable at 0x108000, so an unnamed address there
is that much past the symbol's address in the .dbg (OUT.symbols); addresses below it are the runtime's own code."""
import argparse
import bisect
import re
import subprocess

LOAD_BASE = 0x108000


def namer(symbols_file):
    syms = []
    with open(symbols_file) as f:
        for line in f:
            address, _, name = line.split(None, 2)
            syms.append((int(address, 16), name.strip()))
    syms.sort()
    addresses = [a for a, _ in syms]

    def name(address):
        i = bisect.bisect_right(addresses, address) - 1
        return syms[i][1] if i >= 0 else hex(address)
    return name


def costs(out, inclusive):
    name = namer(out + ".symbols")
    text = subprocess.run(["callgrind_annotate", "--threshold=100", "--inclusive=" + ("yes" if inclusive else "no"), out],
                          capture_output=True, text=True, check=True).stdout
    result = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+)\s+\([^)]*\)\s+(.*)", line)
        if not m:
            continue
        count = int(m.group(1).replace(",", ""))
        function = m.group(2)
        unnamed = re.search(r"\?\?\?:0x([0-9a-f]+)", function)
        if unnamed:
            address = int(unnamed.group(1), 16)
            function = name(address - LOAD_BASE) if address >= LOAD_BASE else "runtime:" + name(address)
        else:
            function = function.split(":")[-1].split(" [")[0]
        result[function] = result.get(function, 0) + count
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outputs", nargs="+", help="one or two callgrind outputs of count.sh")
    parser.add_argument("--inclusive", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    first = costs(args.outputs[0], args.inclusive)
    if len(args.outputs) == 1:
        for function, count in sorted(first.items(), key=lambda kv: -kv[1])[:args.top]:
            print(f"{count:>15,}  {function[:140]}")
        return
    second = costs(args.outputs[1], args.inclusive)
    rows = sorted(((second.get(k, 0) - first.get(k, 0), first.get(k, 0), second.get(k, 0), k) for k in set(first) | set(second)),
                  key=lambda r: -abs(r[0]))
    print(f"{'change':>14} {'before':>15} {'after':>15}  function")
    for change, before, after, function in rows[:args.top]:
        print(f"{change:>+14,} {before:>15,} {after:>15,}  {function[:130]}")


if __name__ == "__main__":
    main()
