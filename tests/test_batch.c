/*
 * test_batch.c - recist batch: one output record per input case, in input
 * order whatever the number of threads; bad records reported in place and
 * the rest scored; directories; -o replaced only on success; shards.
 * (Speed is measured by `make bench`, never here.)
 *
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

TestSuite(batch);

static const char *const cases[] = {
	"fixtures/recist1.1/pr_exact_minus30pct_23_0_to_16_1.json",
	"fixtures/recist1.1/new_lesion_pd.json",
	"fixtures/mrecist/flag_fires_seed_study_hace_five_liver_foci_new_lung_lesion.json",
	"fixtures/recist1.1/nontarget_only_cr.json",
	"fixtures/examples/hace_new_lesion.json",
};
#define N_CASES (sizeof cases / sizeof cases[0])

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The n-th line (0-based) of s, copied into out. */
static void nth_line(const char *s, int n, char *out, size_t size)
{
	while (n-- > 0 && (s = strchr(s, '\n')) != NULL)
		s++;
	cr_assert_not_null(s);
	size_t len = strcspn(s, "\n");
	snprintf(out, size, "%.*s", (int)(len < size ? len : size - 1), s);
}

/*
 * A JSON Lines file of 'copies' rounds of the cases, with bad records
 * between them: malformed JSON, a schema error, an empty line and a line
 * of 10 MB.  Returns the number of records.
 */
static int write_mixed(const char *path, int copies)
{
	FILE *fp = fopen(path, "w");
	int n = 0;

	cr_assert_not_null(fp);
	for (int k = 0; k < copies; k++) {
		for (size_t i = 0; i < N_CASES; i++, n++) {
			char *line = one_line(cases[i], NULL);
			fprintf(fp, "%s\n", line);
			free(line);
		}
		if (k == 0) {
			fprintf(fp, "{\"case_id\": \"broken\", \"lesions\": [\n");               /* malformed */
			fprintf(fp, "{\"case_id\": \"no-assessments\", \"lesions\": []}\n");     /* schema */
			fprintf(fp, "\n");                                                      /* empty */
			fputs("{\"case_id\": \"huge\", \"note\": \"", fp);                      /* 10 MB */
			for (int j = 0; j < 10 * 1024 * 1024 / 64; j++)
				fputs("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", fp);
			fputs("\"}\n", fp);
			n += 4;
		}
	}
	cr_assert_eq(fclose(fp), 0);
	return n;
}

/*
 * A batch that completed exits 0 with rejected records, each in the output
 * (so that a scheduler does not retry a completed task); --max-rejects N
 * makes it exit 3 when more than N were rejected.  write_mixed's input has
 * 4 bad records, the empty line among them.
 */
Test(batch, rejects_exit_0_unless_more_than_max_rejects)
{
	static const struct { const char *max; int status; } runs[] = {
		{ NULL, 0 }, { "0", 3 }, { "3", 3 }, { "4", 0 }, { "2000000000", 0 },
	};
	char path[] = "/tmp/recist-batch-XXXXXX";
	int fd = mkstemp(path), n;
	struct run r;

	close(fd);
	n = write_mixed(path, 1);
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		const char *with[] = { "recist", "batch", "--jobs", "2", "--max-rejects", runs[i].max, path, NULL };
		const char *without[] = { "recist", "batch", "--jobs", "2", path, NULL };
		cr_assert_eq(run_recist(&r, runs[i].max ? with : without, NULL), 0);
		cr_expect_eq(r.status, runs[i].status, "--max-rejects %s: %s", runs[i].max ? runs[i].max : "(none)", r.err);
		cr_expect_eq(count_lines(r.out), n, "--max-rejects %s: every record is in the output", runs[i].max);
		cr_expect_not_null(strstr(r.err, "4 rejected"), "the summary counts them: %s", r.err);
		cr_expect_eq(strstr(r.err, "(--max-rejects ") != NULL, runs[i].status == 3, "why 3 is said: %s", r.err);
		run_free(&r);
	}
	for (size_t i = 0; i < 3; i++) {
		static const char *const bad[] = { "-1", "x", "2000000001" };
		const char *argv[] = { "recist", "batch", "--max-rejects", bad[i], path, NULL };
		cr_assert_eq(run_recist(&r, argv, NULL), 0);
		cr_expect_eq(r.status, 2, "--max-rejects %s is a usage error: %s", bad[i], r.err);
		cr_expect_not_null(strstr(r.err, "--max-rejects"), "%s", r.err);
		run_free(&r);
	}
	unlink(path);
}

