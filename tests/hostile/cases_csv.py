"""Hostile CSV response histories for run.py: `recist bor` on tables (src/input/history_csv.c).

Classes of issue 11: 3 (huge tables), 4 (NUL bytes and text that is not UTF-8) and 10 (CSV
parsing), with the rest of their kind (rows out of line with the header, rows without a sure
subject, empty spreadsheet rows, a UTF-16 file, a column past the 32nd).  Every input is
generated; each case failed before issue 11.  An error that leaves a row without a sure subject
refuses the whole file, so those cases also check that no subject was printed.
"""
import datetime

from run import Case

HEADER = "case_id,treatment_start,date,overall\n"


def rows(case_id, responses, start="2024-01-01", first="2024-02-01", step=28):
    """One subject's rows: its responses every 'step' days from 'first'."""
    d = datetime.date.fromisoformat(first)
    out = []
    for r in responses:
        out.append("%s,%s,%s,%s\n" % (case_id, start, d.isoformat(), r))
        d += datetime.timedelta(days=step)
    return "".join(out)


def one_subject(n):
    """A header and n daily rows of subject S1 (from 1900, so that the dates stay below 9999)."""
    def make():
        day = datetime.date(1900, 1, 2).toordinal()
        body = ["S1,1900-01-01,%s,SD\n" % datetime.date.fromordinal(day + i).isoformat() for i in range(n)]
        return HEADER + "".join(body)
    return make


def subjects(n):
    """A header and n subjects of three rows each: PR, PR 28 days later, then SD."""
    def make():
        return HEADER + "".join(rows("S%06d" % i, ("PR", "PR", "SD")) for i in range(n))
    return make


