/*
 * test_plot.c - recist plot: the figures of fixtures/study checked for
 * their structure (panels, bars, lines, marks, reference lines) against
 * what recist summary and the plot's own tables count; SVG well-formed and
 * rendered by rsvg-convert; tables; errors; the public API.
 *
 * SPDX-License-Identifier: MIT
 *
 * The SVG marks what it draws with classes ("bar resp-PR", "mark
 * new-lesion", "ref pd") and each panel with <g class="panel">, so that
 * these tests read the figure, not its pixels.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recist/recist.h"
#include "util.h"

TestSuite(plot);

/* recist plot kind -f fmt -o - input, which must succeed: its output (malloc'd). */
static char *plot(const char *kind, const char *fmt, const char *input)
{
	const char *argv[] = { "recist", "plot", kind, "-f", fmt, "-o", "-", input, NULL };
	struct run r;
	char *out;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert_eq(r.status, 0, "plot %s -f %s %s: exit %d: %s", kind, fmt, input, r.status, r.err);
	out = r.out;
	r.out = NULL;
	run_free(&r);
	return out;
}

/* The panel whose heading is head ("HACE — RECIST 1.1"): a copy (malloc'd), or NULL. */
static char *panel(const char *svg, const char *head)
{
	char want[128];
	const char *p = svg;

	snprintf(want, sizeof want, "font-weight=\"bold\">%s</text>", head);
	while ((p = strstr(p, "<g class=\"panel\">")) != NULL) {
		const char *end = strstr(p, "</g>");

		cr_assert_not_null(end);
		if (strstr(p, want) != NULL && strstr(p, want) < end)
			return strndup(p, (size_t)(end - p));
		p = end;
	}
	return NULL;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what))
		n++;
	return n;
}

/* The number n of a CSV row of recist summary that starts with prefix ("best_overall,HACE,recist1.1,PR,"). */
static long summary_n(const char *csv, const char *prefix)
{
	char want[160];
	const char *p;

	snprintf(want, sizeof want, "\n%s", prefix);
	p = strstr(csv, want);
	cr_assert_not_null(p, "summary has no row %s", prefix);
	return strtol(p + strlen(want), NULL, 10);
}

static char *summary_csv(void)
{
	const char *argv[] = { "recist", "summary", "--format", "csv", "fixtures/study", NULL };
	struct run r;
	char *out;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	out = r.out;
	r.out = NULL;
	run_free(&r);
	return out;
}

/* The rows of a table (CSV with its header) whose text contains every one of the NULL-ended words. */
static size_t rows_with(const char *csv, const char *const *words)
{
	size_t n = 0;

	for (const char *p = strchr(csv, '\n'); p != NULL && p[1]; p = strchr(p + 1, '\n')) {
		const char *end = strchr(p + 1, '\n');
		char *line = strndup(p + 1, end ? (size_t)(end - p - 1) : strlen(p + 1));
		bool all = true;

		for (size_t i = 0; words[i] != NULL; i++)
			all = all && strstr(line, words[i]) != NULL;
		n += all;
		free(line);
	}
	return n;
}

/* script run by sh in a scratch directory with build/ and fixtures/, which must exit 0: its output (malloc'd). */
static char *sh_ok(const char *script)
{
	const char *links[] = { "build", "fixtures", NULL };
	char *dir = scratch_dir(links), *out;
	struct run r;

	cr_assert_eq(run_sh(&r, dir, script), 0);
	cr_expect_eq(r.status, 0, "exit %d: %s%s", r.status, r.out, r.err);
	out = r.out;
	r.out = NULL;
	run_free(&r);
	scratch_remove(dir);
	return out;
}