Test(batch, bad_records_are_reported_in_place_and_the_rest_scored)
{
	char path[] = "/tmp/recist-batch-XXXXXX", line[512];
	int fd = mkstemp(path), n;
	struct run r;

	close(fd);
	n = write_mixed(path, 1);
	const char *argv[] = { "recist", "batch", "--jobs", "2", path, NULL };
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "complete, rejected records in place (recist(1), EXIT STATUS): %s", r.err);
	cr_assert_eq(count_lines(r.out), n, "one output record per input record");
	for (int i = 0; i < (int)N_CASES; i++) {
		nth_line(r.out, i, line, sizeof line);
		cr_expect(strncmp(line, "{\"format\":\"recist-result/1\"", 27) == 0, "record %d: %s", i, line);
	}
	static const char *const codes[] = { "CASE_JSON_SYNTAX", "CASE_MISSING_KEY", "CASE_EMPTY", "CASE_MISSING_KEY" };
	for (int i = 0; i < 4; i++) {
		char want[128];
		nth_line(r.out, (int)N_CASES + i, line, sizeof line);
		snprintf(want, sizeof want, "\"source\":\"%s:%d\"", path, (int)N_CASES + i + 1);
		cr_expect(strstr(line, "{\"format\":\"recist-error/1\"") == line, "record %d: %s", i, line);
		cr_expect(strstr(line, want) != NULL, "record %zu names its line: %s", N_CASES + i, line);
		cr_expect(strstr(line, codes[i]) != NULL, "record %zu: %s", N_CASES + i, line);
	}
	cr_expect(strstr(r.err, "4 rejected") != NULL, "%s", r.err);
	run_free(&r);
	unlink(path);
}

/*
 * An error record names the case_id even when the line is malformed JSON,
 * as far as it can be read in the text: the string after the first
 * "case_id" key, escapes and all; null when there is none, or it is not a
 * plain string.  In CSV too.
 */
Test(batch, an_error_record_names_the_case_id_a_broken_line_shows)
{
	static const struct { const char *line, *json, *csv; } rows[] = {
		{ "{\"case_id\": \"broken\", \"lesions\": [", "\"case_id\":\"broken\"", "broken,ERROR," },
		{ "{\"lesions\": [], \"case_id\" :\t\"P\\\"7\\u00e9\\/x\", \"assessments\": {", "\"case_id\":\"P\\\"7\u00e9/x\"",
		  "\"P\"\"7\u00e9/x\",ERROR," },
		{ "{\"case_id\": 12, \"note\": \"case_id\"", "\"case_id\":null", "\n,ERROR," },
		{ "{\"case_id\": \"line\\nbreak\", [", "\"case_id\":null", "\n,ERROR," },
		{ "{\"lesions\": [", "\"case_id\":null", "\n,ERROR," },
	};
	char path[] = "/tmp/recist-batch-XXXXXX", line[512];
	int fd = mkstemp(path);
	struct run r;

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		cr_assert(write(fd, rows[i].line, strlen(rows[i].line)) > 0 && write(fd, "\n", 1) == 1);
	close(fd);
	const char *json[] = { "recist", "batch", path, NULL }, *csv[] = { "recist", "batch", "--format", "csv", path, NULL };
	cr_assert_eq(run_recist(&r, json, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		nth_line(r.out, (int)i, line, sizeof line);
		cr_expect(strstr(line, "\"format\":\"recist-error/1\"") != NULL, "record %zu: %s", i, line);
		cr_expect(strstr(line, rows[i].json) != NULL, "record %zu: no %s in %s", i, rows[i].json, line);
	}
	run_free(&r);
	cr_assert_eq(run_recist(&r, csv, NULL), 0);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char text[sizeof line + 1];
		nth_line(r.out, (int)i + 1, line, sizeof line);
		snprintf(text, sizeof text, "\n%s", line);
		cr_expect(strstr(text, rows[i].csv) == text + (rows[i].csv[0] == '\n' ? 0 : 1), "row %zu: %s", i, line);
	}
	run_free(&r);
	unlink(path);
}

Test(batch, output_is_the_same_for_one_and_four_jobs_and_in_input_order)
{
	char path[] = "/tmp/recist-batch-XXXXXX";
	int fd = mkstemp(path);
	struct run one, four;

	close(fd);
	write_mixed(path, 60);  /* more records than one window of four jobs */
	const char *a1[] = { "recist", "batch", "--jobs", "1", path, NULL };
	const char *a4[] = { "recist", "batch", "--jobs", "4", path, NULL };
	cr_assert_eq(run_recist(&one, a1, NULL), 0);
	cr_assert_eq(run_recist(&four, a4, NULL), 0);
	cr_expect_eq(count_lines(one.out), 60 * (int)N_CASES + 4);
	cr_expect(strcmp(one.out, four.out) == 0, "--jobs 1 and --jobs 4 differ");
	/* Input order: the case ids come back in the order of the file. */
	const char *p = one.out;
	for (int k = 0; k < 3; k++) {
		for (size_t i = 0; i < N_CASES; i++) {
			char id[128];
			char *text = read_file(cases[i], NULL), *c = strstr(text, "\"case_id\"");
			cr_assert_not_null(c);
			sscanf(strchr(c + 9, '"'), "\"%127[^\"]", id);
			char want[160];
			snprintf(want, sizeof want, "\"case_id\":\"%s\"", id);
			p = strstr(p, want);
			cr_expect_not_null(p, "case %s out of order", id);
			if (p == NULL)
				break;
			p++;
			free(text);
		}
	}
	run_free(&one);
	run_free(&four);
	unlink(path);
}

