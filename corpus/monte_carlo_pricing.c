/*
 * monte_carlo_pricing - price a book of European options by Monte Carlo
 * simulation of the terminal price, stress the book with shocks from a
 * shared generator, list the options likely to end in the money, calibrate
 * a volatility multiplier and report portfolio totals.
 *
 * usage: monte_carlo_pricing [noptions]   (paths per option grow with it)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_OPTIONS 3800
#define CALIBRATION_STEPS 40
#define TWO_PI 6.283185307179586

struct option {
    double spot, strike, rate, vol, years;
    int is_call;
};

static uint64_t shared_state = 0x1234abcdull; /* the book generator's stream */

uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform in (0, 1]: never 0, so log() below stays finite. */
double uniform01(uint64_t *s)
{
    return ((double)(splitmix(s) >> 11) + 1.0) * 0x1.0p-53;
}

/* Standard normal draw (Box-Muller, one of the pair). */
double gaussian(uint64_t *s)
{
    double u1 = uniform01(s), u2 = uniform01(s);
    return sqrt(-2.0 * log(u1)) * cos(TWO_PI * u2);
}

double shared_uniform(void)
{
    return uniform01(&shared_state);
}

void make_book(struct option *opts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        opts[i].spot = 80.0 + 40.0 * shared_uniform();
        opts[i].strike = 70.0 + 60.0 * shared_uniform();
        opts[i].rate = 0.01 + 0.04 * shared_uniform();
        opts[i].vol = 0.1 + 0.4 * shared_uniform();
        opts[i].years = 0.25 + 2.0 * shared_uniform();
        opts[i].is_call = shared_uniform() < 0.6;
    }
}

/* Discounted mean payoff over `paths` simulated terminal prices; each option draws from its
 * own stream, so the prices do not depend on the order they are computed in. */
void price_book(const struct option *opts, double *price, size_t n, size_t paths, uint64_t seed)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t state = seed ^ ((uint64_t)i * 0x9e3779b97f4a7c15ull);
        double drift = (opts[i].rate - 0.5 * opts[i].vol * opts[i].vol) * opts[i].years;
        double spread = opts[i].vol * sqrt(opts[i].years);
        double payoff_sum = 0.0;
        for (size_t p = 0; p < paths; p++) {
            double terminal = opts[i].spot * exp(drift + spread * gaussian(&state));
            double gain = opts[i].is_call ? terminal - opts[i].strike : opts[i].strike - terminal;
            payoff_sum += gain > 0.0 ? gain : 0.0;
        }
        price[i] = exp(-opts[i].rate * opts[i].years) * payoff_sum / (double)paths;
    }
}

/* Worst loss over `shocks` joint spot shocks, drawn from the shared generator in order. */
double stress_book(const struct option *opts, const double *price, size_t n, size_t shocks)
{
    double worst = 0.0;
    for (size_t s = 0; s < shocks; s++) {
        double shock = 0.7 + 0.6 * shared_uniform(), loss = 0.0;
        for (size_t i = 0; i < n; i++) {
            double moved = opts[i].spot * shock;
            double intrinsic = opts[i].is_call ? moved - opts[i].strike : opts[i].strike - moved;
            loss += price[i] - (intrinsic > 0.0 ? intrinsic : 0.0);
        }
        if (loss > worst)
            worst = loss;
    }
    return worst;
}

/* Indices of the options that finish in the money on most of `paths` quick simulations. */
size_t likely_in_money(const struct option *opts, size_t n, size_t paths, size_t *out)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t state = 0xabcdefull + i;
        size_t wins = 0;
        for (size_t p = 0; p < paths; p++) {
            double terminal = opts[i].spot * (1.0 + opts[i].vol * (uniform01(&state) - 0.5));
            wins += opts[i].is_call ? terminal > opts[i].strike : terminal < opts[i].strike;
        }
        if (2 * wins > paths)
            out[count++] = i;
    }
    return count;
}

/* Fit one multiplier m so that vol * m best explains the prices (fixed number of steps). */
double calibrate_scale(const struct option *opts, const double *price, size_t n)
{
    double scale = 1.0;
    for (int step = 0; step < CALIBRATION_STEPS; step++) {
        double grad = 0.0;
        for (size_t i = 0; i < n; i++) {
            double model = opts[i].spot * opts[i].vol * scale * sqrt(opts[i].years) * 0.4;
            grad += (model - price[i]) * opts[i].spot * opts[i].vol * sqrt(opts[i].years) * 0.4;
        }
        scale -= 1e-6 * grad / (double)n;
    }
    return scale;
}

double book_value(const double *price, size_t n)
{
    double total = 0.0;
    for (size_t i = 0; i < n; i++)
        total += price[i];
    return total;
}

/* exposure[i] = value of options 0..i */
void running_exposure(const double *price, size_t n, double *exposure)
{
    double run = 0.0;
    for (size_t i = 0; i < n; i++) {
        run += price[i];
        exposure[i] = run;
    }
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_OPTIONS;
    if (n == 0)
        n = DEFAULT_OPTIONS;
    size_t paths = n;
    struct option *opts = malloc(n * sizeof *opts);
    double *price = malloc(n * sizeof *price);
    double *exposure = malloc(n * sizeof *exposure);
    size_t *itm = malloc(n * sizeof *itm);
    if (!opts || !price || !exposure || !itm)
        return 1;

    make_book(opts, n);
    price_book(opts, price, n, paths, 0xC0FFEEull);
    double worst = stress_book(opts, price, n, paths / 4);
    size_t nitm = likely_in_money(opts, n, paths / 8, itm);
    double scale = calibrate_scale(opts, price, n);
    running_exposure(price, n, exposure);
    printf("options=%zu paths=%zu value=%.4f exposure=%.4f worst=%.4f itm=%zu scale=%.6f\n", n,
           paths, book_value(price, n), exposure[n - 1], worst, nitm, scale);
    free(opts);
    free(price);
    free(exposure);
    free(itm);
    return 0;
}
