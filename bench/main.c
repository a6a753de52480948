/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx-bench — zmqx side by side with raw libzmq and CZMQ.
 *
 * Default run: every case (PUSH/PULL throughput and REQ/REP round trips
 * for 1 B .. 1 MiB over inproc, ipc and tcp; a PUB fanning out to 4 SUBs),
 * each style run once per round with the order rotated and reversed from
 * round to round, so machine drift hits every contender alike; the report
 * gives medians and the median of the paired ratios to raw libzmq.
 * --allocs counts heap allocations per message, --instr runs one style's
 * loop for bench/callgrind.sh. See docs/performance.md. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zmq.h>
#include <zmqx.h>

#include "report.h"
#include "runner.h"

#define MAX_STYLES 16
#define MAX_CASES 128

typedef struct options {
    int quick, reps, allocs, list, verbose;
    double scale;
    const char *csv;
    const char *instr; /* style name */
    long messages;     /* --instr */
    size_t size;       /* --instr */
    const bench_style_t *styles[MAX_STYLES];
    size_t nstyles;
    int patterns[3], transports[3];
    size_t sizes[16];
    size_t nsizes;
    unsigned timeout;
} options_t;

static const size_t default_sizes[] = { 1, 64, 1024, 65536, 1048576 };

static void usage(FILE *out)
{
    fprintf(out,
            "usage: zmqx-bench [options]\n"
            "  --quick            smoke run: few messages, one run per case (seconds)\n"
            "  --reps N           runs per case and style (default 5)\n"
            "  --scale F          multiply the message counts by F\n"
            "  --csv FILE         also write the results as CSV\n"
            "  --styles A,B       only these styles (their baselines are added)\n"
            "  --patterns P,..    thr,lat,fanout (default: all)\n"
            "  --transports T,..  inproc,ipc,tcp (default: all)\n"
            "  --sizes N,..       message sizes (default 1,64,1024,65536,1048576;\n"
            "                     the fan-out case uses 64 unless sizes are given)\n"
            "  --allocs           heap allocations per message (preloads malloc_count)\n"
            "  --instr STYLE      run STYLE's single-thread inproc loop for\n"
            "                     --messages N of --size S bytes (bench/callgrind.sh)\n"
            "  --list             list the styles\n"
            "  --verbose          print every run's time on stderr\n"
            "  --pin MODE         none (default): threads go where the kernel puts them;\n"
            "                     split: a CPU each; same: all on one CPU\n"
            "  --timeout SEC      give up after SEC seconds (default 1800; --quick 300)\n");
}

/* ---- options ---- */

static int add_style(options_t *o, const bench_style_t *s)
{
    for (size_t i = 0; i < o->nstyles; i++)
        if (o->styles[i] == s)
            return 0;
    if (o->nstyles == MAX_STYLES)
        return -1;
    o->styles[o->nstyles++] = s;
    return 0;
}

/* Each comma-separated item of list, through fn; -1 on a bad item. */
static int each_item(const char *list, options_t *o, int (*fn)(options_t *, const char *))
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *it = strtok_r(buf, ",", &save); it; it = strtok_r(NULL, ",", &save))
        if (fn(o, it) != 0) {
            fprintf(stderr, "zmqx-bench: unknown item '%s'\n", it);
            return -1;
        }
    return 0;
}

static int style_item(options_t *o, const char *name)
{
    const bench_style_t *s = bench_style_find(name);
    return s != NULL ? add_style(o, s) : -1;
}