Test(plot, waterfall_bars_are_the_best_responses_summary_counts)
{
	static const struct { const char *head, *arm, *crit; } panels[] = {
		{ "HACE \xe2\x80\x94 RECIST 1.1", "HACE", "recist1.1" },
		{ "HACE \xe2\x80\x94 mRECIST", "HACE", "mrecist" },
		{ "SCT \xe2\x80\x94 RECIST 1.1", "SCT", "recist1.1" },
	};
	static const char *const resp[] = { "CR", "PR", "SD", "PD" };
	char *svg = plot("waterfall", "svg", "fixtures/study"), *sum = summary_csv();
	char *csv = plot("waterfall", "csv", "fixtures/study");

	for (size_t i = 0; i < sizeof panels / sizeof panels[0]; i++) {
		char *pn = panel(svg, panels[i].head), arm[32], crit[32], no_sum[40];
		const char *all[] = { arm, crit, NULL }, *without_sum[] = { arm, no_sum, NULL };
		size_t without;

		cr_assert_not_null(pn, "no panel %s", panels[i].head);
		snprintf(arm, sizeof arm, ",%s,", panels[i].arm);
		snprintf(crit, sizeof crit, ",%s,", panels[i].crit);
		snprintf(no_sum, sizeof no_sum, ",%s,,", panels[i].crit);
		without = rows_with(csv, without_sum);
		for (size_t k = 0; k < sizeof resp / sizeof resp[0]; k++) {
			char cls[64], row[96];

			snprintf(cls, sizeof cls, "class=\"bar resp-%s\"", resp[k]);
			snprintf(row, sizeof row, "best_overall,%s,%s,%s,", panels[i].arm, panels[i].crit, resp[k]);
			cr_expect_eq((long)count(pn, cls), summary_n(sum, row), "%s: %s bars", panels[i].head, resp[k]);
		}
		/* Every patient of the panel has a bar unless the table says it has no post-baseline sum. */
		cr_expect_eq(count(pn, "class=\"bar "), rows_with(csv, all) - without, "%s", panels[i].head);
		free(pn);
	}
	/* As recist(1) and the summary say: HACE by RECIST 1.1 has PR 8, SD 18, PD 14. */
	char *hace = panel(svg, panels[0].head);
	cr_expect_eq(count(hace, "bar resp-PR"), 8);
	cr_expect_eq(count(hace, "bar resp-SD"), 18);
	cr_expect_eq(count(hace, "bar resp-PD"), 14);
	free(hace);
	hace = panel(svg, "SCT \xe2\x80\x94 mRECIST");
	cr_assert_not_null(hace, "the rule set assessed HACE: its column stays, empty for SCT");
	cr_expect_not_null(strstr(hace, ">no patient assessed</text>"));
	cr_expect_eq(count(hace, "class=\"bar "), 0);
	free(hace);
	free(csv);
	free(sum);
	free(svg);
}

Test(plot, waterfall_marks_new_lesion_pd_and_the_flag)
{
	char *svg = plot("waterfall", "svg", "fixtures/study"), *sum = summary_csv();
	char *csv = plot("waterfall", "csv", "fixtures/study");
	char *hace = panel(svg, "HACE \xe2\x80\x94 RECIST 1.1"), *hm = panel(svg, "HACE \xe2\x80\x94 mRECIST");
	const char *nl[] = { ",HACE,recist1.1,", ",Y,", NULL };
	long flagged = summary_n(sum, "flag,HACE,,NEW_LESION_WITH_LOCAL_RESPONSE,");

	cr_assert_not_null(hace);
	cr_assert_not_null(hm);
	/* The seed study's six: a new lesion alone makes RECIST 1.1 call PD; the flag says the same. */
	cr_expect_eq(flagged, 6);
	cr_expect_eq(count(hace, "class=\"mark new-lesion\""), rows_with(csv, nl));
	cr_expect_eq(count(hace, "class=\"mark new-lesion\""), 6);
	cr_expect_eq((long)count(hace, "class=\"mark flag\""), flagged);
	cr_expect_eq((long)count(hm, "class=\"mark flag\""), flagged, "the flag is the patient's, in every panel");
	cr_expect_eq(count(hm, "class=\"mark new-lesion\""), 0);
	cr_expect_not_null(strstr(svg, "flagged: NEW_LESION_WITH_LOCAL_RESPONSE</text>"), "the legend explains it");
	free(hm);
	free(hace);
	free(csv);
	free(sum);
	free(svg);
}

