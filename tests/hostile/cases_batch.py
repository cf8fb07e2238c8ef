"""Hostile batch runs for run.py: what -o may replace, the directory walk, signals,
memory per record, and the numbers of the command line (classes 2, 5, 6, 11, 12).

Never point -o at a real device: a binary that replaces what it should not would
replace it.  Devices here are copies made with mknod inside the case's directory
(a FIFO where mknod is not allowed); /dev/stdout is reached through a link in it,
which is all such a binary can replace.
"""
import os
import resource
import signal
import stat
import threading
import time

from run import Case


def case(case_id="C1"):
    """One valid case, as one line."""
    return ('{"case_id": "%s", "lesions": [{"id": "T1", "role": "target", "organ": "lung"}], '
            '"assessments": [{"date": "2024-01-01", "lesions": {"T1": {"diameter_mm": 20}}}, '
            '{"date": "2024-03-01", "lesions": {"T1": {"diameter_mm": 12}}}]}\n' % case_id)


RESULT = '"format":"recist-result/1"'


def slow_case():
    """A case with 10^5 keys in an ignored object: 13.5 s to read before issue 11."""
    keys = ", ".join('"k%d": 1' % i for i in range(100000))
    return case("SLOW").replace('{"case_id"', '{"ignored": {%s}, "case_id"' % keys, 1)


def write(d, name, text, mode=None):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write(text)
    if mode is not None:
        os.chmod(path, mode)
    return path


def files(d):
    return sorted(os.listdir(d))


def fifo_feed(d, name, data, hold=5.0):
    """A FIFO d/name that a thread fills with data and then holds open for hold
    seconds: recist is still waiting for input when the signal comes, whatever
    its speed."""
    path = os.path.join(d, name)
    os.mkfifo(path)

    def feed():
        try:
            with open(path, "wb") as f:
                f.write(data)
                f.flush()
                time.sleep(hold)
        except OSError:
            pass  # recist ended first
    threading.Thread(target=feed, daemon=True).start()


def device_copy(d, name):
    """A copy of /dev/null in d (a FIFO, drained by a thread, without root)."""
    path = os.path.join(d, name)
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        os.mkfifo(path)

        def drain():
            with open(path, "rb") as f:
                while f.read(65536):
                    pass
        threading.Thread(target=drain, daemon=True).start()


def still_device(name):
    def check(d, result):
        m = os.lstat(os.path.join(d, name)).st_mode
        return None if stat.S_ISCHR(m) or stat.S_ISFIFO(m) else "%s was replaced by a regular file" % name
    return check


# ---- 5. What -o may replace ----

def setup_link_to_results(d):
    write(d, "results.jsonl", "earlier results\n")
    os.symlink("results.jsonl", os.path.join(d, "link.jsonl"))


def check_link_followed(d, result):
    if not os.path.islink(os.path.join(d, "link.jsonl")):
        return "the link was replaced by a regular file"
    with open(os.path.join(d, "results.jsonl")) as f:
        if RESULT not in f.read():
            return "the file the link leads to was not written"
    if files(d) != ["in", "link.jsonl", "results.jsonl"]:
        return "files left: %s" % files(d)
    return None


def check_no_setuid(d, result):
    m = os.stat(os.path.join(d, "results.jsonl")).st_mode
    if m & (stat.S_ISUID | stat.S_ISGID):
        return "mode %o: set-user-ID or set-group-ID copied" % (m & 0o7777)
    if m & 0o777 != 0o755:
        return "mode %o: permissions not kept" % (m & 0o7777)
    return None


def check_unchanged(name, text):
    def check(d, result):
        with open(os.path.join(d, name)) as f:
            got = f.read()
        return None if got == text else "%s was changed" % name
    return check


# ---- 6. The directory walk ----

def setup_walk(*links, fifo=False, output=False):
    def setup(d):
        os.mkdir(os.path.join(d, "cases"))
        write(d, "cases/a.jsonl", case("A"))
        for name in links:
            os.symlink(".", os.path.join(d, "cases", name))
        if fifo:
            os.mkfifo(os.path.join(d, "cases", "pipe.jsonl"))
        if output:  # the results of an earlier run, with the same -o
            write(d, "cases/out.jsonl", '{"format":"recist-result/1","case_id":"A"}\n')
    return setup


def lines(n):
    def check(d, result):
        got = result[1].count(b"\n")
        return None if got == n else "%d output records, expected %d" % (got, n)
    return check


def output_lines(n):
    def check(d, result):
        with open(os.path.join(d, "cases", "out.jsonl")) as f:
            text = f.read()
        if text.count("\n") != n or "recist-error" in text:
            return "out.jsonl holds %d records (%s...)" % (text.count("\n"), text[:80])
        return None
    return check


