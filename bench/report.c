/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx bench — medians, paired ratios, the table and the CSV. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *bench_unit(bench_pattern_t p)
{
    return p == BENCH_LAT ? "us/rtt" : "msgs/s";
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t) n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static const bench_sample_t *find_sample(const bench_sample_t *s, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s[i].style->name, name) == 0)
            return &s[i];
    return NULL;
}

static void summarise(const bench_case_t *c, const bench_sample_t *s, const bench_sample_t *base,
                      int reps, bench_row_t *row)
{
    double v[BENCH_MAX_REPS], r[BENCH_MAX_REPS];
    for (int i = 0; i < reps; i++) {
        v[i] = s->secs[i];
        r[i] = base != NULL ? base->secs[i] / s->secs[i] : NAN;
    }
    double secs = median(v, reps);
    row->c = *c;
    row->style = s->style;
    row->runs = reps;
    row->value = c->pattern == BENCH_LAT ? secs * 1e6 / (double) c->n : (double) c->n / secs;
    row->ratio = median(r, reps);
    row->rmin = r[0];
    row->rmax = r[reps - 1];
}

/* 1234567.8 -> "1,234,568" */
static const char *grouped(double x, char *buf, size_t cap)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", x);
    size_t n = strlen(digits), o = 0;
    for (size_t i = 0; i < n && o + 2 < cap; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

static const char *describe(const bench_case_t *c)
{
    static const char *const what[] = { "PUSH/PULL throughput", "REQ/REP round trip",
                                        "PUB to 4 SUB fan-out" };
    return what[c->pattern];
}

void bench_report_csv_header(FILE *csv)
{
    fprintf(csv, "pattern,transport,size,style,family,baseline,count,runs,value,unit,ratio,"
                 "ratio_min,ratio_max\n");
}

void bench_report_case(const bench_case_t *c, const bench_sample_t *samples, size_t nstyles,
                       int reps, bench_row_t *rows, FILE *out, FILE *csv)
{
    fprintf(out, "\n%s %s %zu B: %s, %ld %s x %d runs\n", bench_pattern_name(c->pattern),
            bench_transport_name(c->transport), c->size, describe(c), c->n,
            c->pattern == BENCH_LAT ? "round trips" : "msgs", reps);
    fprintf(out, "  %-12s %14s  %6s  %13s  %s\n", "style", bench_unit(c->pattern), "ratio",
            "[min .. max]", "vs");
    for (size_t i = 0; i < nstyles; i++) {
        bench_row_t *row = &rows[i];
        const char *base_name = samples[i].style->baseline;
        summarise(c, &samples[i], find_sample(samples, nstyles, base_name), reps, row);
        char num[48];
        if (c->pattern == BENCH_LAT)
            snprintf(num, sizeof num, "%.2f", row->value);
        else
            grouped(row->value, num, sizeof num);
        fprintf(out, "  %-12s %14s  %6.3f  [%5.3f .. %5.3f]  %s\n", row->style->name, num,
                row->ratio, row->rmin, row->rmax,
                strcmp(base_name, row->style->name) == 0 ? "(baseline)" : base_name);
        if (csv != NULL)
            fprintf(csv, "%s,%s,%zu,%s,%s,%s,%ld,%d,%.3f,%s,%.4f,%.4f,%.4f\n",
                    bench_pattern_name(c->pattern), bench_transport_name(c->transport), c->size,
                    row->style->name, row->style->family->name, base_name, c->n, reps,
                    row->value, bench_unit(c->pattern), row->ratio, row->rmin, row->rmax);
    }
    fflush(out);
    if (csv != NULL)
        fflush(csv);
}

int bench_report_targets(const bench_row_t *rows, size_t nrows, double min_ratio, FILE *out)
{
    int missed = 0, seen = 0;
    for (size_t i = 0; i < nrows; i++) {
        const bench_row_t *r = &rows[i];
        if (r->c.pattern != BENCH_THR || r->c.transport != BENCH_INPROC ||
            strcmp(r->style->family->name, "zmqx") != 0)
            continue;
        if (!seen++)
            fprintf(out, "\ntarget: zmqx inproc throughput >= %.2fx raw libzmq "
                         "(median of paired runs)\n", min_ratio);
        int ok = r->ratio >= min_ratio;
        missed += !ok;
        fprintf(out, "  %-11s %8zu B  %.3f vs %-12s %s\n", r->style->name, r->c.size, r->ratio,
                r->style->baseline, ok ? "ok" : "MISSED");
    }
    return missed;
}