/* The y of a tick label text (">label</text>") in a panel, less the 3 px the label sits below its line. */
static double tick_y(const char *pn, const char *label)
{
	char want[64];
	const char *p, *y;

	snprintf(want, sizeof want, ">%s</text>", label);
	cr_assert_not_null(p = strstr(pn, want), "no tick %s", label);
	while (p > pn && strncmp(p, "<text", 5) != 0)
		p--;
	cr_assert_not_null(y = strstr(p, " y=\""));
	return strtod(y + 4, NULL) - 3;
}

/* The y1 of the first line of class cls in a panel. */
static double line_y(const char *pn, const char *cls)
{
	const char *p = strstr(pn, cls), *y;

	cr_assert_not_null(p, "no %s", cls);
	while (p > pn && strncmp(p, "<line", 5) != 0)
		p--;
	cr_assert_not_null(y = strstr(p, " y1=\""));
	return strtod(y + 5, NULL);
}

Test(plot, reference_lines_are_drawn_at_the_params)
{
	char *svg = plot("waterfall", "svg", "fixtures/study");
	char *pn = panel(svg, "HACE \xe2\x80\x94 RECIST 1.1");
	double y0, y40, y20;

	cr_assert_not_null(pn);
	y0 = tick_y(pn, "0");
	y20 = tick_y(pn, "20");
	y40 = tick_y(pn, "\xe2\x88\x92" "40");
	cr_expect_float_eq(line_y(pn, "class=\"ref pd\""), y20, 0.11, "+20 %% at the tick 20");
	cr_expect_float_eq(line_y(pn, "class=\"ref pr\""), y0 + (y40 - y0) * 0.75, 0.11, "-30 %% three quarters to -40");
	cr_expect_not_null(strstr(pn, ">+20 %</text>"));
	cr_expect_not_null(strstr(pn, ">\xe2\x88\x92" "30 %</text>"));
	free(pn);
	free(svg);
}

Test(plot, reference_lines_follow_a_rule_file)
{
	char *out = sh_ok("build/recist rules show recist1.1 | sed 's/^  pd_increase_pct: 20 /  pd_increase_pct: 25 /'"
	                  " > my.yaml && build/recist batch -o s.jsonl fixtures/study 2>/dev/null &&"
	                  " build/recist plot waterfall --rules my.yaml -o - s.jsonl");

	cr_expect_not_null(strstr(out, ">+25 %</text>"), "the loaded rule set draws result lines' lines");
	cr_expect_not_null(strstr(out, ">+20 %</text>"), "mRECIST keeps its own");
	free(out);
}

/* Does the spider table have a row of patient id under rule set crit with OVR PD? */
static bool has_pd_row(const char *csv, const char *id, const char *crit)
{
	char row[64];

	snprintf(row, sizeof row, "\n%s,", id);
	for (const char *p = csv; (p = strstr(p, row)) != NULL; p++) {
		const char *end = strchr(p + 1, '\n');
		char *line = strndup(p + 1, end ? (size_t)(end - p - 1) : strlen(p + 1));
		bool pd = strstr(line, crit) != NULL && strlen(line) > 3 && strcmp(line + strlen(line) - 3, ",PD") == 0;

		free(line);
		if (pd)
			return true;
	}
	return false;
}

Test(plot, spider_has_a_line_per_patient_from_0_0_and_marks_pd)
{
	char *svg = plot("spider", "svg", "fixtures/study"), *csv = plot("spider", "csv", "fixtures/study");
	char *pn = panel(svg, "HACE \xe2\x80\x94 RECIST 1.1"), *sct = panel(svg, "SCT \xe2\x80\x94 RECIST 1.1");
	const char *axis_x = strstr(pn, "<line x1=\"");
	size_t with_pd = 0, lines = 0;
	double y0;

	cr_assert_not_null(pn);
	cr_assert_not_null(sct);
	cr_expect_eq(count(pn, "<polyline class=\"line "), 40);
	cr_expect_eq(count(sct, "<polyline class=\"line "), 36);
	/* Every line starts on the y axis (its first line element) at the tick 0. */
	y0 = tick_y(pn, "0");
	cr_assert_not_null(axis_x);
	for (const char *p = pn; (p = strstr(p, "points=\"")) != NULL; p++, lines++) {
		char *end;
		double x = strtod(p + 8, &end), y = strtod(end + 1, NULL);

		cr_expect_float_eq(x, strtod(axis_x + 10, NULL), 0.11, "line %zu starts at day 0", lines);
		cr_expect_float_eq(y, y0, 0.11, "line %zu starts at 0 %%", lines);
	}
	/* A PD mark per patient with a PD follow-up, as the table has them. */
	for (int i = 1; i <= 40; i++) {
		char id[32];

		snprintf(id, sizeof id, "HACE-%02d", i);
		with_pd += has_pd_row(csv, id, ",recist1.1,");
	}
	cr_expect_gt(with_pd, 0);
	cr_expect_eq(count(pn, "class=\"mark pd\""), with_pd);
	free(sct);
	free(pn);
	free(csv);
	free(svg);
}

