#!/bin/sh
# valgrind.sh - run recist under valgrind (memcheck) over every fixture:
# good cases, bad cases, good and bad rule files, histories, validation,
# batches; and the threads of batch and of the SDTM import under DRD.
# Any memory error, leak or race fails (valgrind's exit status 99);
# recist's own exit statuses are expected.
#
# usage: tools/valgrind.sh BUILD/recist   (BUILD/bench/gen made too)
#
# SPDX-License-Identifier: MIT
set -u
bin=$1
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all --show-leak-kinds=all"
fail=0
run() {
	$vg "$@" >/dev/null 2>/tmp/recist-vg.$$
	if [ $? = 99 ]; then
		echo "valgrind: errors in: $*" >&2
		cat /tmp/recist-vg.$$ >&2
		fail=1
	fi
}
run "$bin" evaluate --format json fixtures/recist1.1/*.json fixtures/examples/*.json
run "$bin" evaluate --format text fixtures/recist1.1/*.json fixtures/examples/*.json
run "$bin" evaluate --format csv fixtures/recist1.1/*.json fixtures/examples/*.json
run "$bin" evaluate fixtures/bad-case/*.json
run "$bin" rules check rules/*.yaml
for f in fixtures/bad-rules/*.yaml; do run "$bin" rules check "$f"; done
run "$bin" bor fixtures/bor/*.jsonl fixtures/bor/*.csv
run "$bin" bor --format json --accept-sd --max-ne 2 fixtures/bor/*.jsonl
run "$bin" bor --format csv fixtures/bor/*.csv
run "$bin" evaluate --sd-min-days 57 --confirm-days 20 fixtures/mrecist/*.json
run "$bin" validate fixtures/validate/*.json
run "$bin" validate --format json --criteria recist1.1 fixtures/validate/*.json
run "$bin" batch --jobs 2 fixtures/recist1.1 fixtures/mrecist
run "$bin" batch --jobs 1 --format csv --shard 1/2 fixtures/bad-case
run "$bin" rules show recist1.1
run "$bin" evaluate --no-such-option
# CDISC SDTM: the trial's one pass, bad rows, the RS-alone histories, the
# tables written back (CSV and transport), and the two passes (a table out
# of order, read from a copy with its rows reversed).
run "$bin" import sdtm fixtures/sdtm/trial
run "$bin" import sdtm --accepted-only --evaluator "RADIOLOGIST 1" fixtures/sdtm/trial
run "$bin" import sdtm fixtures/sdtm/edges
run "$bin" validate --sdtm fixtures/sdtm/trial
run "$bin" validate --sdtm fixtures/sdtm/rs-only
run "$bin" bor --sdtm fixtures/sdtm/trial
run "$bin" bor --sdtm fixtures/sdtm/rs-only -c mrecist
run "$bin" evaluate --sdtm fixtures/sdtm/trial -c recist1.1 -f adrs -o /tmp/recist-vg-$$.xpt
run "$bin" evaluate --sdtm fixtures/sdtm/trial -f sdtm-rs
run "$bin" batch --jobs 2 --sdtm fixtures/sdtm/trial
vgdir=/tmp/recist-vg-sdtm.$$
mkdir -p "$vgdir" && cp fixtures/sdtm/trial/tu.csv fixtures/sdtm/trial/dm.csv "$vgdir"/ &&
	{ head -1 fixtures/sdtm/trial/tr.csv; tail -n +2 fixtures/sdtm/trial/tr.csv | tac; } >"$vgdir/tr.csv"
run "$bin" import sdtm "$vgdir"
rm -rf "$vgdir" /tmp/recist-vg-$$.xpt
# The batch's worker threads under DRD, valgrind's race detector, less the
# races inside cJSON and glibc that tools/drd.supp lists and explains.  The
# fixtures three times over (291 cases) make three windows of 128: windows are
# read, scored and written while others are.
set -- fixtures/recist1.1 fixtures/mrecist
valgrind -q --tool=drd --suppressions=tools/drd.supp --error-exitcode=99 \
	"$bin" batch --jobs 2 "$@" "$@" "$@" \
	>/dev/null 2>/tmp/recist-vg.$$
if [ $? = 99 ]; then
	echo "valgrind: drd found races in: batch --jobs 2" >&2
	cat /tmp/recist-vg.$$ >&2
	fail=1
fi
# The SDTM import's read-ahead threads (table_ahead.c) under DRD: a trial
# of 3,000 subjects made by bench/gen, whose tables take many batches.
vgdir=/tmp/recist-vg-trial.$$
mkdir -p "$vgdir" && "$(dirname "$bin")/bench/gen" --sdtm 3000 "$vgdir" &&
valgrind -q --tool=drd --suppressions=tools/drd.supp --error-exitcode=99 \
	"$bin" import sdtm "$vgdir" >/dev/null 2>/tmp/recist-vg.$$
if [ $? = 99 ]; then
	echo "valgrind: drd found races in: import sdtm (3,000 subjects)" >&2
	cat /tmp/recist-vg.$$ >&2
	fail=1
fi
rm -rf "$vgdir" /tmp/recist-vg.$$
[ $fail = 0 ] && echo "valgrind: clean"
exit $fail
