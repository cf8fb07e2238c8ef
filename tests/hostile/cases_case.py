"""Hostile case documents (recist-case/1) for run.py: the case reader, the engine and the
writers (issue 11 classes 2, 4, 9, 11 and 12)."""
import json
import os
import re

from run import Case


def case(case_id="C1", **extra):
    """A small valid case with one follow-up; extra keys are added to it."""
    d = {"case_id": case_id, "lesions": [{"id": "T1", "organ": "liver", "role": "target"}],
         "assessments": [{"date": "2024-01-01", "lesions": {"T1": {"diameter_mm": 20}}},
                         {"date": "2024-03-01", "lesions": {"T1": {"diameter_mm": 12}}}]}
    d.update(extra)
    return json.dumps(d)


def big_case(n_lesions, n_assessments=2, n_new=0, keys=0):
    """n_lesions targets measured at every assessment, n_new new lesions at the last,
    and an ignored object of `keys` keys."""
    parts = ['{"case_id": "big", "lesions": [',
             ", ".join('{"id": "L%d", "organ": "o%d", "role": "target"}' % (k, k % 7)
                       for k in range(n_lesions)),
             '], "assessments": [']
    for a in range(n_assessments):
        parts.append("%s{\"date\": \"%04d-01-01\", \"lesions\": {" % (", " if a else "", 2000 + a))
        parts.append(", ".join('"L%d": {"diameter_mm": %d}' % (k, 10 + a) for k in range(n_lesions)))
        parts.append("}")
        if n_new and a == n_assessments - 1:
            parts.append(', "new_lesions": [' + ", ".join('{"id": "X%d", "diameter_mm": 5}' % k
                                                          for k in range(n_new)) + "]")
        parts.append("}")
    parts.append("]")
    if keys:
        parts.append(', "x": {' + ", ".join('"k%d": %d' % (k, k) for k in range(keys)) + "}")
    parts.append("}\n")
    return "".join(parts)


def utf8_only(*streams):
    """check: the named outputs are valid UTF-8 (a strict JSON reader takes every line)."""
    def check(d, result):
        status, out, err = result
        for name in streams:
            data = {"stdout": out, "stderr": err}[name]
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as e:
                return "%s is not UTF-8: %s" % (name, e)
            if name == "stdout":
                for line in data.splitlines():
                    try:
                        json.loads(line)
                    except ValueError as e:
                        return "stdout line is not JSON: %s" % e
        return None
    return check


def no_control_bytes(d, result):
    """check: the text report holds no control byte but its line ends."""
    status, out, err = result
    bad = [c for c in out if c < 0x20 and c != 0x0A or c == 0x7F]
    return "report holds control bytes %r" % bytes(bad[:8]) if bad else None


def two_records(first, second):
    return (first + "\n" + second + "\n").encode("utf-8")


