#!/bin/sh
# run.sh - `make bench`: N paper-shaped cases, then (a) the cJSON parse
# floor, (b) recist batch on 1 thread, on 2 and (with more processors) on
# all, both criteria, JSON Lines out; cases per second, the ratio to the
# floor, peak memory; (c) recist summary of their result lines against
# scoring them; (d) the Slurm job array of 4 tasks as the last
# `make cluster-test` measured it (BUILD/cluster-test.txt); (e) the
# hostile sizes and an SDTM trial.
# A benchmark, not a test: nothing here passes or fails on a time.
#
# usage: bench/run.sh BUILD N   (BENCH_RUNS: runs per measurement, default 3;
#        BENCH_BASELINE: another recist binary, such as main's, timed on one
#        thread in the same rounds, to compare a change with it)
#
# SPDX-License-Identifier: MIT
set -eu
b=$1 n=$2
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
file=$b/bench/cases-$n.jsonl
[ -s "$file" ] || "$b/bench/gen" "$n" >"$file"
echo "bench: $n cases ($(du -h "$file" | cut -f1)), $jobs processors"

# The three programs take turns, BENCH_RUNS rounds, and each is reported
# by its best run: on a shared machine a neighbour can slow a run down for
# a while, never speed it up, and taking turns spreads such spells evenly.
runs=${BENCH_RUNS:-3}
times=$b/bench/times
: >"$times"
timed() {  # timed LABEL COMMAND...: append "LABEL SECONDS PEAK_KIB CPU_SECONDS" to $times
	label=$1; shift
	start=$(date +%s.%N)
	"$b/bench/peak" "$@" >/dev/null 2>"$b/bench/err" || { cat "$b/bench/err"; exit 1; }
	end=$(date +%s.%N)
	echo "$label $(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }') \
$(sed -n 's/^peak \([0-9]*\) KiB$/\1/p' "$b/bench/err") \
$(sed -n 's/^cpu \([0-9.]*\) s$/\1/p' "$b/bench/err")" >>"$times"
}
for i in $(seq "$runs"); do
	set -- $("$b/bench/parse_floor" "$file")
	echo "floor $2 0" >>"$times"
	timed one "$b/recist" batch --jobs 1 "$file"
	timed two "$b/recist" batch --jobs 2 "$file"
	[ "$jobs" -le 2 ] || timed all "$b/recist" batch --jobs "$jobs" "$file"
	[ -z "${BENCH_BASELINE:-}" ] || timed base "$BENCH_BASELINE" batch --jobs 1 "$file"
done
awk -v n="$n" -v runs="$runs" -v jobs="$jobs" '
	{ if (!($1 in best) || $2 < best[$1]) best[$1] = $2; if ($3 > peak[$1]) peak[$1] = $3 }
	function row(label, k) {
		printf "%-27s %.0f cases/s (%.2f s), %.2fx the floor time, %.0f%% of floor throughput, peak %.1f MiB\n",
		       label ":", n / best[k], best[k], best[k] / best["floor"], 100 * best["floor"] / best[k], peak[k] / 1024
	}
	END {
		printf "parse floor (cJSON only):   %.0f cases/s (%.2f s); best of %d rounds\n", n / best["floor"], best["floor"], runs
		row("recist batch, 1 thread", "one")
		row("recist batch, 2 threads", "two")
		if ("all" in best)
			row("recist batch, " jobs " threads", "all")
		printf "%-27s %.2fx the one-thread throughput\n", "2 threads:", best["one"] / best["two"]
		if ("all" in best)
			printf "%-27s %.2fx the one-thread throughput\n", jobs " threads:", best["one"] / best["all"]
		if ("base" in best) {
			row("BENCH_BASELINE, 1 thread", "base")
			printf "%-27s %+.1f%% (one thread, this build against BENCH_BASELINE)\n", "change:", 100 * (best["base"] / best["one"] - 1)
		}
	}' "$times"

# recist summary over the result lines of the N cases (written once by
# batch --jobs 1), against scoring those cases on one thread in the same
# rounds: a summary should take no longer than the scoring, in memory that
# does not grow with the lines.
res=$b/bench/results-$n.jsonl
[ -s "$res" ] || "$b/recist" batch --jobs 1 "$file" >"$res" 2>/dev/null
: >"$times"
for i in $(seq "$runs"); do
	timed summary "$b/recist" summary "$res"
	timed score "$b/recist" batch --jobs 1 "$file"