# ---- 2. Signals ----

def setup_slow_fifo(d):
    """The slow case, then 63 small ones: a whole window of --jobs 1."""
    fifo_feed(d, "in.jsonl", (slow_case() + case() * 63).encode())


def setup_slow_fifo_with_output(d):
    write(d, "out.jsonl", "earlier results\n")
    setup_slow_fifo(d)


def check_left_alone(d, result):
    with open(os.path.join(d, "out.jsonl")) as f:
        if f.read() != "earlier results\n":
            return "out.jsonl was changed"
    return None if files(d) == ["in.jsonl", "out.jsonl"] else "files left: %s" % files(d)


def huge_case_lesions(n):
    """One case of n non-target lesions, each present at two assessments."""
    def make():
        les = ", ".join('{"id": "L%d", "role": "non-target", "organ": "liver"}' % i for i in range(n))
        seen = ", ".join('"L%d": {"status": "present"}' % i for i in range(n))
        return ('{"case_id": "HUGE", "lesions": [{"id": "T1", "role": "target", "organ": "lung"}, %s], '
                '"assessments": [{"date": "2024-01-01", "lesions": {"T1": {"diameter_mm": 20}, %s}}, '
                '{"date": "2024-03-01", "lesions": {"T1": {"diameter_mm": 20}, %s}}]}\n' % (les, seen, seen))
    return make


def setup_huge_fifo(d):
    fifo_feed(d, "in.jsonl", huge_case_lesions(10 ** 6)().encode(), hold=30.0)


# ---- 12. Memory per record ----

PEAK_LIMIT_KB = 400 * 1024  # 130 records of 10 MB: 1.3 GB before issue 11


def setup_big_records(d):
    """130 records of 10 MB (a 10 MB ignored string each), written line by line."""
    note = "0123456789abcdef" * (10 * 1024 * 1024 // 16)
    with open(os.path.join(d, "big.jsonl"), "w") as f:
        for i in range(130):
            f.write(case("B%d" % i).replace('{"case_id"', '{"note": "%s", "case_id"' % note, 1))
    # The largest peak of the children so far: check() can tell whether this one's is larger.
    write(d, "peak_before", str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))