def long_field_last(n_rows, size):
    """n_rows ordinary rows, then one whose note is 'size' bytes long (quoted, with a comma)."""
    def make():
        head = "case_id,treatment_start,date,overall,note\n"
        body = one_subject(n_rows)()[len(HEADER):].replace("SD\n", "SD,\n")
        return head + body + 'S2,2024-01-01,2024-02-01,PR,"' + "x," * (size // 2) + '"\n'
    return make


def printed_nothing(d, result):
    """The file was refused: no subject's record on standard output, only the CSV header."""
    lines = [l for l in result[1].decode("utf-8", "replace").splitlines()[1:] if l.strip()]
    return "records were printed: %r" % lines[:3] if lines else None


def printed_only(*ids):
    """Exactly these subjects were printed, in this order (after the CSV header)."""
    def check(d, result):
        out = result[1].decode("utf-8", "replace")
        got = [l.split(",")[0] for l in out.splitlines()[1:] if l.strip()]
        return None if got == list(ids) else "printed %r, expected %r" % (got[:5], list(ids))
    return check


BOR = ["bor", "--format", "csv", "$IN"]

CASES = [
    # ---- 3: size.  Every field used to reserve the rest of the file: "out of memory" from
    # about 770 kB.  Reading is now linear in time and proportional in memory.
    Case("csv_history_840kB_one_subject", 3, BOR, in_name="in.csv", input=one_subject(30000),
         exit=0, stdout=["S1,recist1.1,SD,"]),
    Case("csv_history_1e6_rows_one_subject", 3, BOR, in_name="in.csv", input=one_subject(10 ** 6),
         exit=0, stdout=["S1,recist1.1,SD,1900-02-12,SD,1900-02-12,,,,1000000,true"], timeout=60, huge=True),
    Case("csv_history_1e5_subjects", 3, BOR, in_name="in.csv", input=subjects(10 ** 5),
         exit=0, stdout=["S000000,recist1.1,PR,2024-02-01,PR,2024-02-01,", "\nS099999,recist1.1,PR,"],
         timeout=60, huge=True),
    Case("csv_history_64MB_field_after_1000_rows", 3, BOR, in_name="in.csv",
         input=long_field_last(1000, 64 << 20), exit=0, stdout=["S1,recist1.1,", "\nS2,recist1.1,PR,"],
         timeout=60, huge=True),

    # ---- 4: NUL bytes and text that is not UTF-8, refused where they are read.
    # C1<NUL>X and C1<NUL>Y were one subject C1, whose two CRs confirmed each other (exit 0).
    Case("csv_nul_in_case_id_does_not_merge_subjects", 4, BOR, in_name="in.csv",
         input=HEADER + "C1\0X,2024-01-01,2024-02-01,CR\nC1\0Y,2024-01-01,2024-03-01,CR\n",
         exit=3, stderr=["in.csv:2:3: error: not valid text: a NUL byte in column 'case_id'"],
         check=printed_nothing),
    Case("csv_nul_in_a_column_not_read", 4, BOR, in_name="in.csv",
         input="note," + HEADER + "a\0b,C1,2024-01-01,2024-02-01,CR\n",
         exit=3, stderr=["in.csv:2:2: error: not valid text: a NUL byte in column 'note'"], check=printed_nothing),
    Case("csv_latin1_case_id", 4, BOR, in_name="in.csv",
         input=HEADER.encode() + b"Ren\xe9,2024-01-01,2024-02-01,CR\n",
         exit=3, stderr=["in.csv:2:4: error: not valid text: byte 0xe9 in column 'case_id' is not UTF-8"],
         check=printed_nothing),
    Case("csv_utf16_file", 4, BOR, in_name="in.csv",
         input=b"\xff\xfe" + (HEADER + "C1,2024-01-01,2024-02-01,CR\n").encode("utf-16-le"),
         exit=3, stderr=["in.csv:1:1: error: not valid text: the file is UTF-16 (save it as UTF-8)"]),

    # ---- 10: quoting.  An unclosed quote swallowed the rows after it (C2 vanished unnamed).
    Case("csv_unclosed_quote", 10, BOR, in_name="in.csv",
         input=HEADER + rows("C1", ["PR"]) + 'C1,2024-01-01,2024-03-01,"PR\n' + rows("C2", ["CR", "CR"]),
         exit=3, stderr=["in.csv:3:26: error: malformed CSV: the quote that opens column 'overall' is not closed"],
         check=printed_nothing),
    # "PR"garbage was read as PR.
    Case("csv_text_after_closing_quote", 10, BOR, in_name="in.csv",
         input=HEADER + 'C1,2024-01-01,2024-02-01,"PR"garbage\n',
         exit=3, stderr=["in.csv:2:30: error: malformed CSV: text after the closing quote in column 'overall'"],
         check=printed_nothing),
    Case("csv_quote_inside_unquoted_field", 10, BOR, in_name="in.csv",
         input=HEADER + 'C1,2024-01-01,2024-02-01,P"R"\n',
         exit=3, stderr=["in.csv:2:27: error: malformed CSV: quote inside the unquoted column 'overall'"],
         check=printed_nothing),
    # Lines ended by CR alone made one line.
    Case("csv_carriage_return_alone", 10, BOR, in_name="in.csv",
         input=(HEADER + rows("C1", ["PR", "PR"])).replace("\n", "\r"),
         exit=3, stderr=["in.csv:1:37: error: malformed CSV: carriage return without a line feed"]),
    # After a quoted line break, errors pointed one line too early (line 3).
    Case("csv_line_numbers_after_quoted_line_break", 10, BOR, in_name="in.csv",
         input="note," + HEADER + '"a\nb\nc",C1,2024-01-01,2024-02-01,PR\n,C2,2024-01-01,2024-02-01,XX\n',
         exit=3, stderr=["in.csv:5:27: error: invalid value: overall 'XX'"], check=printed_only("C1")),

    # ---- 10: the header.  With two overall columns the last one won silently.
    Case("csv_overall_column_twice", 10, BOR, in_name="in.csv",
         input="case_id,treatment_start,date,overall,overall\nC1,2024-01-01,2024-02-01,PR,CR\n",
         exit=3, stderr=["in.csv:1:38: error: duplicate key: column 'overall' is named twice (also field 4)"],
         check=printed_nothing),
    Case("csv_case_id_column_twice", 10, BOR, in_name="in.csv",
         input="case_id,treatment_start,date,overall,case_id\nC1,2024-01-01,2024-02-01,PR,C2\n",
         exit=3, stderr=["in.csv:1:38: error: duplicate key: column 'case_id' is named twice (also field 1)"],
         check=printed_nothing),
    # Columns past the 32nd were not read ("column 'case_id'" missing).
    Case("csv_columns_past_the_32nd", 10, BOR, in_name="in.csv",
         input="x," * 40 + HEADER + "," * 40 + "C1,2024-01-01,2024-02-01,PR\n",
         exit=0, stdout=["C1,recist1.1,PR,"]),

    # ---- 10: rows out of line with the header, or without a sure subject.  Such a row may
    # belong to any subject, so none is scored.
    Case("csv_row_with_a_field_too_many", 10, BOR, in_name="in.csv",
         input="case_id,treatment_start,date,overall,note\n" + "C1,2024-01-01,2024-02-01,PR,big,irregular\n",
         exit=3, stderr=["in.csv:2:33: error: malformed CSV: row has 6 fields, the header 5"],
         check=printed_nothing),
    # "Fill down" layout: C1 was scored PR without its PD (reported, but printed).
    Case("csv_empty_case_id_row", 10, BOR, in_name="in.csv",
         input=HEADER + rows("C1", ["PR"]) + ",2024-01-01,2024-03-01,PD\n",
         exit=3, stderr=["in.csv:3:1: error: invalid value: empty case_id: the row belongs to no subject"],
         check=printed_nothing),
    # "C1 " was another subject than "C1": C1 was scored PR without its PD, exit 0.
    Case("csv_case_id_with_trailing_space", 10, BOR, in_name="in.csv",
         input=HEADER + rows("C1", ["PR"]) + "C1 ,2024-01-01,2024-03-01,PD\n",
         exit=3, stderr=["in.csv:3:1: error: invalid value: case_id 'C1 ' begins or ends with white space"],
         check=printed_nothing),
    # Empty spreadsheet rows (",,,") were rows with an empty case_id.
    Case("csv_empty_spreadsheet_rows_skipped", 10, BOR, in_name="in.csv",
         input="\ufeff" + (HEADER + ",,,\n" + rows("C1", ["PR", "PR"]) + ",,,\n\n").replace("\n", "\r\n"),
         exit=0, stdout=["C1,recist1.1,PR,2024-02-01,PR,2024-02-01,"]),
    # target_disease true on one row and false on another: the last row won.
    Case("csv_target_disease_true_and_false", 10, BOR, in_name="in.csv",
         input="case_id,treatment_start,date,overall,target_disease\n"
               "C1,2024-01-01,2024-03-01,SD,false\nC1,2024-01-01,2024-04-01,SD,true\n" +
               "C2,2024-01-01,2024-03-01,SD,\n",
         exit=3, stderr=["in.csv:3:29: error: conflicting keys: subject 'C1' has target_disease true and false"],
         check=printed_only("C2")),
]
