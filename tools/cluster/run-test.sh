#!/bin/sh
# run-test.sh - `make cluster-test`: recist batch under a real scheduler, and
# the GNU parallel recipe of recist(1), each against one machine's output.
#
# usage: tools/cluster/run-test.sh BUILD [N]   (as root; N cases, default 100000)
#
# Starts a Slurm cluster of one node on this machine: munged with a key of
# its own, slurmctld and slurmd, configured in a temporary directory (which
# also holds the state, the spool, the logs and the data), on ports
# CLUSTER_PORT (default 16817) and the next one.  Then, over an archive of N
# generated cases with three bad records (not JSON, a required key missing,
# an empty line):
#   1. recist batch --jobs 1 on the archive, the single-machine output
#      (timed, as are a run that only reads, --shard 1/1000000, and one
#      shard alone);
#   2. tools/cluster/recist-array.sbatch as a job array of 4 tasks, one
#      shard each: every task must be COMPLETED with exit status 0, those
#      with rejected records too, and the union of the parts, put in input
#      order, must be the single-machine output byte for byte (each record
#      once: a result placed by its case_id, an error record by its line);
#   3. a task with rejected records re-run alone with --max-rejects 0: it
#      must FAIL with exit status 3;
#   4. the GNU parallel recipe of recist(1) as written, with --sshlogin :
#      (this machine) for the hosts: its output must be the single-machine
#      output, but for where error records say they were (<stdin> and the
#      line within a block).
# Prints the cases per second of the one process and of the array (from the
# first task's start to the last one's end), and each task's peak memory;
# writes them to BUILD/cluster-test.txt too, for make bench.  Whatever
# happens, the jobs are cancelled, every daemon it started is stopped, and
# the directory is removed.
#
# SPDX-License-Identifier: MIT
set -eu
[ $# -ge 1 ] || { echo "usage: $0 BUILD [N]" >&2; exit 2; }
n=${2:-100000}
top=$(cd "$(dirname "$0")/../.." && pwd)
b=$(cd "$1" && pwd)
tasks=4
port=${CLUSTER_PORT:-16817}

say() { echo "cluster-test: $*"; }
fail() { echo "cluster-test: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root: slurmd runs the tasks, and munged and slurmctld run as root here"
[ "$n" -ge 10 ] 2>/dev/null || fail "N must be a whole number of at least 10, not '$n'"
for p in munged mungekey slurmctld slurmd sbatch scontrol sinfo squeue scancel parallel; do
	command -v $p >/dev/null 2>&1 || fail "$p is missing: sh tools/deps.sh cluster installs it"
done
for p in recist bench/gen bench/peak; do
	[ -x "$b/$p" ] || fail "$b/$p is missing: make $b/$p"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/recist-cluster.XXXXXX")
# munged wants every directory above its socket searchable by all.
chmod 755 "$tmp"
mkdir "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log" "$tmp/bin"
munged_pid="" slurmctld_pid="" slurmd_pid=""

stop() {  # stop PID: SIGTERM, then SIGKILL after 10 s
	kill "$1" 2>/dev/null || return 0
	for i in $(seq 50); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.2
	done
	kill -KILL "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}
cleanup() {
	status=$?
	set +e
	trap - EXIT INT TERM HUP
	if [ -n "$slurmctld_pid" ] && kill -0 "$slurmctld_pid" 2>/dev/null; then
		# Cancel what is left (after a failure) and wait for its steps to end.
		jobs=$(squeue -h -o %A 2>/dev/null | sort -u)
		if [ -n "$jobs" ]; then
			scancel $jobs
			for i in $(seq 60); do
				[ -z "$(squeue -h -o %A 2>/dev/null)" ] && break
				sleep 0.5
			done
		fi
	fi
	[ -n "$slurmd_pid" ] && stop "$slurmd_pid"
	[ -n "$slurmctld_pid" ] && stop "$slurmctld_pid"
	[ -n "$munged_pid" ] && stop "$munged_pid"
	# Should slurmctld have died before its jobs ended, their slurmstepd
	# would be left: each has this cluster's SLURM_CONF in its environment.
	unset SLURM_CONF
	for e in /proc/[0-9]*/environ; do
		# A process may end meanwhile: the shell's own message about its file is silenced too.
		{ tr '\0' '\n' <"$e"; } 2>/dev/null | grep -qxF "SLURM_CONF=$tmp/slurm.conf" || continue
		p=${e#/proc/}
		p=${p%/environ}
		kill -KILL "$p" 2>/dev/null && echo "cluster-test: killed $p, left by the cluster" >&2
	done
	if [ "$status" != 0 ]; then
		for f in "$tmp"/log/* "$tmp"/*.log; do
			[ -f "$f" ] || continue
			echo "--- the end of $f:" >&2
			tail -n 15 "$f" >&2
		done
	fi
	rm -rf "$tmp"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- The cluster: munged, slurmctld and slurmd on this machine. ----------

# Each daemon in a session of its own, so that a signal to the test's
# process group (^C) leaves them to cleanup, which cancels the jobs first.

mungekey --create --keyfile="$tmp/munge/key"
setsid munged --foreground --socket="$tmp/munge/socket" --key-file="$tmp/munge/key" \
	--pid-file="$tmp/munge/pid" --seed-file="$tmp/munge/seed" --log-file="$tmp/log/munged.log" \
	>"$tmp/log/munged.out" 2>&1 &
munged_pid=$!
for i in $(seq 50); do
	munge -n -S "$tmp/munge/socket" 2>/dev/null | unmunge -S "$tmp/munge/socket" >/dev/null 2>&1 && break
	kill -0 "$munged_pid" 2>/dev/null || fail "munged did not start"
	[ "$i" -lt 50 ] || fail "munged does not answer after 10 s"
	sleep 0.2
done

node=$(uname -n | cut -d. -f1)
# The processors and memory as slurmd finds them: CPUs=2 Boards=1 ...
hw=$(slurmd -C | sed -n '1s/^NodeName=[^ ]* //p')
# No cgroups and no systemd needed: processes tracked through /proc, tasks
# not bound to processors, no accounting database (the states come from
# scontrol, which keeps ended jobs for MinJobAge seconds), and the node's
# size taken as written here.  A task starts as soon as a processor is
# free, not up to 3 s later (batch_sched_delay), so that the array's time
# is recist's.
cat >"$tmp/slurm.conf" <<EOF
ClusterName=recisttest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=600
SchedulerParameters=batch_sched_delay=0
NodeName=$node NodeAddr=127.0.0.1 $hw State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=30 State=UP
EOF
export SLURM_CONF="$tmp/slurm.conf"
setsid slurmctld -D -f "$SLURM_CONF" >"$tmp/log/slurmctld.out" 2>&1 &
slurmctld_pid=$!
setsid slurmd -D -f "$SLURM_CONF" -N "$node" >"$tmp/log/slurmd.out" 2>&1 &
slurmd_pid=$!
for i in $(seq 120); do
	[ "$(sinfo -h -N -n "$node" -o %T 2>/dev/null)" = idle ] && break
	kill -0 "$slurmctld_pid" 2>/dev/null || fail "slurmctld did not start"
	kill -0 "$slurmd_pid" 2>/dev/null || fail "slurmd did not start"
	[ "$i" -lt 120 ] || fail "node $node not idle after 60 s: $(sinfo -h -N -o '%T %E' 2>&1)"
	sleep 0.5
done
say "Slurm $(sinfo -V | cut -d' ' -f2), node $node: $hw; in $tmp"

# ---- The archive and the single-machine output. --------------------------

cd "$tmp"
"$b/bench/gen" "$n" | awk -v n="$n" '
	NR == int(n / 3)     { print "{\"case_id\": \"BAD-JSON\", \"lesions\": [" }
	NR == int(n / 2)     { print "" }
	NR == int(2 * n / 3) { print "{\"case_id\":\"BAD-KEY\",\"lesions\":[{\"id\":\"T1\",\"organ\":\"liver\",\"role\":\"target\"}]}" }
	{ print }' >archive.jsonl
records=$((n + 3))
now() { date +%s.%N; }
rate() { awk -v n="$1" -v s="$2" -v e="$3" 'BEGIN { printf "%.0f cases/s (%.2f s)", n / (e - s), e - s }'; }

t0=$(now)
"$b/recist" batch --jobs 1 -o single.jsonl archive.jsonl 2>single.log ||
	fail "recist batch --jobs 1 exited with $? on the archive: $(cat single.log)"
t1=$(now)
[ "$(wc -l <single.jsonl)" -eq "$records" ] || fail "single.jsonl has not $records lines"
[ "$(grep -c '^{"format":"recist-error/1"' single.jsonl)" -eq 3 ] || fail "single.jsonl has not 3 error records"
single_rate=$(rate "$records" "$t0" "$t1")
say "one machine, recist batch --jobs 1: $records records, $single_rate"
# What every --shard task does whatever its share: read and parse every
# record (a shard of a million holds next to none of them).
t0=$(now)
"$b/recist" batch --jobs 1 --shard 1/1000000 -o read.jsonl archive.jsonl 2>read.log ||
	fail "recist batch --shard 1/1000000 exited with $?: $(cat read.log)"
t1=$(now)
read_rate=$(rate "$records" "$t0" "$t1")
say "reading alone (--shard 1/1000000): $read_rate, the most that any number of --shard tasks reaches"
t0=$(now)
"$b/recist" batch --jobs 1 --shard 1/$tasks -o alone.jsonl archive.jsonl 2>alone.log ||
	fail "recist batch --shard 1/$tasks exited with $?: $(cat alone.log)"
t1=$(now)
alone=$(awk -v s="$t0" -v e="$t1" 'BEGIN { printf "%.2f s", e - s }')
rm read.jsonl alone.jsonl
say "one shard of $tasks alone (--shard 1/$tasks): $alone"

# ---- The job array. -------------------------------------------------------

# recist as the tasks run it, timed, its peak memory in the task's log.
cat >bin/recist-timed <<EOF
#!/bin/sh
start=\$(date +%s.%N)
s=0
"$b/bench/peak" "$b/recist" "\$@" || s=\$?
echo "cluster-test: ran from \$start to \$(date +%s.%N)" >&2
exit \$s
EOF
chmod +x bin/recist-timed

states() {  # states JOBID: "TASK STATE EXIT" for each task of the array, by task
	scontrol -o show job "$1" 2>/dev/null | awk '{
		for (i = 1; i <= NF; i++)
			if (split($i, kv, "=") == 2 && kv[1] ~ /^(ArrayTaskId|JobState|ExitCode)$/)
				v[kv[1]] = kv[2]
		print v["ArrayTaskId"], v["JobState"], v["ExitCode"]
	}' | sort -n
}

run_array() {  # run_array SBATCH-ARGUMENTS...: submit, wait until every task ended; the job id in $job
	job=$(RECIST="$tmp/bin/recist-timed" sbatch --parsable --time=15 "$@") ||
		fail "sbatch did not submit the job array"
	job=${job%%;*}
	# sbatch --wait would do, but it polls at ever longer intervals (up to 32 s).
	for i in $(seq 3000); do
		states "$job" | awk '
			$2 !~ /^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|BOOT_FAIL|DEADLINE)$/ { busy = 1 }
			END { exit !(busy || NR == 0) }' || return 0
		sleep 0.2
	done
	fail "job $job has not ended after 10 minutes: $(states "$job")"
}

s0=$(now)
run_array --array=0-$((tasks - 1)) --output='task-%a.log' \
	"$top/tools/cluster/recist-array.sbatch" $tasks archive.jsonl parts
s1=$(now)
want=$(seq 0 $((tasks - 1)) | sed 's/$/ COMPLETED 0:0/')
got=$(states "$job")
[ "$got" = "$want" ] || fail "the tasks of job $job ended (task, state, exit):
$got"
rejecting=""
for t in $(seq 0 $((tasks - 1))); do
	r=$(grep -c '^{"format":"recist-error/1"' "parts/part-$((t + 1)).jsonl" || true)
	[ "$r" = 0 ] || rejecting="$rejecting $t"
done
[ -n "$rejecting" ] || fail "no part holds an error record"
say "job array $job: $tasks tasks COMPLETED with exit status 0, task(s)$rejecting with rejected records"

# The union of the parts in input order is the single-machine output: each
# part is in input order, so the parts are merged by the archive line of
# each record (a result's by its case_id, an error record's from its source).
awk -v parts="$tasks" '
	function place(line,    i, s) {
		if (index(line, "{\"format\":\"recist-error/1\",\"source\":\"") == 1) {
			s = substr(line, 38)
			s = substr(s, 1, index(s, "\"") - 1)
			sub(/.*:/, "", s)
			return s + 0
		}
		i = index(line, "\"case_id\":\"")
		if (i == 0)
			return -1
		s = substr(line, i + 11)
		s = substr(s, 1, index(s, "\"") - 1)
		return (s in at) ? at[s] : -1
	}
	function next_of(p) {
		if ((getline cur[p] < ("parts/part-" p ".jsonl")) > 0) {
			pos[p] = place(cur[p])
			if (pos[p] <= last[p]) {
				printf "part-%d.jsonl: a record out of input order or not of the archive: %.80s\n", p, cur[p]
				exit 1
			}
			last[p] = pos[p]
		} else {
			pos[p] = 0
		}
	}
	{   # the archive: where each case_id is
		i = index($0, "\"case_id\":\"")
		if (i > 0) {
			s = substr($0, i + 11)
			at[substr(s, 1, index(s, "\"") - 1)] = NR
		}
	}
	END {
		for (p = 1; p <= parts; p++)
			next_of(p)
		for (k = 1; (getline line < "single.jsonl") > 0; k++) {
			for (p = 1; p <= parts && pos[p] != k; p++)
				;
			if (p > parts) {
				printf "archive line %d: its record is in no part\n", k
				exit 1
			}
			if (cur[p] != line) {
				printf "archive line %d: part-%d.jsonl differs from single.jsonl\n", k, p
				exit 1
			}
			next_of(p)
		}
		for (p = 1; p <= parts; p++)
			if (pos[p] != 0) {
				printf "part-%d.jsonl: a record more than single.jsonl has: %.80s\n", p, cur[p]
				exit 1
			}
	}' archive.jsonl >union.err || fail "the parts are not the single-machine output: $(cat union.err)"
say "the union of the $tasks parts in input order is single.jsonl, byte for byte"

start=$(sed -n 's/^cluster-test: ran from \([0-9.]*\) to .*/\1/p' task-*.log | sort -n | head -n 1)
end=$(sed -n 's/^cluster-test: ran from .* to \([0-9.]*\)$/\1/p' task-*.log | sort -n | tail -n 1)
array_rate=$(rate "$records" "$start" "$end")
peaks=$(for t in $(seq 0 $((tasks - 1))); do
	sed -n 's/^peak \([0-9]*\) KiB$/\1/p' "task-$t.log"
done | awk '{ printf "%s%.1f", (NR > 1 ? ", " : ""), $1 / 1024 }')
times=$(for t in $(seq 0 $((tasks - 1))); do
	sed -n 's/^cluster-test: ran from \([0-9.]*\) to \([0-9.]*\)$/\1 \2/p' "task-$t.log"
done | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $2 - $1 }')
say "$tasks array tasks, 1 processor each, on $(nproc) processors: $array_rate from the first task's start to the last one's end ($(rate "$records" "$s0" "$s1" | sed 's/.*(//; s/)//') from the submission to the end of the last task seen); each task's time: $times s; peak memory: $peaks MiB"

# ---- A task with rejected records, re-run alone with --max-rejects 0. ------

t=${rejecting# }
t=${t%% *}
run_array --array="$t" --output='strict-%a.log' \
	"$top/tools/cluster/recist-array.sbatch" $tasks archive.jsonl strict --max-rejects 0
got=$(states "$job")
[ "$got" = "$t FAILED 3:0" ] || fail "task $t re-run with --max-rejects 0 ended (task, state, exit): $got"
say "task $t re-run alone with --max-rejects 0: FAILED with exit status 3"

# ---- The GNU parallel recipe of recist(1), as written. ---------------------

rm -r parts strict

# The display after the comment '.\" test: parallel', its roff escapes
# undone and its prompts taken off; the hosts become ':', this machine.
recipe=$(awk '
	/^\.\\" test: parallel$/ { marked = 1; next }
	marked && /^\.Bd/ { inside = 1; next }
	inside && /^\.Ed/ { exit }
	inside { print }' "$top/man/recist.1" |
	sed -e 's/\\e/\\/g' -e 's/\\&//g' -e 's/^\$ //' -e 's/^> //')
case $recipe in
parallel\ *--sshlogin\ *) ;;
*) fail "man/recist.1 shows no parallel recipe with --sshlogin after '.\\\" test: parallel'" ;;
esac
recipe=$(printf '%s\n' "$recipe" | sed 's/--sshlogin [^ ]*/--sshlogin :/')
mkdir parallel
ln -s "$b/recist" bin/recist
ln -s ../archive.jsonl parallel/archive.jsonl
t0=$(now)
(cd parallel && PATH="$tmp/bin:$PATH" sh -c "$recipe") >parallel.log 2>&1 ||
	fail "the parallel recipe exited with $?:
$recipe
$(tail -n 5 parallel.log)"
t1=$(now)
awk '
	function plain(s) {  # an error record without where it was
		if (index(s, "{\"format\":\"recist-error/1\"") == 1) {
			sub(/"source":"[^"]*"/, "\"source\":\"\"", s)
			sub(/"line":[0-9]+,"column":[0-9]+/, "\"line\":0,\"column\":0", s)
		}
		return s
	}
	{
		if ((getline other < "single.jsonl") <= 0) {
			printf "line %d: more lines than single.jsonl\n", NR
			failed = 1
			exit 1
		}
		if (plain($0) != plain(other)) {
			printf "line %d differs from single.jsonl\n", NR
			failed = 1
			exit 1
		}
	}
	END {
		if (!failed && (getline other < "single.jsonl") > 0) {
			printf "line %d: fewer lines than single.jsonl\n", NR + 1
			exit 1
		}
	}' parallel/results.jsonl >parallel.err || fail "the parallel recipe's output: $(cat parallel.err)"
say "the GNU parallel recipe of recist(1), with --sshlogin :, gives single.jsonl: $(rate "$records" "$t0" "$t1")"

{
	echo "make cluster-test, $(date -u '+%Y-%m-%d %H:%M') UTC: $records records, $(nproc) processors"
	printf '  %-38s %s\n' "recist batch --jobs 1:" "$single_rate" \
		"reading alone (--shard 1/1000000):" "$read_rate" \
		"one shard alone (--shard 1/$tasks):" "$alone" \
		"Slurm array, $tasks tasks of 1 processor:" "$array_rate" \
		"time of each task:" "$times s" \
		"peak memory of each task:" "$peaks MiB"
} >"$b/cluster-test.txt"
say "ok"