/* How many files in dir end with ext. */
static size_t count_files(const char *dir, const char *ext)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0, elen = strlen(ext);

	cr_assert_not_null(d, "%s", dir);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		n += len > elen && strcmp(e->d_name + len - elen, ext) == 0;
	}
	closedir(d);
	return n;
}

Test(batch, scores_a_directory_of_case_files_in_sorted_order)
{
	const char *argv[] = { "recist", "batch", "--jobs", "2", "--criteria", "recist1.1", "fixtures/recist1.1", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	/* One record per case file; each equals evaluate's on the same file. */
	cr_expect_eq((size_t)count_lines(r.out), count_files("fixtures/recist1.1", ".json"));
	const char *ev[] = { "recist", "evaluate", "--format", "json", "--criteria", "recist1.1",
	                     "fixtures/recist1.1/assessment_with_nothing_evaluated_ne.json", NULL };
	struct run e;
	cr_assert_eq(run_recist(&e, ev, NULL), 0);
	cr_expect(strncmp(r.out, e.out, strlen(e.out)) == 0, "the first file (sorted) comes first, as evaluate scores it");
	run_free(&e);
	run_free(&r);
}

Test(batch, output_file_is_replaced_only_when_the_batch_completes)
{
	char dir[] = "/tmp/recist-batch-dir-XXXXXX", out[128], in[128];
	struct run r;
	char *before;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(out, sizeof out, "%s/out.jsonl", dir);
	snprintf(in, sizeof in, "%s/in.jsonl", dir);
	FILE *fp = fopen(out, "w");
	fputs("earlier results\n", fp);
	fclose(fp);
	fp = fopen(in, "w");
	char *line = one_line(cases[0], NULL);
	fprintf(fp, "%s\n", line);
	free(line);
	fclose(fp);
	/* A run that fails (an unreadable input) leaves the earlier file. */
	const char *failing[] = { "recist", "batch", "-o", out, in, "/nonexistent/input.jsonl", NULL };
	cr_assert_eq(run_recist(&r, failing, NULL), 0);
	cr_expect_eq(r.status, 5, "%s", r.err);
	before = read_file(out, NULL);
	cr_expect_str_eq(before, "earlier results\n");
	cr_expect(strstr(r.err, "left as it was") != NULL, "%s", r.err);
	free(before);
	run_free(&r);
	/* No temporary file is left behind. */
	const char *ls[] = { "recist", "batch", "-o", out, in, NULL };
	cr_assert_eq(run_recist(&r, ls, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	before = read_file(out, NULL);
	cr_expect(strncmp(before, "{\"format\":\"recist-result/1\"", 27) == 0, "replaced on success: %s", before);
	cr_expect_str_eq(r.out, "", "-o: nothing on standard output");
	free(before);
	run_free(&r);
	char probe[160];
	snprintf(probe, sizeof probe, "ls %s | grep -c tmp >/dev/null", dir);
	cr_expect_neq(system(probe), 0, "a temporary file was left in %s", dir);
	unlink(out);
	unlink(in);
	rmdir(dir);
}

Test(batch, shards_partition_the_cases)
{
	char path[] = "/tmp/recist-batch-XXXXXX";
	int fd = mkstemp(path), total = 0;
	struct run all;

	close(fd);
	write_mixed(path, 3);
	const char *a[] = { "recist", "batch", "--jobs", "2", path, NULL };
	cr_assert_eq(run_recist(&all, a, NULL), 0);
	for (int i = 1; i <= 3; i++) {
		char shard[16];
		struct run r;
		snprintf(shard, sizeof shard, "%d/3", i);
		const char *argv[] = { "recist", "batch", "--shard", shard, path, NULL };
		cr_assert_eq(run_recist(&r, argv, NULL), 0);
		total += count_lines(r.out);
		/* Every record of a shard is a record of the whole run. */
		for (char *save = NULL, *l = strtok_r(r.out, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			cr_expect(strstr(all.out, l) != NULL, "shard %s record not in the full run", shard);
		run_free(&r);
	}
	cr_expect_eq(total, count_lines(all.out), "the shards together hold every record once");
	run_free(&all);
	unlink(path);
}

Test(batch, usage_errors_exit_2)
{
	static const char *const bad[][6] = {
		{ "recist", "batch", NULL },
		{ "recist", "batch", "--shard", "0/3", "x.jsonl", NULL },
		{ "recist", "batch", "--shard", "4/3", "x.jsonl", NULL },
		{ "recist", "batch", "--jobs", "0", "x.jsonl", NULL },
		{ "recist", "batch", "--format", "text", "x.jsonl", NULL },
		/* Numbers are decimal digits alone: no sign, space or overflow. */
		{ "recist", "batch", "--shard", "-1/-1", "x.jsonl", NULL },
		{ "recist", "batch", "--shard", "-3/-2", "x.jsonl", NULL },
		{ "recist", "batch", "--shard", "1/4294967297", "x.jsonl", NULL },
		{ "recist", "batch", "--shard", " 1/ 2", "x.jsonl", NULL },
		{ "recist", "batch", "--shard", "1/1000001", "x.jsonl", NULL },
		{ "recist", "batch", "--shard", "1/2/3", "x.jsonl", NULL },
		{ "recist", "batch", "--shard", "1/", "x.jsonl", NULL },
		{ "recist", "batch", "--jobs", "+2", "x.jsonl", NULL },
		{ "recist", "batch", "--jobs", "2 ", "x.jsonl", NULL },
		{ "recist", "batch", "--jobs", "99999999999999999999", "x.jsonl", NULL },
	};
	struct run r;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_assert_eq(run_recist(&r, (const char *const *)bad[i], NULL), 0);
		cr_expect_eq(r.status, 2, "case %zu: exit %d", i, r.status);
		/* A bad number's message names the option and the value. */
		if (bad[i][2] != NULL && (strcmp(bad[i][2], "--shard") == 0 || strcmp(bad[i][2], "--jobs") == 0))
			cr_expect(strstr(r.err, bad[i][2]) && strstr(r.err, bad[i][3]), "case %zu: %s", i, r.err);
		run_free(&r);
	}
}

Test(batch, the_largest_shard_count_is_accepted)
{
	const char *argv[] = { "recist", "batch", "--shard", "1000000/1000000", cases[0], NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_free(&r);
}

/*
 * Signals.  recist batch ARGS reads a FIFO that a writer fills with n
 * copies of a case, one per line, and then holds open, so that the batch
 * is always waiting for more input when SIGTERM comes, whatever the speed.
 * The signal is sent once the writer is done and the shell condition
 * 'ready' holds (run in the directory), then a second to settle.  All
 * happens in a fresh directory DIR (sig_run_init): the FIFO is
 * DIR/in.jsonl; standard output and error go to DIR/stdout and DIR/err.
 * Returns the exit status.
 */
struct sig_run {
	char dir[32];
	char out[64];   /* DIR/stdout */
	char err[64];   /* DIR/err */
};

static void sig_run_init(struct sig_run *r)
{
	char fifo[64];

	snprintf(r->dir, sizeof r->dir, "/tmp/recist-batch-sig-XXXXXX");
	cr_assert_not_null(mkdtemp(r->dir));
	snprintf(fifo, sizeof fifo, "%s/in.jsonl", r->dir);
	snprintf(r->out, sizeof r->out, "%s/stdout", r->dir);
	snprintf(r->err, sizeof r->err, "%s/err", r->dir);
	cr_assert_eq(mkfifo(fifo, 0600), 0);
}

/* path, made absolute against the working directory (the run cd's). */
static void absolute(const char *path, char *out, size_t size)
{
	char cwd[256];

	if (path[0] == '/')
		snprintf(out, size, "%s", path);
	else {
		cr_assert_not_null(getcwd(cwd, sizeof cwd));
		snprintf(out, size, "%s/%s", cwd, path);
	}
}

static int batch_until_signal(struct sig_run *r, const char *args, int n, const char *ready)
{
	char cmd[2048], bin[512], input[512];
	int status;

	absolute(recist_bin(), bin, sizeof bin);
	absolute(cases[0], input, sizeof input);
	snprintf(cmd, sizeof cmd,
	         "cd %s && { %s batch %s in.jsonl >stdout 2>err & pid=$!; "
	         "(for i in $(seq %d); do tr '\\n' ' ' < %s; echo; done; touch sent; sleep 8) > in.jsonl & w=$!; "
	         "i=0; while ! { [ -e sent ] && %s; } && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done; sleep 1; "
	         "kill -TERM $pid; wait $pid 2>/dev/null; rc=$?; kill $w 2>/dev/null; exit $rc; } 2>/dev/null",
	         r->dir, bin, args, n, input, ready);
	status = system(cmd);
	cr_assert(WIFEXITED(status), "recist did not exit");
	return WEXITSTATUS(status);
}

static void sig_run_clean(struct sig_run *r)
{
	char cmd[64];

	snprintf(cmd, sizeof cmd, "rm -rf %s", r->dir);
	cr_expect_eq(system(cmd), 0);
}

/* Does file hold text?  (It is read whole.) */
static bool file_has(const char *path, const char *text)
{
	char *s = read_file(path, NULL);
	bool has = s != NULL && strstr(s, text) != NULL;

	free(s);
	return has;
}

/*
 * Without -o, a signal stops the reading, and standard output holds the
 * whole records of the windows scored so far.  With --jobs 1 a window is
 * 64 records: 64 cases fill the first, which is scored, and the batch is
 * waiting for the second when SIGTERM comes.
 */
Test(batch, a_signal_leaves_standard_output_with_whole_windows)
{
	struct sig_run r;
	size_t lines = 0;
	char *text;

	sig_run_init(&r);
	cr_expect_eq(batch_until_signal(&r, "--jobs 1", 64, "true"), 128 + SIGTERM);
	cr_assert_not_null(text = read_file(r.out, NULL));
	for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	cr_expect_eq(lines, 64, "%zu records written", lines);
	cr_expect(text[0] == '{' && text[strlen(text) - 1] == '\n');
	cr_expect(strstr(text, "recist-error") == NULL);
	free(text);
	cr_expect(file_has(r.err, "interrupted by signal 15 after 64 cases"));
	sig_run_clean(&r);
}

/* A signal while the first window is read: nothing is scored or written. */
Test(batch, a_signal_during_the_first_window_writes_nothing)
{
	struct sig_run r;
	char *text;

	sig_run_init(&r);
	cr_expect_eq(batch_until_signal(&r, "--jobs 2", 1, "true"), 128 + SIGTERM);
	text = read_file(r.out, NULL);
	cr_expect(text != NULL && text[0] == '\0', "output: %s", text ? text : "(none)");
	free(text);
	cr_expect(file_has(r.err, "interrupted by signal 15 after 0 cases"));
	sig_run_clean(&r);
}

/* With -o, a signal leaves the file as it was and no temporary file. */
Test(batch, a_signal_leaves_the_output_file_as_it_was)
{
	struct sig_run r;
	char path[96], cmd[128], *text;
	FILE *fp;

	sig_run_init(&r);
	snprintf(path, sizeof path, "%s/out.jsonl", r.dir);
	cr_assert_not_null(fp = fopen(path, "w"));
	fputs("earlier results\n", fp);
	fclose(fp);
	cr_expect_eq(batch_until_signal(&r, "--jobs 2 -o out.jsonl", 1, "true"), 128 + SIGTERM);
	text = read_file(path, NULL);
	cr_expect_str_eq(text, "earlier results\n");
	free(text);
	cr_expect(file_has(r.err, "left as it was"));
	snprintf(cmd, sizeof cmd, "ls %s | grep -q tmp", r.dir);
	cr_expect_neq(system(cmd), 0, "a temporary file was left behind");
	sig_run_clean(&r);
}

/*
 * A batch run in a child of the test, its standard input a pipe the test
 * writes, its standard output and error files, and the stop signals as
 * the test says: their default action, or ignored (as nohup, or a shell's
 * background job, leaves them).
 */
struct child {
	pid_t pid;
	int   in;        /* the write end of its standard input */
	char  out[64], err[64];
};

static void child_start(struct child *c, const char *const *argv, bool ignore_stops)
{
	static const int stops[] = { SIGINT, SIGTERM, SIGHUP };
	char *args[16];
	size_t n = 0;
	int p[2], o, e;

	/* execv wants char *const []: copies, made before the fork. */
	args[n++] = strdup(recist_bin());
	while (argv[n] != NULL && n < 15) {
		args[n] = strdup(argv[n]);
		n++;
	}
	args[n] = NULL;
	snprintf(c->out, sizeof c->out, "/tmp/recist-batch-out-XXXXXX");
	snprintf(c->err, sizeof c->err, "/tmp/recist-batch-err-XXXXXX");
	cr_assert_geq(o = mkstemp(c->out), 0);
	cr_assert_geq(e = mkstemp(c->err), 0);
	cr_assert_eq(pipe(p), 0);
	signal(SIGPIPE, SIG_IGN);  /* a child that died early makes a write fail, not the test */
	cr_assert_geq(c->pid = fork(), 0);
	if (c->pid == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++)
			signal(stops[i], ignore_stops ? SIG_IGN : SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		dup2(p[0], 0);
		dup2(o, 1);
		dup2(e, 2);
		close(p[0]);
		close(p[1]);
		execv(args[0], args);
		_exit(127);
	}
	for (size_t i = 0; i < n; i++)
		free(args[i]);
	close(p[0]);
	close(o);
	close(e);
	c->in = p[1];
}

/*
 * Wait until the child is blocked in the kernel where its /proc wchan
 * names one of words (reading a pipe, opening a FIFO), 10 s at most;
 * without /proc, a second.
 */
static void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, ms % 1000 * 1000000 };

	nanosleep(&t, NULL);
}

static void child_waits(const struct child *c, const char *const *words)
{
	char path[64], wchan[64];

	snprintf(path, sizeof path, "/proc/%d/wchan", (int)c->pid);
	for (int i = 0; i < 1000; i++) {
		FILE *fp = fopen(path, "r");
		size_t n = fp ? fread(wchan, 1, sizeof wchan - 1, fp) : 0;
		if (fp)
			fclose(fp);
		wchan[n] = '\0';
		if (fp == NULL || n == 0 || strcmp(wchan, "0") == 0) {
			sleep_ms(1000);
			return;
		}
		for (const char *const *w = words; *w; w++)
			if (strstr(wchan, *w))
				return;
		sleep_ms(10);
	}
}

static const char *const reading[] = { "pipe", NULL };

/* One case as a line of JSON Lines, written to the child's standard input. */
static void child_feed(const struct child *c)
{
	char *line = one_line(cases[0], NULL);
	size_t n = strlen(line);

	line[n - 1] = '\n';  /* the file's own final line break, made a blank by one_line */
	cr_assert_eq(write(c->in, line, n), (ssize_t)n);
	free(line);
}

static int child_wait(struct child *c)
{
	int status;

	if (c->in >= 0)
		close(c->in);
	c->in = -1;
	cr_assert_eq(waitpid(c->pid, &status, 0), c->pid);
	return status;
}

static void child_clean(struct child *c)
{
	unlink(c->out);
	unlink(c->err);
}

/*
 * SIGINT and SIGTERM stop a batch, which cleans up (-o's temporary file
 * removed, FILE left as it was) and then dies by the same signal, so that
 * a shell loop over batches stops and $? is 128 + N; a signal cutting a
 * read short is no error of the input.
 */
Test(batch, a_stop_signal_ends_the_batch_by_that_signal_after_it_cleaned_up)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	char dir[] = "/tmp/recist-batch-sig-XXXXXX", out[64], cmd[96];

	cr_assert_not_null(mkdtemp(dir));
	snprintf(out, sizeof out, "%s/out.jsonl", dir);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		const char *argv[] = { "recist", "batch", "--jobs", "2", "-o", out, "-", NULL };
		struct child c;
		char want[64], *err;
		int status;

		child_start(&c, argv, false);
		child_feed(&c);
		child_waits(&c, reading);
		cr_assert_eq(kill(c.pid, sigs[i]), 0);
		status = child_wait(&c);
		cr_expect(WIFSIGNALED(status) && WTERMSIG(status) == sigs[i], "signal %d: status 0x%x", sigs[i], status);
		cr_assert_not_null(err = read_file(c.err, NULL));
		snprintf(want, sizeof want, "recist: batch: interrupted by signal %d", sigs[i]);
		cr_expect(strstr(err, want) != NULL, "%s", err);
		cr_expect(strstr(err, "Interrupted system call") == NULL, "%s", err);
		cr_expect(access(out, F_OK) != 0, "the output was written after signal %d", sigs[i]);
		free(err);
		child_clean(&c);
	}
	snprintf(cmd, sizeof cmd, "ls -A %s | grep -q .", dir);
	cr_expect_neq(system(cmd), 0, "a temporary file was left behind");
	rmdir(dir);
}

/* A signal while -o's FIFO waits for a reader: the batch dies by it, and says no error about the FIFO. */
Test(batch, a_signal_while_the_output_fifo_waits_for_a_reader_is_no_error)
{
	static const char *const opening[] = { "wait_for_partner", "fifo", NULL };
	char dir[] = "/tmp/recist-batch-fifo-XXXXXX", fifo[64], *err;
	struct child c;
	int status;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(fifo, sizeof fifo, "%s/out.jsonl", dir);
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	const char *argv[] = { "recist", "batch", "-o", fifo, cases[0], NULL };
	child_start(&c, argv, false);
	child_waits(&c, opening);
	cr_assert_eq(kill(c.pid, SIGTERM), 0);
	status = child_wait(&c);
	cr_expect(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "status 0x%x", status);
	cr_assert_not_null(err = read_file(c.err, NULL));
	cr_expect(strstr(err, "Interrupted system call") == NULL, "%s", err);
	cr_expect(strstr(err, "error") == NULL, "%s", err);
	cr_expect(strstr(err, "recist: batch: interrupted by signal 15") != NULL, "%s", err);
	free(err);
	child_clean(&c);
	unlink(fifo);
	rmdir(dir);
}

/*
 * Stop signals ignored when the batch started (nohup; SIGINT in a shell's
 * background job) stay ignored: the batch runs to its end.
 */
Test(batch, stop_signals_ignored_at_the_start_stay_ignored)
{
	const char *argv[] = { "recist", "batch", "--jobs", "2", "-", NULL };
	struct child c;
	char *out;
	int status;

	child_start(&c, argv, true);
	child_feed(&c);
	child_waits(&c, reading);
	cr_assert_eq(kill(c.pid, SIGINT), 0);
	cr_assert_eq(kill(c.pid, SIGTERM), 0);
	cr_assert_eq(kill(c.pid, SIGHUP), 0);
	sleep_ms(200);
	cr_expect_eq(waitpid(c.pid, &status, WNOHANG), 0, "stopped by an ignored signal: status 0x%x", status);
	child_feed(&c);
	status = child_wait(&c);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status 0x%x", status);
	cr_assert_not_null(out = read_file(c.out, NULL));
	cr_expect_eq(count_lines(out), 2, "%s", out);
	free(out);
	child_clean(&c);
}

/*
 * Peak resident memory, in KB, of the largest child run so far (each test
 * runs in a process of its own), after running recist with argv (argv[0]
 * replaced), its output thrown away.  Under AddressSanitizer freed memory
 * is held in a quarantine, which would hide what recist gives back: it is
 * turned off.
 */
static long peak_kb(const char *const *argv)
{
	extern char **environ;
	char asan[512], *env[256], *args[16];
	const char *old = getenv("ASAN_OPTIONS");
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	size_t n = 0, k;
	int status;
	pid_t pid;

	snprintf(asan, sizeof asan, "ASAN_OPTIONS=%s%squarantine_size_mb=0", old ? old : "", old ? ":" : "");
	for (char **e = environ; *e && n < 254; e++)
		if (strncmp(*e, "ASAN_OPTIONS=", 13) != 0)
			env[n++] = *e;
	env[n++] = asan;
	env[n] = NULL;
	/* posix_spawn wants char *const []: give it copies. */
	args[0] = strdup(recist_bin());
	for (k = 1; argv[k] && k < 15; k++)
		args[k] = strdup(argv[k]);
	args[k] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	cr_assert_eq(posix_spawn(&pid, args[0], &fa, NULL, args, env), 0);
	posix_spawn_file_actions_destroy(&fa);
	for (k = 0; args[k]; k++)
		free(args[k]);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "recist failed");
	cr_assert_eq(getrusage(RUSAGE_CHILDREN, &ru), 0);
	return ru.ru_maxrss;
}

