#!/bin/sh
# golden.sh - regenerate fixtures/recist1.1/NAME.out from the current
# build, for review with `git diff` before committing (make golden).
#
# SPDX-License-Identifier: MIT
set -eu
bin=${1:-build/recist}
for f in fixtures/recist1.1/*.json; do
	"$bin" evaluate --format json --criteria recist1.1 "$f" >"${f%.json}.out"
done
