/*
 * grid_routes - warehouse picking planner: for each pick order count the
 * shortest (right/down) aisle routes from the depot to the shelf cell,
 * avoiding blocked cells, and group the orders into picking waves.
 *
 * usage: grid_routes [npicks]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROWS 14
#define COLS 14
#define NZONES 4
#define WAVE_SIZE 16
#define DEFAULT_PICKS 2000

struct grid {
    unsigned char blocked[ROWS][COLS];
};

struct pick {
    int row, col;
    int zone;
    uint32_t order_id;
};

struct step {
    int row, col;
    struct step *next;
};

uint32_t prng(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

void make_grid(struct grid *g, uint32_t seed)
{
    uint32_t s = seed;
    for (int r = 0; r < ROWS; r++) {
        for (int c = 0; c < COLS; c++)
            g->blocked[r][c] = (r + c > 2) && (prng(&s) % 9 == 0);
    }
}

int64_t count_routes(const struct grid *g, int r, int c)
{
    int64_t ways[ROWS][COLS]; /* bottom-up: routes from the depot to each cell up to (r, c) */
    if (r < 0 || c < 0 || g->blocked[r][c])
        return 0;
    for (int i = 0; i <= r; i++) {
        for (int j = 0; j <= c; j++) {
            if (g->blocked[i][j])
                ways[i][j] = 0;
            else if (i == 0 && j == 0)
                ways[i][j] = 1;
            else
                ways[i][j] = (i > 0 ? ways[i - 1][j] : 0) + (j > 0 ? ways[i][j - 1] : 0);
        }
    }
    return ways[r][c];
}

int64_t count_routes_cached(const struct grid *g, int r, int c, int64_t memo[ROWS][COLS])
{
    int64_t v;
    if (r < 0 || c < 0 || g->blocked[r][c])
        return 0;
    if (r == 0 && c == 0)
        return 1;
    if (memo[r][c] >= 0)
        return memo[r][c];
    v = count_routes_cached(g, r - 1, c, memo) + count_routes_cached(g, r, c - 1, memo);
    memo[r][c] = v;
    return v;
}

size_t route_length(const struct step *p)
{
    size_t len = 0;
    for (; p != NULL; p = p->next)
        len++;
    return len;
}

int blocked_cells(const struct grid *g)
{
    int total = 0;
    for (int r = 0; r < ROWS; r++) {
        for (int c = 0; c < COLS; c++)
            total += g->blocked[r][c];
    }
    return total;
}

uint64_t pow_mod(uint64_t base, uint64_t e, uint64_t m)
{
    uint64_t half;
    if (e == 0)
        return 1 % m;
    half = pow_mod(base, e / 2, m);
    half = half * half % m;
    return (e % 2) ? half * (base % m) % m : half;
}

int cmp_pick(const void *a, const void *b)
{
    const struct pick *x = a, *y = b;
    if (x->zone != y->zone)
        return x->zone - y->zone;
    return (x->row + x->col) - (y->row + y->col);
}

/* Sort picks by zone and distance, then cut them into waves. */
size_t plan_waves(struct pick *picks, size_t n, uint32_t *wave_of)
{
    size_t waves = 0, in_wave = 0;
    int zone = -1;
    qsort(picks, n, sizeof *picks, cmp_pick);
    for (size_t i = 0; i < n; i++) {
        if (picks[i].zone != zone || in_wave == WAVE_SIZE) {
            waves++;
            in_wave = 0;
            zone = picks[i].zone;
        }
        wave_of[i] = (uint32_t)waves;
        in_wave++;
    }
    return waves;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_PICKS;
    struct grid g;
    struct pick *picks;
    struct step path[ROWS + COLS], *head = NULL;
    uint32_t *wave_of, s = 8675309u;
    int64_t memo[ROWS][COLS], total = 0, total_cached = 0;
    size_t waves, plen;

    if (n == 0)
        n = DEFAULT_PICKS;
    picks = malloc(n * sizeof *picks);
    wave_of = malloc(n * sizeof *wave_of);
    if (picks == NULL || wave_of == NULL)
        return 1;
    make_grid(&g, 1234u);
    memset(memo, -1, sizeof memo);
    for (size_t i = 0; i < n; i++) {
        picks[i].row = 6 + (int)(prng(&s) % (ROWS - 6));
        picks[i].col = 6 + (int)(prng(&s) % (COLS - 6));
        picks[i].zone = (int)(prng(&s) % NZONES);
        picks[i].order_id = (uint32_t)i;
        total += count_routes(&g, picks[i].row, picks[i].col);
        total_cached += count_routes_cached(&g, picks[i].row, picks[i].col, memo);
    }
    for (int k = 0; k < ROWS + COLS - 1; k++) {
        path[k].row = k < COLS ? 0 : k - COLS + 1;
        path[k].col = k < COLS ? k : COLS - 1;
        path[k].next = head;
        head = &path[k];
    }
    plen = route_length(head);
    waves = plan_waves(picks, n, wave_of);
    printf("picks=%zu routes=%lld/%lld blocked=%d waves=%zu path=%zu check=%llu\n",
           n, (long long)total, (long long)total_cached, blocked_cells(&g), waves, plen,
           (unsigned long long)pow_mod(7, (uint64_t)total, 1000000007ull));
    free(wave_of);
    free(picks);
    return 0;
}