static int name_index(const char *name, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

static int pattern_item(options_t *o, const char *name)
{
    static const char *const names[] = { "thr", "lat", "fanout" };
    int i = name_index(name, names, 3);
    return i < 0 ? -1 : (o->patterns[i] = 1, 0);
}

static int transport_item(options_t *o, const char *name)
{
    static const char *const names[] = { "inproc", "ipc", "tcp" };
    int i = name_index(name, names, 3);
    return i < 0 ? -1 : (o->transports[i] = 1, 0);
}

static int size_item(options_t *o, const char *text)
{
    long v = atol(text);
    if (v < 1 || v > BENCH_MAX_SIZE || o->nsizes == 16)
        return -1;
    o->sizes[o->nsizes++] = (size_t) v;
    return 0;
}

static int pin_item(options_t *o, const char *name)
{
    static const char *const names[] = { "none", "split", "same" };
    int i = name_index(name, names, 3);
    (void) o;
    return i < 0 ? -1 : (bench_pin = (bench_pin_t) i, 0);
}

static int set_all(int *flags)
{
    if (!flags[0] && !flags[1] && !flags[2])
        flags[0] = flags[1] = flags[2] = 1;
    return 0;
}

static int parse_options(options_t *o, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    o->reps = -1;
    o->scale = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = 0, used = 1;
        if (strcmp(a, "--quick") == 0)
            o->quick = 1, used = 0;
        else if (strcmp(a, "--allocs") == 0)
            o->allocs = 1, used = 0;
        else if (strcmp(a, "--list") == 0)
            o->list = 1, used = 0;
        else if (strcmp(a, "--verbose") == 0)
            o->verbose = 1, used = 0;
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return usage(stdout), exit(0), 0;
        else if (v == NULL)
            rc = -1;
        else if (strcmp(a, "--reps") == 0)
            o->reps = atoi(v), rc = o->reps < 1 || o->reps > BENCH_MAX_REPS ? -1 : 0;
        else if (strcmp(a, "--scale") == 0)
            o->scale = atof(v), rc = o->scale > 0 ? 0 : -1;
        else if (strcmp(a, "--csv") == 0)
            o->csv = v;
        else if (strcmp(a, "--styles") == 0)
            rc = each_item(v, o, style_item);
        else if (strcmp(a, "--patterns") == 0)
            rc = each_item(v, o, pattern_item);
        else if (strcmp(a, "--transports") == 0)
            rc = each_item(v, o, transport_item);
        else if (strcmp(a, "--sizes") == 0 || strcmp(a, "--size") == 0)
            rc = each_item(v, o, size_item);
        else if (strcmp(a, "--instr") == 0)
            o->instr = v, rc = bench_style_find(v) != NULL ? 0 : -1;
        else if (strcmp(a, "--messages") == 0)
            o->messages = atol(v), rc = o->messages > 0 ? 0 : -1;
        else if (strcmp(a, "--pin") == 0)
            rc = pin_item(o, v);
        else if (strcmp(a, "--timeout") == 0)
            o->timeout = (unsigned) atoi(v);
        else
            rc = -1;
        if (rc != 0) {
            fprintf(stderr, "zmqx-bench: bad option %s%s%s\n", a, v ? " " : "", v ? v : "");
            usage(stderr);
            return -1;
        }
        i += used;
    }
    if (o->reps < 0)
        o->reps = o->quick ? 1 : 5;
    if (o->quick)
        o->scale *= 0.01;
    if (o->timeout == 0)
        o->timeout = o->quick ? 300 : 1800;
    if (o->nstyles == 0)
        for (size_t i = 0; bench_styles[i] != NULL; i++)
            add_style(o, bench_styles[i]);
    for (size_t i = 0; i < o->nstyles; i++) /* every ratio needs its baseline */
        add_style(o, bench_style_find(o->styles[i]->baseline));
    set_all(o->patterns);
    set_all(o->transports);
    return 0;
}

/* ---- the cases ---- */

static long scaled(const options_t *o, long cap, long bytes, size_t size, long floor)
{
    long n = bytes / (long) size;
    n = (long) ((double) (n < cap ? n : cap) * o->scale);
    return n < floor ? floor : n;
}

static size_t make_cases(const options_t *o, bench_case_t *cases)
{
    size_t n = 0;
    for (int p = 0; p < 3; p++) {
        if (!o->patterns[p])
            continue;
        for (int t = 0; t < 3; t++) {
            if (!o->transports[t])
                continue;
            static const size_t fanout_sizes[] = { 64 };
            const size_t *sizes = o->nsizes ? o->sizes : p == BENCH_FANOUT ? fanout_sizes
                                                                            : default_sizes;
            size_t nsizes = o->nsizes ? o->nsizes : p == BENCH_FANOUT ? 1 : 5;
            for (size_t s = 0; s < nsizes && n < MAX_CASES; s++) {
                bench_case_t *c = &cases[n++];
                c->pattern = (bench_pattern_t) p;
                c->transport = (bench_transport_t) t;
                c->size = sizes[s];
                if (p == BENCH_THR)
                    c->n = scaled(o, 200000, 256L << 20, c->size, 32);
                else if (p == BENCH_LAT)
                    c->n = scaled(o, 4000, 32L << 20, c->size, 8);
                else
                    c->n = scaled(o, 100000, 64L << 20, c->size, 32);
            }
        }
    }
    return n;
}

