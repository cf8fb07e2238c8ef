#!/bin/sh
# run.sh - `make bench`: N paper-shaped cases, then (a) the cJSON parse
# floor, (b) recist batch on one thread and on all, both criteria, JSON
# Lines out; cases per second, the ratio to the floor, peak memory.
# A benchmark, not a test: nothing here passes or fails on a time.
#
# usage: bench/run.sh BUILD N   (BENCH_RUNS: runs per measurement, default 3)
#
# SPDX-License-Identifier: MIT
set -eu
b=$1 n=$2
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
file=$b/bench/cases-$n.jsonl
[ -s "$file" ] || "$b/bench/gen" "$n" >"$file"
echo "bench: $n cases ($(du -h "$file" | cut -f1)), $jobs processors"

# Each measurement is the best of BENCH_RUNS runs: on a shared machine one
# run can be slowed by a neighbour, never sped up.
runs=${BENCH_RUNS:-3}
best() { awk 'NR == 1 || $1 < m { m = $1 } END { print m }'; }

floor_s=$(for i in $(seq "$runs"); do "$b/bench/parse_floor" "$file" | cut -d' ' -f2; done | best)
floor_rate=$(awk "BEGIN { printf \"%.0f\", $n / $floor_s }")
echo "parse floor (cJSON only):   $floor_rate cases/s ($floor_s s), best of $runs"

run() {
	label=$1; shift
	times=$b/bench/times
	: >"$times"
	for i in $(seq "$runs"); do
		start=$(date +%s.%N)
		"$b/bench/peak" "$@" >/dev/null 2>"$b/bench/err" || { cat "$b/bench/err"; exit 1; }
		end=$(date +%s.%N)
		echo "$start $end $(sed -n 's/^peak \([0-9]*\) KiB$/\1/p' "$b/bench/err")" >>"$times"
	done
	awk -v l="$label" -v n="$n" -v f="$floor_s" '
		{ t = $2 - $1; if (NR == 1 || t < best) best = t; if ($3 > peak) peak = $3 }
		END { printf "%-27s %.0f cases/s (%.2f s), %.2fx the floor time, %.0f%% of floor throughput, peak %.1f MiB\n",
		      l ":", n / best, best, best / f, 100 * f / best, peak / 1024 }' "$times"
}
run "recist batch, 1 thread" "$b/recist" batch --jobs 1 "$file"
run "recist batch, $jobs threads" "$b/recist" batch --jobs "$jobs" "$file"

echo "one thread, stage by stage (in memory, no I/O; each row includes those above it but the first):"
"$b/bench/stages" "$file"
