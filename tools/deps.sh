#!/bin/sh
# deps.sh - make sure the Debian packages recist needs are installed.
#
# usage: tools/deps.sh build|check|fuzz|valgrind|coverage|cluster
#   build: compiler, pkg-config, libcjson-dev, libyaml-dev, libcsv-dev
#          (CSV tables), libreadstat-dev (SAS transport files) and
#          nettle-dev (the SHA-256 that names a rule file, src/base/digest.c)
#          and libgsl-dev (the distributions of recist summary, src/base/stats.c)
#   check: the above, plus libcriterion-dev, mandoc (man-page lint),
#          python3 (the differential test's reference evaluator) and
#          librsvg2-bin (rsvg-convert: the tests render recist plot's SVG)
#   fuzz:  the build set, plus clang and its libFuzzer runtime
#   valgrind: the check set, plus valgrind
#   coverage: the check set, plus gcovr (gcov itself comes with gcc)
#   cluster: the build set, plus slurm-wlm and munge (a one-node Slurm
#          cluster) and GNU parallel, for make cluster-test
# Installs what is missing with apt-get when run as root; otherwise prints
# the exact command and fails.
#
# SPDX-License-Identifier: MIT
set -u

need=""
have_pc() { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$1"; }
want() { need="$need $1"; }

command -v cc >/dev/null 2>&1 || want gcc
command -v make >/dev/null 2>&1 || want make
command -v pkg-config >/dev/null 2>&1 || want pkg-config
have_pc libcjson || want libcjson-dev
have_pc yaml-0.1 || want libyaml-dev
have_pc nettle || want nettle-dev
have_pc gsl || want libgsl-dev
# Neither ships a pkg-config file: look for the header.
[ -f /usr/include/csv.h ] || want libcsv-dev
[ -f /usr/include/readstat.h ] || want libreadstat-dev
if [ "${1:-build}" = fuzz ]; then
	command -v clang >/dev/null 2>&1 || want clang
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 || want libclang-rt-dev
fi
if [ "${1:-build}" = valgrind ]; then
	command -v valgrind >/dev/null 2>&1 || want valgrind
	set -- check
fi
if [ "${1:-build}" = coverage ]; then
	command -v gcovr >/dev/null 2>&1 || want gcovr
	set -- check
fi
if [ "${1:-build}" = cluster ]; then
	for p in slurmctld slurmd sbatch; do
		command -v $p >/dev/null 2>&1 || { want slurm-wlm; break; }
	done
	command -v munged >/dev/null 2>&1 || want munge
	# moreutils has a parallel(1) of its own.
	parallel --version 2>/dev/null | grep -q '^GNU parallel' || want parallel
fi
if [ "${1:-build}" = check ]; then
	have_pc criterion || want libcriterion-dev
	command -v mandoc >/dev/null 2>&1 || want mandoc
	command -v python3 >/dev/null 2>&1 || want python3
	command -v rsvg-convert >/dev/null 2>&1 || want librsvg2-bin
fi

[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "deps: installing$need" >&2
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y --no-install-recommends $need >/dev/null; then
		apt-get update >/dev/null && apt-get install -y --no-install-recommends $need >/dev/null || {
			echo "deps: apt-get install failed for:$need" >&2
			exit 1
		}
	fi
	exit 0
fi
echo "deps: missing Debian packages; install them with:" >&2
echo "  sudo apt-get install -y$need" >&2
exit 1