/*
 * 40 records of 2 MB with --jobs 1: one window of 64 records would hold
 * them all (80 MB), and each slot would keep its 2 MB buffer for the rest
 * of the run.  A window is also bounded in bytes (4 MiB a job), and the
 * buffers of a big record are given back once it is written.
 */
Test(batch, memory_follows_the_window_not_the_largest_records)
{
	char path[] = "/tmp/recist-batch-big-XXXXXX";
	int fd = mkstemp(path);
	char *line = one_line(cases[0], NULL);
	FILE *fp = fdopen(fd, "w");
	long base, peak;

	cr_assert_not_null(fp);
	for (int i = 0; i < 40; i++) {
		fputs("{\"note\": \"", fp);
		for (int j = 0; j < 2 * 1024 * 1024 / 64; j++)
			fputs("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", fp);
		fprintf(fp, "\", %s\n", strchr(line, '{') + 1);
	}
	cr_assert_eq(fclose(fp), 0);
	const char *small[] = { "recist", "batch", "--jobs", "1", cases[0], NULL };
	const char *big[] = { "recist", "batch", "--jobs", "1", path, NULL };
	base = peak_kb(small);
	peak = peak_kb(big);  /* the largest of the two */
	cr_expect_lt(peak - base, 40 * 1024, "peak %ld KB over a run of one small case (%ld KB)", peak - base, base);
	free(line);
	unlink(path);
}

