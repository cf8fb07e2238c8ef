#!/bin/sh
# exports.sh LIBRARY... - fail unless every name each library defines for
# the outside is the API's (recist_*): a static library's global symbols
# (nm -g), a shared library's dynamic ones (nm -D).  Used by
# make installcheck.
# SPDX-License-Identifier: MIT
status=0
for lib in "$@"; do
	case $lib in
	*.so*) opts='-D --defined-only' ;;
	*)     opts='-g --defined-only' ;;
	esac
	# shellcheck disable=SC2086
	names=$(nm $opts "$lib" | awk 'NF == 3 { print $3 }') || { status=1; continue; }
	count=$(printf '%s\n' "$names" | grep -c '^recist_')
	others=$(printf '%s\n' "$names" | grep -v '^recist_' | grep -v '^$')
	if [ -n "$others" ]; then
		echo "exports: $lib defines names outside the API:" >&2
		printf '    %s\n' $others >&2
		status=1
	elif [ "$count" -lt 50 ]; then
		echo "exports: $lib defines only $count recist_ names" >&2
		status=1
	else
		echo "exports: $lib: $count names, all recist_*"
	fi
done
exit $status