Test(plot, swimmer_has_a_bar_per_patient_and_marks_deaths)
{
	char *svg = plot("swimmer", "svg", "fixtures/study"), *sum = summary_csv();
	static const struct { const char *head, *arm; long n; } panels[] = {
		{ "HACE \xe2\x80\x94 RECIST 1.1", "HACE", 40 },
		{ "SCT \xe2\x80\x94 RECIST 1.1", "SCT", 36 },
	};

	for (size_t i = 0; i < sizeof panels / sizeof panels[0]; i++) {
		char *pn = panel(svg, panels[i].head), row[64];
		long deaths;

		cr_assert_not_null(pn);
		snprintf(row, sizeof row, "overall_survival,%s,,events,", panels[i].arm);
		deaths = summary_n(sum, row);
		cr_expect_eq((long)count(pn, "class=\"bar "), panels[i].n);
		cr_expect_eq((long)count(pn, "class=\"mark death\""), deaths, "%s", panels[i].head);
		cr_expect_eq((long)count(pn, "class=\"mark ongoing\""), panels[i].n - deaths);
		free(pn);
	}
	free(sum);
	free(svg);
}

Test(plot, same_input_same_bytes_and_cases_as_their_result_lines)
{
	free(sh_ok("build/recist batch -o s.jsonl fixtures/study 2>/dev/null || exit 1\n"
	           "for k in waterfall spider swimmer; do\n"
	           "  build/recist plot $k -o a.svg fixtures/study && build/recist plot $k -o b.svg fixtures/study"
	           " && build/recist plot $k -o c.svg s.jsonl || exit 2\n"
	           "  cmp a.svg b.svg || exit 3\n  cmp a.svg c.svg || exit 4\ndone"));
}

Test(plot, svg_is_well_formed_and_renders)
{
	/* rsvg-convert comes with tools/deps.sh check (librsvg2-bin): its absence is a failure, not a skip. */
	free(sh_ok("command -v rsvg-convert || { echo 'rsvg-convert is missing: run sh tools/deps.sh check'; exit 1; }"));
	free(sh_ok("for k in waterfall spider swimmer; do\n"
	           "  build/recist plot $k -o $k.svg fixtures/study || exit 1\n"
	           "  if command -v xmllint >/dev/null; then xmllint --noout $k.svg || exit 2; fi\n"
	           "  rsvg-convert -o $k.png $k.svg || exit 3\n"
	           "  test -s $k.png || exit 4\n"
	           "  grep -q 'href=\"http\\|@import\\|<image\\|<style' $k.svg && exit 5\n"
	           "done; exit 0"));
}

