#!/bin/sh
# demo.sh - what `make demo` shows a newcomer, from the seed study
# (Stukalova et al. 2024; fixtures/study, written by tools/study.py): one
# patient's report with the pattern the study is about, the cohort's table
# as recist summary prints it, and its figures (waterfall, spider,
# swimmer) as SVG files in BUILD/demo.
#
# usage: tools/demo.sh BUILD   (BUILD holds the recist just built)
#
# SPDX-License-Identifier: MIT
set -eu
b=${1:-build}
recist=$b/recist
patient=fixtures/study/HACE-27.json

cat <<END
== 1. One patient of the seed study: $patient
   Chemoembolisation (HACE) of colorectal liver metastases.  A new lesion
   appears while the treated foci shrink: RECIST 1.1 calls progression,
   mRECIST (the viable, enhancing tumour) a partial response, and the
   "!!" lines flag the pattern.

END
"$recist" evaluate "$patient"

cat <<END

== 2. The study's cohort: 76 patients, HACE 40 and systemic chemotherapy
   (SCT) 36 (fixtures/study), scored and summarised by
   recist summary fixtures/study

END
"$recist" summary fixtures/study

figures=$b/demo
mkdir -p "$figures"
for figure in waterfall spider swimmer; do
	"$recist" plot "$figure" -o "$figures/$figure.svg" fixtures/study
done
cat <<END

== 3. The study's figures, RECIST 1.1 and mRECIST side by side per arm
   (recist plot waterfall|spider|swimmer -o FILE.svg fixtures/study):
   $figures/waterfall.svg  best change of the target sum, a bar per patient
   $figures/spider.svg     the change over time, a line per patient
   $figures/swimmer.svg    follow-up, response, progression and death
   Open them in a web browser.
END
