/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx bench — medians, ratios, the printed table and the CSV. */
#ifndef ZMQX_BENCH_REPORT_H
#define ZMQX_BENCH_REPORT_H

#include <stdio.h>

#include "runner.h"

#define BENCH_MAX_REPS 64

/* One style's runs of one case. */
typedef struct bench_sample {
    const bench_style_t *style;
    double secs[BENCH_MAX_REPS];
} bench_sample_t;

/* One line of the report. */
typedef struct bench_row {
    bench_case_t c;
    const bench_style_t *style;
    double value;      /* median: msgs/s (thr, fanout) or us per round trip (lat) */
    double ratio;      /* median over runs of (style speed / baseline speed in the same run) */
    double rmin, rmax; /* smallest and largest paired ratio */
    int runs;
} bench_row_t;

/* "msgs/s" or "us/rtt". */
const char *bench_unit(bench_pattern_t p);

/* Summarise one case (nstyles samples of reps runs each) into rows[0..nstyles),
 * print its table to out and append its lines to csv (may be NULL). */
void bench_report_case(const bench_case_t *c, const bench_sample_t *samples, size_t nstyles,
                       int reps, bench_row_t *rows, FILE *out, FILE *csv);

/* The CSV header line. */
void bench_report_csv_header(FILE *csv);

/* The target check: every zmqx style's inproc throughput ratio against
 * min_ratio. Prints a line per case; returns how many missed. */
int bench_report_targets(const bench_row_t *rows, size_t nrows, double min_ratio, FILE *out);

#endif