Test(plot, tables_as_csv_and_json)
{
	char *wf = plot("waterfall", "csv", "fixtures/study"), *sp = plot("spider", "csv", "fixtures/study");
	char *sw = plot("swimmer", "csv", "fixtures/study"), *js = plot("waterfall", "json", "fixtures/study");

	cr_expect_eq(strncmp(wf, "USUBJID,ARM,CRITERIA,BEST_PCHG,BOR,CBOR,NEWLESION_PD_FLAG,N_POSTBASE\n", 68), 0);
	cr_expect_eq(strncmp(sp, "USUBJID,ARM,CRITERIA,ADY,SUMDIAM,PCHG,OVR\n", 42), 0);
	cr_expect_eq(strncmp(sw, "USUBJID,ARM,CRITERIA,START,END,ONGOING,TYPE,DAY\n", 48), 0);
	cr_expect_eq(count(wf, "\n"), 1 + 40 + 40 + 36, "a row per patient and rule set that assessed them");
	cr_expect_not_null(strstr(wf, "\nHACE-01,HACE,recist1.1,-42.04,PR,PR,N,5\n"), "%s", wf);
	cr_expect_not_null(strstr(sp, "\nHACE-01,HACE,recist1.1,0,28.3,0.00,\n"), "the baseline row first");
	cr_expect_eq(count(js, "{\"USUBJID\":"), 40 + 40 + 36);
	cr_expect_not_null(strstr(js, "{\"USUBJID\":\"HACE-01\",\"ARM\":\"HACE\",\"CRITERIA\":\"recist1.1\","
	                              "\"BEST_PCHG\":-42.04,\"BOR\":\"PR\",\"CBOR\":\"PR\",\"NEWLESION_PD_FLAG\":\"N\","
	                              "\"N_POSTBASE\":5}"), "%.400s", js);
	cr_expect_eq(js[0], '[');
	free(js);
	free(sw);
	free(sp);
	free(wf);
}

Test(plot, json_table_is_json)
{
	free(sh_ok("for k in waterfall spider swimmer; do build/recist plot $k -f json -o - fixtures/study |"
	           " python3 -c 'import json,sys; rows=json.load(sys.stdin); assert len(rows) > 100' || exit 1;"
	           " done"));
}

