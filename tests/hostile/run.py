#!/usr/bin/env python3
"""Hostile and huge inputs against build/recist: every case names what it feeds
recist, and what must come out: the exit status, text that stderr (or stdout) must
hold, and how long it may take.  Nothing may crash, hang, merge, lose or overwrite.

    run.py --recist build/recist [--huge] [--filter SUBSTRING] [--list]
    run.py --seeds DIR [--max-len N]     write the fast cases' inputs as fuzzing seeds

The cases are the CASES lists of the cases_*.py files beside this one, one file per
part of the program (case documents, rule files, CSV histories, batch), so that each
can grow on its own.  Without --huge only the fast cases run (make check); with it
the huge ones too (make hostile, under ASan and UBSan).  Exit status 0 when every
case passes, 1 otherwise.

A case (see Case below) gets its own temporary directory, $DIR in its arguments; its
input is written to $DIR/in (or to the file name it gives), from bytes or from a
function that makes them, so that huge inputs are generated, not stored.
"""

import argparse
import glob
import importlib.util
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


class Case:
    """One hostile input.

    name     unique name (the file stem of its input when it is written)
    cls      the class of issue 11 it belongs to (1-12), for the report
    args     recist's arguments; "$DIR" is the case's temporary directory and "$IN"
             the path of its input
    input    bytes, str, or a function returning either: written to $IN; None: none
    in_name  the input's file name inside $DIR (default "in")
    setup    a function(dir) run before recist, to make files, links, FIFOs ...
    stdin    bytes for standard input (default: none, /dev/null)
    exit     the exit status recist must give
    stderr   strings (or compiled regexes) that must all appear in standard error
    stdout   the same for standard output
    check    a function(dir, result) returning None when all is well, else a message
             (for what text cannot say: a file left alone, no temporary file left)
    timeout  seconds recist may take (default 10)
    signal   (seconds, signum): send signum after that many seconds; recist must then
             exit within 1 s
    huge     True: only with --huge
    """

    def __init__(self, name, cls, args, input=None, in_name="in", setup=None, stdin=None,
                 exit=0, stderr=(), stdout=(), check=None, timeout=10, signal=None, huge=False):
        self.name, self.cls, self.args = name, cls, args
        self.input, self.in_name, self.setup, self.stdin = input, in_name, setup, stdin
        self.exit, self.stderr, self.stdout, self.check = exit, stderr, stdout, check
        self.timeout, self.signal, self.huge = timeout, signal, huge


