#!/usr/bin/env bash
# Counts the instructions the scanner's reading takes over a file, with callgrind: deterministic, so two builds can be
# compared on a shared or loaded machine, where timings cannot. Publishes ReaderHarness (the framer and ConsoleReader,
# Native AOT for x86-64-v3), runs it once under callgrind and keeps the function names beside the output.
#
#   bench/instructions/count.sh FILE [plain|kdump] [OUT]       # OUT defaults to callgrind.MODE.out
#   bench/instructions/compare.py OUT                           # the functions that cost most
#   bench/instructions/compare.py OUT_BEFORE OUT_AFTER          # what changed, function by function
#
# Needs valgrind (apt-get install valgrind). 34 MB take about 30 s.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
[ $# -ge 1 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
file=$1
mode=${2:-plain}
out=${3:-callgrind.$mode.out}
command -v valgrind >/dev/null 2>&1 || { echo "count.sh: valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
pub=$(mktemp -d)
trap 'rm -rf "$pub"' EXIT
dotnet publish "$here/ReaderHarness.csproj" -c Release -r linux-x64 -o "$pub/publish" >"$pub/publish.log" 2>&1 \
  || { tail -20 "$pub/publish.log" >&2; exit 1; }
# valgrind gives up on the DWARF the AOT compiler writes, so the executable runs without its .dbg beside it, and the
# functions are named afterwards from the .dbg's symbol table (compare.py).
nm -n "$pub/publish/SolWatch.Bench.dbg" | awk 'NF == 3 && ($2 == "t" || $2 == "T" || $2 == "b")' > "$out.symbols"
mkdir "$pub/run" && cp "$pub/publish/SolWatch.Bench" "$pub/run/"
valgrind --tool=callgrind --callgrind-out-file="$out" "$pub/run/SolWatch.Bench" "$file" "$mode" 2>&1 | grep -E 'refs|Error' || true
echo "count.sh: $out (names in $out.symbols)"