Test(plot, command_line_errors)
{
	static const struct { const char *argv[10]; int status; const char *says; } cases[] = {
		{ { "recist", "plot", "pie", "-o", "-", "fixtures/study", NULL }, 2, "unknown figure 'pie'" },
		{ { "recist", "plot", "waterfall", "fixtures/study", NULL }, 2, "no output" },
		{ { "recist", "plot", "-o", "-", NULL }, 2, "expected waterfall" },
		{ { "recist", "plot", "waterfall", "-o", "-", NULL }, 2, "no input" },
		{ { "recist", "plot", "waterfall", "--by", "site", "-o", "-", "fixtures/study", NULL }, 2, "--by" },
		{ { "recist", "plot", "waterfall", "-f", "png", "-o", "-", "fixtures/study", NULL }, 2, "unknown format" },
		{ { "recist", "plot", "waterfall", "-o", "-", "no/such/file.jsonl", NULL }, 5, "no/such/file.jsonl" },
		{ { "recist", "plot", "waterfall", "-o", "/no/such/dir/w.svg", "fixtures/study", NULL }, 5, "w.svg" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct run r;

		cr_assert_eq(run_recist(&r, cases[i].argv, NULL), 0);
		cr_expect_eq(r.status, cases[i].status, "case %zu: exit %d: %s", i, r.status, r.err);
		cr_expect_not_null(strstr(r.err, cases[i].says), "case %zu: %s", i, r.err);
		run_free(&r);
	}
}

Test(plot, help_lists_the_options)
{
	const char *argv[] = { "recist", "help", "plot", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0);
	cr_expect_not_null(strstr(r.out, "--mark-flag"));
	cr_expect_not_null(strstr(r.out, "--output"));
	run_free(&r);
}

/* ---- The public API ---------------------------------------------------- */

static const char *const lines[] = {
	"{\"format\":\"recist-result/1\",\"case_id\":\"A<1>\",\"arm\":\"A & B\",\"criteria\":{\"recist1.1\":{"
	"\"name\":\"RECIST 1.1\",\"baseline\":{\"date\":\"2024-01-01\",\"sum_mm\":50.0},\"timepoints\":["
	"{\"date\":\"2024-03-01\",\"sum_mm\":30.0,\"change_from_baseline_pct\":-40.0,\"target\":\"PR\","
	"\"non_target\":\"NON-CR/NON-PD\",\"new_lesions\":\"NO\",\"overall\":\"PR\"},"
	"{\"date\":\"2024-05-01\",\"sum_mm\":250.0,\"change_from_baseline_pct\":400.0,\"target\":\"PD\","
	"\"non_target\":\"NON-CR/NON-PD\",\"new_lesions\":\"NO\",\"overall\":\"PD\"},"
	"{\"date\":\"2024-07-01\",\"sum_mm\":20.0,\"change_from_baseline_pct\":-60.0,\"target\":\"PR\","
	"\"non_target\":\"NON-CR/NON-PD\",\"new_lesions\":\"NO\",\"overall\":\"PR\"}],"
	"\"best_overall\":{\"response\":\"PR\"},\"confirmed_best_overall\":{\"response\":\"SD\"},"
	"\"time_to_progression\":{\"start\":\"2024-01-01\",\"end\":\"2024-05-01\",\"days\":121,\"censored\":false}}},"
	"\"flags\":[],\"warnings\":[]}",
	"{\"format\":\"recist-result/1\",\"case_id\":\"A2\",\"arm\":\"A & B\",\"criteria\":{\"recist1.1\":{"
	"\"baseline\":{\"date\":\"2024-01-01\",\"sum_mm\":50.0},\"timepoints\":[],"
	"\"best_overall\":{\"response\":\"NE\"},\"confirmed_best_overall\":{\"response\":\"NE\"}}},"
	"\"flags\":[],\"warnings\":[]}",
	"{\"format\":\"recist-error/1\",\"case_id\":\"B2\"}",
};

static char *api_plot(recist_plot_kind kind, recist_plot_format fmt)
{
	const recist_ruleset *sets[1] = { NULL };
	recist_ruleset *rs = NULL;
	recist_plot_options o = RECIST_PLOT_OPTIONS_INIT;
	recist_plot *p = NULL;
	recist_buffer b = RECIST_BUFFER_INIT;
	char *out;

	cr_assert_eq(recist_ruleset_load_builtin(&rs, "recist1.1", NULL), 0);
	sets[0] = rs;
	o.kind = kind;
	o.sets = sets;
	o.n_sets = 1;
	cr_assert_eq(recist_plot_new(&p, &o), 0);
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		cr_assert_eq(recist_plot_add_json(p, lines[i], strlen(lines[i]), "r.jsonl", (unsigned)i + 1, NULL), 0,
		             "line %zu", i + 1);
	cr_assert_eq(recist_plot_write(&b, p, fmt), 0);
	out = strndup(b.ptr, b.len);
	recist_buffer_release(&b);
	recist_plot_free(p);
	recist_ruleset_free(rs);
	return out;
}

Test(plot, api_escapes_caps_and_counts_who_is_left_out)
{
	char *svg = api_plot(RECIST_PLOT_WATERFALL, RECIST_PLOT_SVG);

	cr_expect_not_null(strstr(svg, ">A &amp; B \xe2\x80\x94 RECIST 1.1</text>"), "%s", svg);
	cr_expect_not_null(strstr(svg, ">A&lt;1&gt;</text>"));
	cr_expect_null(strstr(svg, "A<1>"));
	cr_expect_eq(count(svg, "class=\"bar "), 1, "A2 has no follow-up sum");
	cr_expect_not_null(strstr(svg, "1 patient without a post-baseline target sum is not shown."));
	cr_expect_not_null(strstr(svg, "1 error record of recist batch (rejected cases) not drawn."));
	cr_expect_eq(count(svg, "class=\"mark cut\""), 0, "the best change is -40 %%, not +400 %%");
	free(svg);
	/* -60 % comes after the PD: it no longer counts for the best response, nor for its bar. */
	svg = api_plot(RECIST_PLOT_WATERFALL, RECIST_PLOT_CSV);
	cr_expect_not_null(strstr(svg, "\nA<1>,A & B,recist1.1,-40.00,PR,SD,N,3\n"), "%s", svg);
	free(svg);
	svg = api_plot(RECIST_PLOT_SPIDER, RECIST_PLOT_SVG);
	cr_expect_not_null(strstr(svg, "Changes above +100 % are drawn at +100 %."), "%s", svg);
	free(svg);
}

Test(plot, api_refuses_what_it_cannot_draw)
{
	recist_plot_options o = RECIST_PLOT_OPTIONS_INIT;
	recist_plot *p = NULL;
	recist_buffer b = RECIST_BUFFER_INIT;
	struct diag_capture cap;

	o.kind = (recist_plot_kind)9;
	cr_expect_eq(recist_plot_new(&p, &o), RECIST_EINVALID);
	cr_expect_null(p);
	o.kind = RECIST_PLOT_SWIMMER;
	o.by = "site";
	cr_expect_eq(recist_plot_new(&p, &o), RECIST_EINVALID);
	o.by = "none";
	cr_assert_eq(recist_plot_new(&p, &o), 0);
	diag_capture_init(&cap);
	cr_expect_eq(recist_plot_add_json(p, "{nope", 5, "r.jsonl", 7, &cap.sink), RECIST_EPARSE);
	cr_expect_eq(cap.first_line, 7);
	cr_expect_eq(recist_plot_write(&b, p, (recist_plot_format)7), RECIST_EINVALID);
	cr_expect_eq(recist_plot_write(&b, p, RECIST_PLOT_SVG), 0, "an empty plot is a figure too");
	recist_buffer_release(&b);
	recist_plot_free(p);
	recist_plot_free(NULL);
}

Test(plot, options_pick_rule_sets_groups_and_the_flag)
{
	char *out = sh_ok("build/recist batch -o s.jsonl fixtures/study 2>/dev/null || exit 1\n"
	                  "build/recist plot waterfall --criteria mrecist --by none --mark-flag '' -o - - < s.jsonl");

	cr_expect_eq(count(out, "<g class=\"panel\">"), 1, "one rule set, one group");
	cr_expect_not_null(strstr(out, ">All patients \xe2\x80\x94 mRECIST</text>"));
	cr_expect_not_null(strstr(out, ">40 patients</text>"), "mRECIST assessed the HACE arm alone");
	cr_expect_eq(count(out, "class=\"mark flag\""), 0, "--mark-flag '' marks none");
	free(out);
}

/* By default the flags of the flag file are marked; --mark-flag takes a list, and a code nobody has marks none. */
Test(plot, mark_flag_takes_a_list_of_codes)
{
	char *out = sh_ok("build/recist batch -o s.jsonl fixtures/study 2>/dev/null || exit 1\n"
	                  "build/recist plot waterfall --criteria recist1.1 -o a.svg s.jsonl || exit 1\n"
	                  "build/recist plot waterfall --criteria recist1.1 --mark-flag OTHER,NEW_LESION_WITH_LOCAL_RESPONSE "
	                  "-o b.svg s.jsonl || exit 1\n"
	                  "build/recist plot waterfall --criteria recist1.1 --mark-flag OTHER -o c.svg s.jsonl || exit 1\n"
	                  "for f in a b c; do printf '%s ' $(grep -o 'class=\"mark flag\"' $f.svg | wc -l); done");

	cr_expect_str_eq(out, "6 6 0 ", "flag marks: default, a list with the code, another code");
	free(out);
}

/* iRECIST's best responses are drawn and named in its terms, its iUPD and iCPD as progression. */
Test(plot, irecist_in_its_terms)
{
	char *out = sh_ok("cat >c.json <<'END'\n"
	                  "{\"case_id\": \"i\", \"lesions\": [{\"id\": \"T1\", \"organ\": \"lung\", \"role\": \"target\"}],"
	                  " \"assessments\": [{\"date\": \"2024-01-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 30}}},"
	                  " {\"date\": \"2024-02-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 40}}},"
	                  " {\"date\": \"2024-03-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 20}}}]}\n"
	                  "END\n"
	                  "build/recist plot spider --criteria recist1.1,irecist -o - c.json");

	/* RECIST 1.1: PD at 40 mm; iRECIST: iUPD there, set aside by the iPR at 20 mm. */
	cr_expect_eq(count(out, "class=\"line resp-PD\""), 1, "%s", out);
	cr_expect_eq(count(out, "class=\"line resp-iPR\""), 1, "%s", out);
	cr_expect_not_null(strstr(out, ">iPR</text>"), "the legend names iPR");
	cr_expect_eq(count(out, "class=\"mark pd\""), 2, "the first PD, and iRECIST's iUPD");
	free(out);
}