done
awk -v n="$n" -v size="$(du -h "$res" | cut -f1)" '
	{ if (!($1 in best) || $2 < best[$1]) best[$1] = $2; if ($3 > peak[$1]) peak[$1] = $3 }
	END {
		printf "recist summary, %d result lines (%s): %.0f lines/s (%.2f s), peak %.1f MiB;\n", n, size,
		       n / best["summary"], best["summary"], peak["summary"] / 1024
		printf "  %.2fx the time of scoring their cases (batch --jobs 1, %.2f s)\n",
		       best["summary"] / best["score"], best["score"]
	}' "$times"

# The job array is measured by make cluster-test, which needs root and a
# Slurm cluster of its own: its last figures, if any.
if [ -s "$b/cluster-test.txt" ]; then
	echo "Slurm job array (the last make cluster-test, tools/cluster/run-test.sh):"
	sed 's/^/  /' "$b/cluster-test.txt"
else
	echo "Slurm job array: not measured yet; make cluster-test (as root) times 4 array tasks"
fi

echo "one thread, stage by stage (in memory, no I/O; best of 3 passes; the cJSON rows parse only,"
echo "each later row adds its stage to the one above it):"
"$b/bench/stages" "$file"

# The hostile sizes (see tests/hostile), scored on one thread: one case of
# BENCH_HUGE_CASE targets (3 assessments, as many new lesions) and a CSV
# response history of BENCH_HUGE_HISTORY rows, each the best of BENCH_RUNS.
hc=${BENCH_HUGE_CASE:-100000} hh=${BENCH_HUGE_HISTORY:-1000000}
"$b/bench/gen" --huge-case "$hc" >"$b/bench/huge-case.json"
"$b/bench/gen" --huge-history "$hh" >"$b/bench/huge-history.csv"
: >"$times"
for i in $(seq "$runs"); do
	timed case "$b/recist" evaluate --format json "$b/bench/huge-case.json"
	timed history "$b/recist" bor --format json "$b/bench/huge-history.csv"
done
awk -v hc="$hc" -v hh="$hh" -v cs="$(du -h "$b/bench/huge-case.json" | cut -f1)" \
    -v hs="$(du -h "$b/bench/huge-history.csv" | cut -f1)" '
	{ if (!($1 in best) || $2 < best[$1]) best[$1] = $2; if ($3 > peak[$1]) peak[$1] = $3 }
	END {
		printf "huge case (%d targets, %s):   %.2f s, peak %.0f MiB\n", hc, cs, best["case"], peak["case"] / 1024
		printf "huge history (%d rows, %s): %.2f s, peak %.0f MiB\n", hh, hs, best["history"], peak["history"] / 1024
	}' "$times"

# A trial of BENCH_SDTM subjects as SDTM CSV (TU, TR, RS, DM): recist import
# sdtm alone, and batch --sdtm --jobs 1 against batch --jobs 1 on the
# imported JSON Lines: importing should take no longer per case than
# scoring, and hold one subject's rows, not the tables.  With several
# processors the import parses its tables on threads of their own
# (recist-sdtm(5)), so its processor time is shown beside its time.
ns=${BENCH_SDTM:-100000}
sdtm=$b/bench/sdtm-$ns
[ -s "$sdtm/tr.csv" ] || { mkdir -p "$sdtm" && "$b/bench/gen" --sdtm "$ns" "$sdtm"; }
[ -s "$b/bench/sdtm-$ns.jsonl" ] || "$b/recist" import sdtm "$sdtm" >"$b/bench/sdtm-$ns.jsonl"
: >"$times"
for i in $(seq "$runs"); do
	timed import "$b/recist" import sdtm "$sdtm"
	timed sdtmbatch "$b/recist" batch --jobs 1 --sdtm "$sdtm"
	timed jsonl "$b/recist" batch --jobs 1 "$b/bench/sdtm-$ns.jsonl"
done
awk -v n="$ns" -v size="$(du -sh "$sdtm" | cut -f1)" '
	{
		if (!($1 in best) || $2 < best[$1]) best[$1] = $2
		if (!($1 in cpu) || $4 < cpu[$1]) cpu[$1] = $4
		if ($3 > peak[$1]) peak[$1] = $3
	}
	function row(label, k) {
		printf "%-32s %.0f subjects/s (%.2f s, %.2f s of processor time), peak %.1f MiB\n", label ":",
		       n / best[k], best[k], cpu[k], peak[k] / 1024
	}
	END {
		printf "SDTM trial: %d subjects, TU/TR/RS/DM CSV (%s)\n", n, size
		row("  recist import sdtm", "import")
		row("  recist batch --sdtm --jobs 1", "sdtmbatch")
		row("  recist batch --jobs 1, the JSONL", "jsonl")
		printf "  import per case: %.2fx the time of scoring one, %.2fx its processor time\n",
		       best["import"] / best["jsonl"], cpu["import"] / cpu["jsonl"]
	}' "$times"
