#!/bin/sh
# run.sh - `make bench`: N paper-shaped cases, then (a) the cJSON parse
# floor, (b) recist batch on one thread and on all, both criteria, JSON
# Lines out; cases per second, the ratio to the floor, peak memory.
# A benchmark, not a test: nothing here passes or fails on a time.
#
# usage: bench/run.sh BUILD N
#
# SPDX-License-Identifier: MIT
set -eu
b=$1 n=$2
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
file=$b/bench/cases-$n.jsonl
[ -s "$file" ] || "$b/bench/gen" "$n" >"$file"
echo "bench: $n cases ($(du -h "$file" | cut -f1)), $jobs processors"

set -- $("$b/bench/parse_floor" "$file")
floor_s=$2
floor_rate=$(awk "BEGIN { printf \"%.0f\", $1 / $2 }")
echo "parse floor (cJSON only):   $floor_rate cases/s ($floor_s s)"

run() {
	label=$1; shift
	start=$(date +%s.%N)
	"$b/bench/peak" "$@" >/dev/null 2>"$b/bench/err" || { cat "$b/bench/err"; exit 1; }
	end=$(date +%s.%N)
	peak=$(sed -n 's/^peak \([0-9]*\) KiB$/\1/p' "$b/bench/err")
	awk -v l="$label" -v n="$n" -v s="$start" -v e="$end" -v f="$floor_s" -v p="$peak" 'BEGIN {
		t = e - s; printf "%-27s %.0f cases/s (%.2f s), %.2fx the floor time, %.0f%% of floor throughput, peak %.1f MiB\n",
		l ":", n / t, t, t / f, 100 * f / t, p / 1024 }'
}
run "recist batch, 1 thread" "$b/recist" batch --jobs 1 "$file"
run "recist batch, $jobs threads" "$b/recist" batch --jobs "$jobs" "$file"

echo "one thread, stage by stage (in memory, no I/O; each row includes those above it but the first):"
"$b/bench/stages" "$file"
