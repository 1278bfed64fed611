/*
 * edit_distance - spelling suggestions: for each query word find the
 * dictionary words within a small Levenshtein distance, and print
 * dictionary statistics from a word tree.
 *
 * usage: edit_distance [ndict]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXW 12
#define NQUERIES 4
#define DEFAULT_DICT 500

struct node {
    const char *word;
    struct node *left, *right;
};

uint32_t rnd(uint32_t *s)
{
    *s = *s * 747796405u + 2891336453u;
    return (*s >> 16) ^ *s;
}

void make_word(uint32_t *s, char *w, int len)
{
    static const char letters[] = "aeioulnrstcdmp";
    for (int k = 0; k < len; k++)
        w[k] = letters[rnd(s) % 14];
    w[len] = '\0';
}

int edit_dist(const char *a, int la, const char *b, int lb)
{
    /* bottom-up over prefixes: row[j] is the distance of a's first i letters to b's first j
     * (words here are at most MAXW letters) */
    int row[MAXW + 1];
    for (int j = 0; j <= lb; j++)
        row[j] = j;
    for (int i = 1; i <= la; i++) {
        int diag = row[0]; /* the distance for (i - 1, j - 1) */
        row[0] = i;
        for (int j = 1; j <= lb; j++) {
            int up = row[j], best;
            if (a[i - 1] == b[j - 1]) {
                best = diag;
            } else {
                best = up < row[j - 1] ? up : row[j - 1];
                best = 1 + (best < diag ? best : diag);
            }
            diag = up;
            row[j] = best;
        }
    }
    return row[lb];
}

int edit_dist_memo(const char *a, int la, const char *b, int lb, int memo[MAXW + 1][MAXW + 1])
{
    int d1, d2, d3, best;
    if (la == 0)
        return lb;
    if (lb == 0)
        return la;
    if (memo[la][lb] >= 0)
        return memo[la][lb];
    if (a[la - 1] == b[lb - 1]) {
        best = edit_dist_memo(a, la - 1, b, lb - 1, memo);
    } else {
        d1 = edit_dist_memo(a, la - 1, b, lb, memo);
        d2 = edit_dist_memo(a, la, b, lb - 1, memo);
        d3 = edit_dist_memo(a, la - 1, b, lb - 1, memo);
        best = d1 < d2 ? d1 : d2;
        best = 1 + (best < d3 ? best : d3);
    }
    memo[la][lb] = best;
    return best;
}

int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int find_word(char *const *sorted, long lo, long hi, const char *key)
{
    long mid;
    int c;
    if (lo > hi)
        return 0;
    mid = lo + (hi - lo) / 2;
    c = strcmp(sorted[mid], key);
    if (c == 0)
        return 1;
    if (c < 0)
        return find_word(sorted, mid + 1, hi, key);
    return find_word(sorted, lo, mid - 1, key);
}

void tree_insert(struct node **root, struct node *n)
{
    while (*root != NULL)
        root = strcmp(n->word, (*root)->word) < 0 ? &(*root)->left : &(*root)->right;
    n->left = n->right = NULL;
    *root = n;
}

size_t tree_count(const struct node *t)
{
    if (t == NULL)
        return 0;
    return 1 + tree_count(t->left) + tree_count(t->right);
}

int tree_height(const struct node *t)
{
    int hl, hr;
    if (t == NULL)
        return 0;
    hl = tree_height(t->left);
    hr = tree_height(t->right);
    return 1 + (hl > hr ? hl : hr);
}

size_t shared_prefix(const char *a, const char *b)
{
    size_t k = 0;
    while (a[k] != '\0' && a[k] == b[k])
        k++;
    return k;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_DICT;
    char (*dict)[MAXW + 1], queries[NQUERIES][MAXW + 1];
    char **sorted;
    struct node *nodes, *root = NULL;
    uint32_t s = 20240611u;
    size_t close = 0, exact = 0, agree = 0, prefix = 0;

    if (n == 0)
        n = DEFAULT_DICT;
    dict = malloc(n * sizeof *dict);
    sorted = malloc(n * sizeof *sorted);
    nodes = malloc(n * sizeof *nodes);
    if (dict == NULL || sorted == NULL || nodes == NULL)
        return 1;
    for (size_t i = 0; i < n; i++) {
        make_word(&s, dict[i], 7 + (int)(rnd(&s) % 3));
        sorted[i] = dict[i];
        nodes[i].word = dict[i];
        tree_insert(&root, &nodes[i]);
    }
    for (int q = 0; q < NQUERIES; q++)
        make_word(&s, queries[q], 8);
    qsort(sorted, n, sizeof *sorted, cmp_str);

    for (int q = 0; q < NQUERIES; q++) {
        int lq = (int)strlen(queries[q]);
        exact += (size_t)find_word(sorted, 0, (long)n - 1, queries[q]);
        for (size_t i = 0; i < n; i++) {
            int memo[MAXW + 1][MAXW + 1];
            int ld = (int)strlen(dict[i]);
            int d = edit_dist(queries[q], lq, dict[i], ld);
            memset(memo, -1, sizeof memo);
            if (d <= 5)
                close++;
            if (d == edit_dist_memo(queries[q], lq, dict[i], ld, memo))
                agree++;
            prefix += shared_prefix(queries[q], dict[i]);
        }
    }
    printf("dict=%zu close=%zu exact=%zu agree=%zu prefix=%zu nodes=%zu height=%d first=%s\n",
           n, close, exact, agree, prefix, tree_count(root), tree_height(root), sorted[0]);
    free(nodes);
    free(sorted);
    free(dict);
    return 0;
}