/* A fresh directory; a case file in it as one line. */
static void make_dir(char dir[64])
{
	strcpy(dir, "/tmp/recist-batch-walk-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void put_case(const char *dir, const char *name, size_t which)
{
	char path[256], *line = one_line(cases[which], NULL);
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	cr_assert_not_null(fp = fopen(path, "w"), "%s", path);
	fprintf(fp, "%s\n", line);
	fclose(fp);
	free(line);
}

static void remove_dir(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}

Test(batch, the_walk_follows_links_to_files_but_not_to_directories_and_skips_fifos)
{
	char dir[64], path[128];
	struct run r;

	make_dir(dir);
	put_case(dir, "a.jsonl", 0);
	snprintf(path, sizeof path, "%s/b.jsonl", dir);
	cr_assert_eq(symlink("a.jsonl", path), 0);
	snprintf(path, sizeof path, "%s/loop", dir);
	cr_assert_eq(symlink(".", path), 0);
	snprintf(path, sizeof path, "%s/pipe.jsonl", dir);
	cr_assert_eq(mkfifo(path, 0600), 0);
	const char *argv[] = { "recist", "batch", dir, NULL };
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(count_lines(r.out), 2, "a.jsonl, and again through b.jsonl: %s", r.err);
	cr_expect(strstr(r.err, "/loop: warning: skipped: a symbolic link to a directory (not followed)"), "%s", r.err);
	cr_expect(strstr(r.err, "/pipe.jsonl: warning: skipped: a FIFO"), "%s", r.err);
	run_free(&r);
	remove_dir(dir);
}

/* A second run with -o into the directory it reads skips its own output. */
Test(batch, a_second_run_into_the_directory_it_reads_gives_the_same_output)
{
	char dir[64], out[128];
	char *first, *second;
	struct run r;

	make_dir(dir);
	put_case(dir, "a.jsonl", 0);
	put_case(dir, "b.jsonl", 1);
	snprintf(out, sizeof out, "%s/results.jsonl", dir);
	const char *argv[] = { "recist", "batch", "-o", out, dir, NULL };
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	cr_assert_not_null(first = read_file(out, NULL));
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "results.jsonl: warning: skipped: the output of this batch"), "%s", r.err);
	run_free(&r);
	cr_assert_not_null(second = read_file(out, NULL));
	cr_expect_eq(count_lines(first), 2);
	cr_expect_str_eq(first, second);
	free(first);
	free(second);
	remove_dir(dir);
}