def check_peak(d, result):
    with open(os.path.join(d, "peak_before")) as f:
        before = int(f.read())
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if after == before and before > PEAK_LIMIT_KB:
        return "an earlier case's peak memory hides this one's"
    if after > PEAK_LIMIT_KB:
        return "peak memory %d MB, at most %d MB expected" % (after // 1024, PEAK_LIMIT_KB // 1024)
    return None


CASES = [
    # 5. -o writes only to a regular file or a new path; a device or a FIFO directly.
    Case("batch_output_device_copy_is_written_not_replaced", 5,
         ["batch", "-o", "$DIR/null", "$IN"], input=case(),
         setup=lambda d: device_copy(d, "null"), exit=0, check=still_device("null")),
    Case("batch_output_link_to_dev_stdout_writes_standard_output", 5,
         ["batch", "-o", "$DIR/stdout", "$IN"], input=case(),
         setup=lambda d: os.symlink("/dev/stdout", os.path.join(d, "stdout")),
         exit=0, stdout=[RESULT],
         check=lambda d, r: None if os.path.islink(os.path.join(d, "stdout")) else "the link was replaced"),
    Case("batch_output_link_to_results_is_followed", 5,
         ["batch", "-o", "$DIR/link.jsonl", "$IN"], input=case(),
         setup=setup_link_to_results, exit=0, check=check_link_followed),
    Case("batch_output_setuid_bit_not_copied", 5,
         ["batch", "-o", "$DIR/results.jsonl", "$IN"], input=case(),
         setup=lambda d: write(d, "results.jsonl", "earlier\n", 0o4755 | stat.S_ISGID),
         exit=0, check=check_no_setuid),
    Case("batch_output_directory_refused", 5,
         ["batch", "-o", "$DIR/sub", "$IN"], input=case(),
         setup=lambda d: os.mkdir(os.path.join(d, "sub")),
         exit=2, stderr=["sub: error: a directory; the output goes to a regular file"]),
    Case("batch_output_broken_link_refused", 5,
         ["batch", "-o", "$DIR/link.jsonl", "$IN"], input=case(),
         setup=lambda d: os.symlink("missing.jsonl", os.path.join(d, "link.jsonl")),
         exit=2, stderr=["link.jsonl: error: a symbolic link to a missing file"],
         check=lambda d, r: None if os.path.islink(os.path.join(d, "link.jsonl")) else "the link was replaced"),
    Case("batch_output_is_an_input_refused", 5,
         ["batch", "-o", "$IN", "$IN"], input=case(),
         exit=2, stderr=["in: error: is the output (-o) too"], check=check_unchanged("in", case())),

    # 6. The walk follows no link to a directory, reads no FIFO, never reads its output.
    Case("batch_walk_link_to_dot_not_followed", 6, ["batch", "$DIR/cases"],
         setup=setup_walk("loop"), exit=0,
         stderr=["cases/loop: warning: skipped: a symbolic link to a directory"], check=lines(1)),
    Case("batch_walk_two_links_to_dot_end", 6, ["batch", "$DIR/cases"],
         setup=setup_walk("loop1", "loop2"), exit=0, timeout=3,
         stderr=["cases/loop2: warning: skipped"], check=lines(1)),
    Case("batch_walk_fifo_skipped", 6, ["batch", "$DIR/cases"],
         setup=setup_walk(fifo=True), exit=0, timeout=3,
         stderr=["cases/pipe.jsonl: warning: skipped: a FIFO"], check=lines(1)),
    Case("batch_walk_own_output_not_read", 6, ["batch", "-o", "$DIR/cases/out.jsonl", "$DIR/cases"],
         setup=setup_walk(output=True), exit=0,
         stderr=["cases/out.jsonl: warning: skipped: the output of this batch"], check=output_lines(1)),

    # 12. Memory follows the window, not the largest records seen.
    Case("batch_memory_130_records_of_10_mb", 12, ["batch", "--jobs", "1", "big.jsonl"],
         setup=setup_big_records, exit=0, timeout=120, check=check_peak, huge=True),

    # 2. A signal stops batch within a second whatever record it is on (--jobs 1: the
    # slow record was scored by the thread that reads and answers signals).
    Case("batch_sigint_during_a_slow_record", 2, ["batch", "--jobs", "1", "in.jsonl"],
         setup=setup_slow_fifo, signal=(1.0, signal.SIGINT), exit=128 + signal.SIGINT,
         stderr=["interrupted by signal 2"]),
    Case("batch_sigterm_during_a_slow_record_leaves_the_output", 2,
         ["batch", "--jobs", "1", "-o", "out.jsonl", "in.jsonl"],
         setup=setup_slow_fifo_with_output, signal=(1.0, signal.SIGTERM), exit=128 + signal.SIGTERM,
         stderr=["interrupted by signal 15", "out.jsonl: left as it was"], check=check_left_alone),
    Case("batch_sigkill_leaves_no_temporary_file", 2, ["batch", "-o", "out.jsonl", "in.jsonl"],
         setup=setup_slow_fifo_with_output, signal=(1.0, signal.SIGKILL), exit=128 + signal.SIGKILL,
         check=check_left_alone),
    Case("batch_sigint_during_a_huge_case", 2, ["batch", "--jobs", "1", "in.jsonl"],
         setup=setup_huge_fifo, signal=(3.0, signal.SIGINT), exit=128 + signal.SIGINT,
         stderr=["interrupted by signal 2"], huge=True),

    # 11. Numbers on the command line: digits only, in range, or a usage error naming them.
    Case("batch_shard_negative_refused", 11, ["batch", "--shard", "-1/-1", "$IN"], input=case(),
         exit=2, stderr=["--shard needs I/N", "got '-1/-1'"]),
    Case("batch_shard_negative_empty_refused", 11, ["batch", "--shard", "-3/-2", "$IN"], input=case(),
         exit=2, stderr=["got '-3/-2'"]),
    Case("batch_shard_overflow_refused", 11, ["batch", "--shard", "1/4294967297", "$IN"], input=case(),
         exit=2, stderr=["got '1/4294967297'"]),
    Case("batch_shard_spaces_refused", 11, ["batch", "--shard", " 1/ 2", "$IN"], input=case(),
         exit=2, stderr=["got ' 1/ 2'"]),
    Case("batch_jobs_sign_refused", 11, ["batch", "--jobs", "+2", "$IN"], input=case(),
         exit=2, stderr=["--jobs needs a whole number from 1 to 256, got '+2'"]),
    Case("batch_cli_confirm_days_space_refused", 11, ["evaluate", "--confirm-days", " 28", "$IN"],
         input=case(), exit=2, stderr=["--confirm-days needs a whole number from 0 to 3650, got ' 28'"]),
    Case("batch_cli_max_ne_sign_refused", 11, ["bor", "--max-ne", "+1", "$IN"],
         input="case_id,overall,date,treatment_start\nA,PR,2024-02-26,2024-01-01\n",
         exit=2, stderr=["--max-ne needs a whole number from 0 to 1000, got '+1'"]),

]
