/*
 * sensor_calib - convert raw ADC readings to engineering units using the
 * gain/offset strings of a calibration record, smooth the signal, log the
 * spikes and build the sorted reference-point table.
 *
 * usage: sensor_calib [nreadings]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SMOOTH_WIN 8
#define SPIKE_CHUNK 32
#define NUNITS 4
#define DEFAULT_READINGS 4000000

struct calib_cfg {
    const char *vref_text;
    const char *gain_text;
    const char *offset_text;
    const char *unit;
};

struct unit_entry {
    const char *name;
    double scale;
};

static const struct unit_entry units[NUNITS] = {
    { "V", 1.0 }, { "mV", 1e3 }, { "uV", 1e6 }, { "kV", 1e-3 },
};

struct spike_log {
    size_t *at;
    size_t count, cap;
};

struct ref_point {
    double raw;
    double value;
};

uint64_t next_u64(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

void gen_raw(int16_t *raw, size_t n, double period)
{
    for (size_t i = 0; i < n; i++)
        raw[i] = (int16_t)(2000.0 * sin(6.283185307179586 * (double)i / period));
}

void add_dither(int16_t *raw, size_t n, uint64_t *s)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t r = next_u64(s);
        raw[i] = (int16_t)(raw[i] + (int)(r % 7) - 3 + ((r >> 32) % 4096 == 0 ? 1500 : 0));
    }
}

void calibrate(const int16_t *raw, size_t n, const struct calib_cfg *cfg, double *out)
{
    /* parsed once: the calibration record does not change during the conversion */
    double vref = strtod(cfg->vref_text, NULL), gain = strtod(cfg->gain_text, NULL);
    double offset = strtod(cfg->offset_text, NULL);
    for (size_t i = 0; i < n; i++)
        out[i] = raw[i] / 32768.0 * vref * gain + offset;
}

double unit_scale(const char *unit)
{
    for (int k = 0; k < NUNITS; k++) {
        if (strcmp(units[k].name, unit) == 0)
            return units[k].scale;
    }
    return 1.0;
}

void convert_units(double *x, size_t n, const char *unit)
{
    double scale = unit_scale(unit);
    for (size_t i = 0; i < n; i++)
        x[i] *= scale;
}

void smooth(const double *in, size_t n, double *out)
{
    for (size_t i = 0; i + SMOOTH_WIN <= n; i++) {
        double acc = 0.0;
        for (int k = 0; k < SMOOTH_WIN; k++)
            acc += in[i + (size_t)k];
        out[i] = acc / SMOOTH_WIN;
    }
}

size_t log_spikes(const double *x, const double *smoothed, size_t n, double thr,
                  struct spike_log *log)
{
    for (size_t i = 0; i < n; i++) {
        if (fabs(x[i] - smoothed[i]) < thr)
            continue;
        if (log->count == log->cap) {
            size_t *na;
            log->cap += SPIKE_CHUNK;
            na = realloc(log->at, log->cap * sizeof *na);
            if (na == NULL)
                break;
            log->at = na;
        }
        log->at[log->count++] = i;
    }
    return log->count;
}

int cmp_ref(const void *a, const void *b)
{
    const struct ref_point *p = a, *q = b;
    return (p->raw > q->raw) - (p->raw < q->raw);
}

size_t build_ref_table(const int16_t *raw, const double *value, size_t m,
                       struct ref_point *table)
{
    size_t count = 0;
    for (size_t i = 0; i < m; i++) {
        table[count].raw = raw[i * 997 % m];
        table[count].value = value[i * 997 % m];
        count++;
        qsort(table, count, sizeof *table, cmp_ref);
    }
    return count;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_READINGS;
    struct calib_cfg cfg = { "2.5000", "1.0030517578125", "-0.01275", "mV" };
    struct spike_log log = { NULL, 0, 0 };
    struct ref_point *table;
    int16_t *raw;
    double *x, *sm, sum = 0.0;
    uint64_t s = 0x1234567890abcdefull;
    size_t spikes, m, nref;

    if (n < 2 * SMOOTH_WIN)
        n = DEFAULT_READINGS;
    raw = malloc(n * sizeof *raw);
    x = malloc(n * sizeof *x);
    sm = calloc(n, sizeof *sm);
    m = n / 2000 + 1;
    table = malloc(m * sizeof *table);
    if (raw == NULL || x == NULL || sm == NULL || table == NULL)
        return 1;
    gen_raw(raw, n, 1000.0);
    add_dither(raw, n, &s);
    calibrate(raw, n, &cfg, x);
    convert_units(x, n, cfg.unit);
    smooth(x, n, sm);
    spikes = log_spikes(x, sm, n - SMOOTH_WIN, 60.0, &log);
    nref = build_ref_table(raw, x, m, table);
    for (size_t i = 0; i < n; i += 1000)
        sum += x[i];
    printf("readings=%zu spikes=%zu refs=%zu lowest=%.4f sum=%.4f\n",
           n, spikes, nref, table[0].value, sum);
    free(log.at);
    free(table);
    free(sm);
    free(x);
    free(raw);
    return 0;
}