/* Run every style reps times on c, alternating the order; fill samples. */
static int run_case(const options_t *o, const bench_case_t *c, bench_sample_t *samples)
{
    size_t k = o->nstyles;
    for (size_t i = 0; i < k; i++)
        samples[i].style = o->styles[i];
    for (int rep = 0; rep < o->reps; rep++) {
        for (size_t j = 0; j < k; j++) {
            size_t step = rep % 2 ? k - 1 - j : j;
            size_t i = (step + (size_t) rep) % k;
            double secs = bench_run(samples[i].style, c);
            if (secs <= 0)
                return -1;
            samples[i].secs[rep] = secs;
            if (o->verbose)
                fprintf(stderr, "  run %d %-12s %.4f s\n", rep, samples[i].style->name, secs);
        }
    }
    return 0;
}

static void print_header(const options_t *o, FILE *out)
{
    int major, minor, patch;
    zmq_version(&major, &minor, &patch);
    char cpu[128] = "unknown CPU";
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[256];
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "model name", 10) == 0 && strchr(line, ':') != NULL) {
            snprintf(cpu, sizeof cpu, "%s", strchr(line, ':') + 2);
            cpu[strcspn(cpu, "\n")] = '\0';
            break;
        }
    if (f != NULL)
        fclose(f);
    fprintf(out, "zmqx-bench: zmqx %s, libzmq %d.%d.%d, %s; %ld CPUs (%s)\n",
            ZMQX_VERSION_STRING, major, minor, patch,
#ifdef BENCH_HAVE_CZMQ
            "CZMQ " BENCH_CZMQ_VERSION,
#else
            "no CZMQ",
#endif
            sysconf(_SC_NPROCESSORS_ONLN), cpu);
    fprintf(out, "%d run(s) per case and style, order alternated; value = median; ratio = "
                 "speed vs the raw libzmq style named in 'vs' (>1 faster), median of the "
                 "paired runs%s\n", o->reps, o->quick ? "; QUICK smoke run, numbers meaningless" : "");
}

static int run_table(const options_t *o)
{
    static bench_case_t cases[MAX_CASES];
    static bench_row_t rows[MAX_CASES * MAX_STYLES];
    bench_sample_t samples[MAX_STYLES];
    size_t ncases = make_cases(o, cases), nrows = 0;
    FILE *csv = NULL;
    if (o->csv != NULL && (csv = fopen(o->csv, "w")) == NULL)
        return bench_fail("zmqx-bench", o->csv);
    if (csv != NULL)
        bench_report_csv_header(csv);
    print_header(o, stdout);
    int rc = 0;
    double start = bench_now();
    for (size_t i = 0; i < ncases && rc == 0; i++) {
        fprintf(stderr, "[%3.0fs] case %zu/%zu\r", bench_now() - start, i + 1, ncases);
        rc = run_case(o, &cases[i], samples);
        if (rc == 0) {
            bench_report_case(&cases[i], samples, o->nstyles, o->reps, &rows[nrows], stdout, csv);
            nrows += o->nstyles;
        }
    }
    if (rc == 0)
        bench_report_targets(rows, nrows, 0.97, stdout);
    printf("\ntotal time %.1f s\n", bench_now() - start);
    if (csv != NULL)
        fclose(csv);
    return rc;
}

/* ---- allocations per message ---- */