CASES = [
    # Class 1 (handled before issue 11): deep JSON is refused with a position.
    Case("case_json_nesting_100000_deep", 1, ["evaluate", "$IN"],
         input=lambda: '{"case_id": "C1", "x": ' + "[" * 100000 + "]" * 100000 + "}",
         exit=3, stderr=["in:1:"]),

    # Class 2: work per item is linear.  Keys of an ignored object, lesions, new lesions.
    Case("case_100000_keys_in_an_ignored_object", 2, ["evaluate", "--format", "json", "$IN"],
         input=lambda: big_case(1, keys=100000), exit=0, timeout=5,
         stderr=["unknown key ignored"]),
    Case("case_duplicate_among_100000_keys", 2, ["evaluate", "$IN"],
         input=lambda: big_case(1, keys=100000).replace('"k99999"', '"k5"'), exit=3, timeout=5,
         stderr=["x.k5", "duplicate key"]),
    Case("case_20000_lesions_scored", 2, ["evaluate", "--format", "json", "$IN"],
         input=lambda: big_case(20000), exit=0, timeout=5, stdout=['"case_id":"big"']),
    Case("case_20000_new_lesions_scored", 2, ["evaluate", "--format", "json", "$IN"],
         input=lambda: big_case(1, n_new=20000), exit=0, timeout=5, stdout=['"new_lesions":"YES"']),
    Case("case_1000000_keys_in_an_ignored_object", 2, ["evaluate", "--format", "json", "$IN"],
         input=lambda: big_case(1, keys=1000000), exit=0, timeout=10, huge=True),
    Case("case_100000_lesions_scored", 2, ["evaluate", "--format", "json", "$IN"],
         input=lambda: big_case(100000), exit=0, timeout=10, huge=True, stdout=['"case_id":"big"']),
    Case("case_100001_lesions_refused", 2, ["evaluate", "$IN"],
         input=lambda: big_case(100001, n_assessments=1), exit=3, timeout=10, huge=True,
         stderr=["lesions: case too large: 100001 lesions; at most 100000 are read"]),
    Case("case_1000000_lesions_refused", 2, ["evaluate", "$IN"],
         input=lambda: big_case(1000000, n_assessments=1), exit=3, timeout=10, huge=True,
         stderr=["case too large: 1000000 lesions"]),
    Case("case_100000_new_lesions_scored", 2, ["evaluate", "--format", "json", "$IN"],
         input=lambda: big_case(1, n_new=100000), exit=0, timeout=10, huge=True),
    Case("case_1001_assessments_refused", 2, ["evaluate", "$IN"],
         input=lambda: big_case(1, n_assessments=1001), exit=3,
         stderr=["assessments: case too large: 1001 assessments; at most 1000 are read"]),
    Case("case_lesions_times_assessments_refused", 2, ["evaluate", "$IN"],
         input=lambda: big_case(10001, n_assessments=1)[:-3] + "".join(
             ', {"date": "%04d-01-01"}' % (2001 + a) for a in range(999)) + "]}\n",
         exit=3, timeout=10,
         stderr=["10001 lesions at 1000 assessments; their product may be at most 10000000"]),

    # Class 4: a NUL cuts nothing short; ids that differ after one are not merged.
    Case("case_nul_escape_in_case_id", 4, ["evaluate", "$IN"],
         input=case("C1\u0000X"), exit=3, stderr=["in:1:16: error: not valid text: a NUL character"]),
    Case("case_raw_nul_in_a_string", 4, ["evaluate", "$IN"],
         input=lambda: case("C1@X").replace("@", "\0"), exit=3, stderr=["not valid text: a NUL byte"]),
    Case("case_ids_differing_after_nul_not_merged", 4, ["batch", "--jobs", "1", "$IN"],
         input=two_records(case("C1\u0000X"), case("C1\u0000Y")), exit=0,
         stdout=[re.compile(r'"recist-error/1".*not valid text(.|\n)*"recist-error/1".*not valid text')],
         check=utf8_only("stdout")),
    Case("case_nul_line_between_documents", 11, ["evaluate", "--format", "json", "--criteria", "recist1.1", "$IN"],
         input=lambda: (case("C1") + "\n").encode() + b"\0\0\0\n" + (case("C2") + "\n").encode(), exit=3,
         stderr=["in:2:1: error: not valid text: a NUL byte"],
         stdout=['"case_id":"C1"', '"case_id":"C2"']),

    # Class 9: text is UTF-8 where it is read; JSON output always UTF-8; no control bytes in the report.
    Case("case_invalid_utf8_in_an_id", 9, ["evaluate", "$IN"],
         input=lambda: case("C1@").encode().replace(b"@", b"\xff\xfe"), exit=3,
         stderr=["in:1:16: error: not valid text: bytes that are not UTF-8"]),
    Case("case_overlong_utf8_in_a_note", 9, ["evaluate", "$IN"],
         input=lambda: case(note="@").encode().replace(b"@", b"\xc0\xaf"), exit=3,
         stderr=["bytes that are not UTF-8"]),
    Case("case_invalid_utf8_gives_a_utf8_error_record", 9, ["batch", "--jobs", "1", "$IN"],
         input=lambda: (case("C@").encode().replace(b"@", b"\xff") + b"\n"), exit=0,
         stdout=['"recist-error/1"'], check=utf8_only("stdout")),
    Case("case_utf8_text_is_kept", 9, ["evaluate", "--format", "json", "$IN"],
         input=case("Пациент №1 €"), exit=0, stdout=['"case_id":"Пациент №1 €"'],
         check=utf8_only("stdout")),
    Case("case_control_bytes_do_not_reach_the_report", 9, ["evaluate", "$IN"],
         input=case("C1\nFAKE LINE\u001b[31m\u0007"), exit=0, stdout=["Case C1?FAKE LINE?[31m?"],
         check=no_control_bytes),

    # Class 11: numbers outside the JSON grammar; a finite number too large to be a length.
    Case("case_number_with_a_leading_zero", 11, ["evaluate", "$IN"],
         input=lambda: case().replace('"diameter_mm": 12', '"diameter_mm": 028.4'), exit=3,
         stderr=["malformed JSON: '028.4' is not a JSON number"]),
    Case("case_number_ending_in_a_dot", 11, ["evaluate", "$IN"],
         input=lambda: case().replace('"diameter_mm": 12', '"diameter_mm": 28.'), exit=3,
         stderr=["malformed JSON: '28.' is not a JSON number"]),
    Case("case_401_digit_number_is_too_large_not_infinite", 11, ["evaluate", "$IN"],
         input=lambda: case().replace('"diameter_mm": 12', '"diameter_mm": 1' + "0" * 400), exit=3,
         stderr=["expected a number <= 10000"]),
]