def stop_signals_default():
    """recist batch keeps a stop signal it was started with ignored, as a
    background job or under nohup; the cases that send one want it to stop,
    whatever the shell that runs the tests ignores."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)

def load_cases():
    cases = []
    for path in sorted(glob.glob(os.path.join(HERE, "cases_*.py"))):
        spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
        mod = importlib.util.module_from_spec(spec)
        sys.path.insert(0, HERE)
        spec.loader.exec_module(mod)
        cases.extend(mod.CASES)
    names = [c.name for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        sys.exit("run.py: duplicate case names: %s" % " ".join(sorted(dup)))
    return cases


def as_bytes(x):
    if callable(x):
        x = x()
    return x.encode("utf-8") if isinstance(x, str) else x


def matches(want, text):
    return want.search(text) is not None if isinstance(want, re.Pattern) else want in text


def run_case(recist, case):
    """None when the case passes, else what went wrong."""
    with tempfile.TemporaryDirectory(prefix="hostile.") as d:
        path = os.path.join(d, case.in_name)
        if case.input is not None:
            with open(path, "wb") as f:
                f.write(as_bytes(case.input))
        if case.setup is not None:
            case.setup(d)
        args = [a.replace("$DIR", d).replace("$IN", path) for a in case.args]
        start = time.monotonic()
        p = subprocess.Popen([recist] + args, cwd=d, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             preexec_fn=stop_signals_default)
        limit = case.timeout
        if case.signal is not None:
            after, signum = case.signal
            try:
                out, err = p.communicate(as_bytes(case.stdin) if case.stdin else None, timeout=after)
            except subprocess.TimeoutExpired:
                p.send_signal(signum)
                try:
                    out, err = p.communicate(timeout=1.0)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.communicate()
                    return "still running 1 s after signal %d" % signum
        else:
            try:
                out, err = p.communicate(as_bytes(case.stdin) if case.stdin else None, timeout=limit)
            except subprocess.TimeoutExpired:
                p.kill()
                p.communicate()
                return "still running after %s s" % limit
        elapsed = time.monotonic() - start
        out_s = out.decode("utf-8", "replace")
        err_s = err.decode("utf-8", "replace")
        problems = []
        status = p.returncode if p.returncode >= 0 else 128 - p.returncode
        if status != case.exit:
            problems.append("exit %d, expected %d" % (status, case.exit))
        for w in case.stderr:
            if not matches(w, err_s):
                problems.append("stderr lacks %r" % (w.pattern if isinstance(w, re.Pattern) else w))
        for w in case.stdout:
            if not matches(w, out_s):
                problems.append("stdout lacks %r" % (w.pattern if isinstance(w, re.Pattern) else w))
        if case.check is not None:
            msg = case.check(d, (status, out, err))
            if msg:
                problems.append(msg)
        if problems:
            return "; ".join(problems) + " (%.1f s)\n      stderr: %s" % (elapsed, err_s.strip()[:600])
        return None


# Where a case's input seeds which fuzz target (make fuzz), by the prefix of its name.
SEED_DIRS = {"case_": "case", "batch_": "case", "rules_": "rules", "csv_": "history"}


def write_seeds(cases, top, max_len):
    """The inputs of the fast cases, at most max_len bytes each, as seeds of the fuzz targets."""
    n = 0
    for c in cases:
        kind = next((d for p, d in SEED_DIRS.items() if c.name.startswith(p)), None)
        if kind is None or c.huge or c.input is None:
            continue
        data = as_bytes(c.input)
        if len(data) > max_len:
            continue
        os.makedirs(os.path.join(top, kind), exist_ok=True)
        with open(os.path.join(top, kind, "hostile_" + c.name), "wb") as f:
            f.write(data)
        n += 1
    print("hostile: %d seeds written under %s" % (n, top))


def main():
    ap = argparse.ArgumentParser(description="hostile and huge inputs against recist")
    ap.add_argument("--recist")
    ap.add_argument("--seeds", metavar="DIR", help="write the fast cases' inputs as fuzzing seeds")
    ap.add_argument("--max-len", type=int, default=65536, help="the largest seed, in bytes")
    ap.add_argument("--huge", action="store_true", help="run the huge cases too")
    ap.add_argument("--filter", default="", help="only the cases whose name holds this")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    a = ap.parse_args()
    cases = [c for c in load_cases() if a.filter in c.name and (a.huge or not c.huge)]
    if a.seeds:
        write_seeds(cases, a.seeds, a.max_len)
        return 0
    if not a.recist:
        ap.error("--recist is required")
    recist = os.path.abspath(a.recist)
    if a.list:
        for c in cases:
            print("%-50s class %-2d%s" % (c.name, c.cls, " huge" if c.huge else ""))
        return 0
    failed = 0
    t0 = time.monotonic()
    for c in cases:
        t = time.monotonic()
        msg = run_case(recist, c)
        if msg:
            failed += 1
            print("FAIL %s (class %d): %s" % (c.name, c.cls, msg))
        elif os.environ.get("HOSTILE_VERBOSE"):
            print("ok   %s (%.2f s)" % (c.name, time.monotonic() - t))
    print("hostile: %d cases%s, %d failed, %.1f s"
          % (len(cases), " (with the huge ones)" if a.huge else "", failed, time.monotonic() - t0))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