static int run_allocs(const options_t *o)
{
    if (dlsym(RTLD_DEFAULT, "mc_total_count") == NULL) {
        fprintf(stderr, "zmqx-bench: --allocs needs malloc_count preloaded "
                        "(LD_PRELOAD=.../libmalloc_count.so)\n");
        return -1;
    }
    FILE *csv = o->csv != NULL ? fopen(o->csv, "w") : NULL;
    if (csv != NULL)
        fprintf(csv, "transport,size,style,baseline,allocs_per_msg,baseline_allocs_per_msg\n");
    const size_t *sizes = o->nsizes ? o->sizes : default_sizes;
    size_t nsizes = o->nsizes ? o->nsizes : 5;
    int over = 0;
    printf("heap allocations per message (malloc/calloc/realloc, every thread; sender and "
           "receiver together; single-thread batches)\n");
    for (int t = 0; t < 3; t++) {
        if (!o->transports[t] || t == BENCH_IPC)
            continue;
        printf("\n%-7s %-12s", bench_transport_name((bench_transport_t) t), "style");
        for (size_t s = 0; s < nsizes; s++)
            printf(" %9zu B", sizes[s]);
        printf("   vs\n");
        double per[MAX_STYLES][16];
        for (size_t i = 0; i < o->nstyles; i++) {
            printf("        %-12s", o->styles[i]->name);
            for (size_t s = 0; s < nsizes; s++) {
                /* at least 256 messages: libzmq's own pipe allocations (a
                 * chunk per 256 messages, one kept spare) then amount to
                 * less than the 0.05 per message the check allows */
                long n = scaled(o, 5000, 128L << 20, sizes[s], 256);
                long batch = (64L << 20) / (long) sizes[s];
                long allocs = 0;
                if (bench_batch(o->styles[i], (bench_transport_t) t, sizes[s], n,
                                batch < 500 ? batch : 500, &allocs) != 0)
                    return -1;
                per[i][s] = (double) allocs / (double) n;
                printf(" %11.2f", per[i][s]);
            }
            printf("   %s\n", o->styles[i]->baseline);
            fflush(stdout);
        }
        for (size_t i = 0; i < o->nstyles; i++) {
            size_t b = 0;
            while (strcmp(o->styles[b]->name, o->styles[i]->baseline) != 0)
                b++;
            for (size_t s = 0; s < nsizes; s++) {
                if (csv != NULL)
                    fprintf(csv, "%s,%zu,%s,%s,%.4f,%.4f\n",
                            bench_transport_name((bench_transport_t) t), sizes[s],
                            o->styles[i]->name, o->styles[b]->name, per[i][s], per[b][s]);
                /* the target: inproc, zmqx, nothing beyond the raw baseline */
                if (t == BENCH_INPROC && strcmp(o->styles[i]->family->name, "zmqx") == 0 &&
                    per[i][s] > per[b][s] + 0.05) {
                    printf("OVER: %s %zu B makes %.2f allocations per message, %s %.2f\n",
                           o->styles[i]->name, sizes[s], per[i][s], o->styles[b]->name,
                           per[b][s]);
                    over++;
                }
            }
        }
    }
    if (csv != NULL)
        fclose(csv);
    printf("\n%s\n", over ? "allocation target MISSED" : "allocation target met: no zmqx style "
                                                          "allocates more than its raw baseline (inproc)");
    return over ? -1 : 0;
}

/* ---- main ---- */

int main(int argc, char **argv)
{
    options_t o;
    if (parse_options(&o, argc, argv) != 0)
        return 2;
    if (o.list) {
        for (size_t i = 0; bench_styles[i] != NULL; i++)
            printf("%-12s vs %-12s %s\n", bench_styles[i]->name, bench_styles[i]->baseline,
                   bench_styles[i]->what);
        return 0;
    }
    if (o.allocs)
        bench_preload_malloc_count(argv);
    alarm(o.timeout); /* a hang ends the run (SIGALRM) instead of blocking forever */
    if (bench_runner_init() != 0)
        return 1;
    int rc;
    if (o.instr != NULL)
        rc = bench_batch(bench_style_find(o.instr), BENCH_INPROC, o.nsizes ? o.sizes[0] : 64,
                         o.messages ? o.messages : 100000, 500, NULL);
    else if (o.allocs)
        rc = run_allocs(&o);
    else
        rc = run_table(&o);
    bench_runner_term();
    return rc == 0 ? 0 : 1;
}
