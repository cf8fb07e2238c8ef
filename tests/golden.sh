#!/bin/sh
# golden.sh - regenerate the whole-output goldens NAME.out of the fixtures
# from the current build, for review with `git diff` before committing
# (make golden).  fixtures/recist1.1 is scored by RECIST 1.1 alone;
# fixtures/mrecist by every default rule set, with the flags; fixtures/irecist
# by RECIST 1.1 and iRECIST, with the flags.
#
# SPDX-License-Identifier: MIT
set -eu
bin=${1:-build/recist}
for f in fixtures/recist1.1/*.json; do
	"$bin" evaluate --format json --criteria recist1.1 "$f" >"${f%.json}.out"
done
for f in fixtures/mrecist/*.json; do
	[ -e "$f" ] || continue
	"$bin" evaluate --format json "$f" >"${f%.json}.out"
done
for f in fixtures/irecist/*.json; do
	"$bin" evaluate --format json --criteria recist1.1,irecist "$f" >"${f%.json}.out"
done
for f in fixtures/bor/*.jsonl fixtures/bor/*.csv; do
	[ -e "$f" ] || continue
	base=${f%.*}
	set --
	[ -e "$base.args" ] && set -- $(cat "$base.args")
	"$bin" bor --format json "$@" "$f" >"$base.out"
done
for f in fixtures/validate/*.json; do
	[ -e "$f" ] || continue
	base=${f%.json}
	set --
	[ -e "$base.args" ] && set -- $(cat "$base.args")
	"$bin" validate --format json "$@" "$f" >"$base.out" 2>/dev/null || :
done
for f in fixtures/text/*.args; do
	[ -e "$f" ] || continue
	"$bin" evaluate $(cat "$f") >"${f%.args}.out"
done