/* The replacement keeps the permissions it replaces; a new file gets 0666 less the umask. */
Test(batch, output_keeps_the_permissions_it_replaces_and_a_new_file_gets_the_umask)
{
	char dir[64], in[128], kept[128], made[128];
	struct stat st;
	struct run r;
	mode_t mask = umask(027);

	make_dir(dir);
	put_case(dir, "in.jsonl", 0);
	snprintf(in, sizeof in, "%s/in.jsonl", dir);
	snprintf(kept, sizeof kept, "%s/kept.jsonl", dir);
	snprintf(made, sizeof made, "%s/made.jsonl", dir);
	FILE *fp = fopen(kept, "w");
	cr_assert_not_null(fp);
	fclose(fp);
	cr_assert_eq(chmod(kept, 0604), 0);
	const char *a1[] = { "recist", "batch", "-o", kept, in, NULL };
	const char *a2[] = { "recist", "batch", "-o", made, in, NULL };
	cr_assert_eq(run_recist(&r, a1, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	cr_assert_eq(run_recist(&r, a2, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	umask(mask);
	cr_assert_eq(stat(kept, &st), 0);
	cr_expect_eq(st.st_mode & 07777, 0604, "mode %o", st.st_mode & 07777);
	cr_assert_eq(stat(made, &st), 0);
	cr_expect_eq(st.st_mode & 07777, 0640, "mode %o", st.st_mode & 07777);
	remove_dir(dir);
}

/*
 * -o naming standard output (through /dev/stdout, here by a link in the
 * test's directory) writes to it as it is: a file it was appended to keeps
 * what it held, and is neither replaced nor truncated.
 */
Test(batch, output_to_dev_stdout_writes_standard_output_as_it_is)
{
	char dir[64], cmd[512], bin[256], all[128], *text;

	make_dir(dir);
	put_case(dir, "in.jsonl", 0);
	snprintf(all, sizeof all, "%s/all.jsonl", dir);
	snprintf(cmd, sizeof cmd, "%s/stdout", dir);
	cr_assert_eq(symlink("/dev/stdout", cmd), 0);
	FILE *fp = fopen(all, "w");
	cr_assert_not_null(fp);
	fputs("earlier\n", fp);
	fclose(fp);
	absolute(recist_bin(), bin, sizeof bin);
	snprintf(cmd, sizeof cmd, "cd %s && %s batch -o stdout in.jsonl >>all.jsonl 2>/dev/null", dir, bin);
	cr_expect_eq(system(cmd), 0);
	cr_assert_not_null(text = read_file(all, NULL));
	cr_expect(strncmp(text, "earlier\n{\"format\":\"recist-result/1\"", 35) == 0, "%s", text);
	cr_expect_eq(count_lines(text), 2);
	free(text);
	remove_dir(dir);
}
