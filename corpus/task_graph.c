/* task_graph.c: a small build scheduler. Tasks with dependencies are generated from a seed,
 * kept in a linked list walked through an iterator, indexed by id in a skip list, and
 * scheduled from a ready queue; a report counts dependents, runs and kinds.
 *
 * usage: task_graph [ntasks]   (default 16000) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_TASKS 16000
#define MAX_DEPS 4
#define MAX_LEVEL 12
#define PREVIEW 8
#define MIX_ROUNDS 4
#define NKINDS 4

struct task {
    int id;
    int kind;
    int group; /* id of the task that leads its group */
    int ndeps;
    int deps[MAX_DEPS];
    int indegree;
    struct task *next;
};

struct task_list {
    struct task *head;
    int count;
};

struct task_iter {
    struct task *at;
};

struct ready_queue {
    int *slots;
    int head, tail;
};

struct skip_node {
    int key;
    struct task *task;
    struct skip_node *forward[MAX_LEVEL];
};

struct skip_list {
    struct skip_node head;
    int level;
};

static const char *const kind_names[NKINDS] = { "compile", "link", "test", "package" };

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

void make_tasks(struct task *all, int n, struct task_list *list, unsigned seed)
{
    list->head = NULL;
    list->count = 0;
    for (int i = n - 1; i >= 0; i--) {
        struct task *t = &all[i];
        t->id = i * 7 + 3;
        t->kind = (int)(lcg(&seed) % NKINDS);
        t->group = (i - i % 16) * 7 + 3;
        t->ndeps = i == 0 ? 0 : (int)(lcg(&seed) % MAX_DEPS) + 1;
        for (int d = 0; d < t->ndeps; d++)
            t->deps[d] = (int)(lcg(&seed) % (unsigned)i) * 7 + 3;
        t->indegree = t->ndeps;
        t->next = list->head;
        list->head = t;
        list->count++;
    }
}

struct task *task_iter_next(struct task_iter *it)
{
    struct task *t = it->at;
    if (t != NULL)
        it->at = t->next;
    return t;
}

/* For every task, the number of tasks that list it as a dependency. */
size_t count_dependents(struct task_list *list, const struct task *all, int n)
{
    struct task_iter it = { list->head };
    struct task *t;
    size_t total = 0;

    while ((t = task_iter_next(&it)) != NULL) {
        for (int j = 0; j < n; j++) {
            const struct task *u = &all[j];
            for (int d = 0; d < u->ndeps; d++)
                if (u->deps[d] == t->id)
                    total++;
        }
    }
    return total;
}

static int queue_empty(const struct ready_queue *q)
{
    return q->head == q->tail;
}

static void queue_push(struct ready_queue *q, int v)
{
    q->slots[q->tail++] = v;
}

static int queue_pop(struct ready_queue *q)
{
    return q->slots[q->head++];
}

/* Runs the ready tasks in queue order, charging each to its group leader. */
long schedule(const struct task *all, int n, struct ready_queue *q, int *order)
{
    long charged = 0;
    int done = 0;

    for (int i = 0; i < n; i += 4)
        queue_push(q, i);
    while (!queue_empty(q)) {
        int i = queue_pop(q), leader = -1;
        order[done++] = i;
        for (int j = 0; j < n; j++) {
            if (all[j].id == all[i].group) {
                leader = j;
                break;
            }
        }
        charged += leader;
    }
    return charged;
}

/* Number of runs of consecutive tasks of one kind: one pass, the inner loop moves i on. */
int count_kind_runs(const struct task *all, int n)
{
    int runs = 0, j;

    for (int i = 0; i < n;) {
        for (j = i; j < n && all[j].kind == all[i].kind; j++)
            ;
        runs++;
        i = j;
    }
    return runs;
}

/* For the first PREVIEW tasks of the list, how many tasks they lead. */
int preview_groups(const struct task_list *list, const struct task *all, int n, int *out)
{
    int shown = 0;

    for (const struct task *t = list->head; t != NULL; t = t->next) {
        int led = 0;
        if (shown >= PREVIEW)
            break;
        for (int j = 0; j < n; j++)
            led += all[j].group == t->id;
        out[shown] = led;
        shown++;
    }
    return shown;
}

void skip_insert(struct skip_list *sl, struct skip_node *node, unsigned *seed)
{
    struct skip_node *update[MAX_LEVEL];
    struct skip_node *x = &sl->head;
    int level = 1;

    for (int lvl = sl->level - 1; lvl >= 0; lvl--) {
        while (x->forward[lvl] != NULL && x->forward[lvl]->key < node->key)
            x = x->forward[lvl];
        update[lvl] = x;
    }
    while (level < MAX_LEVEL && (lcg(seed) & 3) == 0)
        level++;
    for (int lvl = sl->level; lvl < level; lvl++)
        update[lvl] = &sl->head;
    if (level > sl->level)
        sl->level = level;
    for (int lvl = 0; lvl < level; lvl++) {
        node->forward[lvl] = update[lvl]->forward[lvl];
        update[lvl]->forward[lvl] = node;
    }
}

struct task *skip_find(const struct skip_list *sl, int key)
{
    const struct skip_node *x = &sl->head;

    for (int lvl = sl->level - 1; lvl >= 0; lvl--)
        while (x->forward[lvl] != NULL && x->forward[lvl]->key < key)
            x = x->forward[lvl];
    x = x->forward[0];
    return x != NULL && x->key == key ? x->task : NULL;
}

/* Resolves every dependency through the id index. */
long resolve_deps(const struct skip_list *sl, const struct task *all, int n)
{
    long found = 0;

    for (int i = 0; i < n; i++)
        for (int d = 0; d < all[i].ndeps; d++)
            found += skip_find(sl, all[i].deps[d]) != NULL;
    return found;
}

/* The kind named by s[0..len), or -1. */
int kind_of(const char *s, size_t len)
{
    for (int k = 0; k < NKINDS; k++)
        if (strlen(kind_names[k]) == len && memcmp(kind_names[k], s, len) == 0)
            return k;
    return -1;
}

/* Parses a space-separated list of kind names, counting each kind. */
int parse_kinds(const char *text, int *counts)
{
    int words = 0;
    const char *p = text;

    while (*p != '\0') {
        size_t len = strcspn(p, " ");
        int k = kind_of(p, len);
        if (k >= 0)
            counts[k]++;
        words++;
        p += len;
        if (*p == ' ')
            p++;
    }
    return words;
}

/* A fingerprint of the ids; every caller mixes a fixed number of rounds. */
static unsigned mix_ids(const struct task *all, int n, int rounds)
{
    unsigned h = 2166136261u;

    for (int i = 0; i < n; i++)
        for (int r = 0; r < rounds; r++)
            h = (h ^ (unsigned)all[i].id) * 16777619u + (unsigned)r;
    return h;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : DEFAULT_TASKS;
    struct task *all;
    struct task_list list;
    struct ready_queue q;
    struct skip_list sl;
    struct skip_node *nodes;
    int *order, groups[PREVIEW], counts[NKINDS] = { 0 };
    char *text;
    size_t dependents, tlen = 0;
    long charged;
    int words;
    unsigned seed = 42u;

    if (n <= 0)
        n = DEFAULT_TASKS;
    all = malloc((size_t)n * sizeof *all);
    nodes = calloc((size_t)n, sizeof *nodes);
    order = malloc((size_t)n * sizeof *order);
    q.slots = malloc((size_t)n * sizeof *q.slots);
    text = malloc((size_t)n * 9 + 1);
    if (all == NULL || nodes == NULL || order == NULL || q.slots == NULL || text == NULL)
        return 1;
    q.head = q.tail = 0;
    make_tasks(all, n, &list, 7u);
    memset(&sl, 0, sizeof sl);
    sl.level = 1;
    for (int i = 0; i < n; i++) {
        nodes[i].key = all[i].id;
        nodes[i].task = &all[i];
        skip_insert(&sl, &nodes[i], &seed);
    }
    for (int i = 0; i < n; i++) {
        const char *name = kind_names[all[i].kind];
        size_t len = strlen(name);
        memcpy(text + tlen, name, len);
        tlen += len;
        text[tlen++] = ' ';
    }
    text[tlen] = '\0';
    dependents = count_dependents(&list, all, n);
    charged = schedule(all, n, &q, order);
    words = parse_kinds(text, counts);
    printf("tasks=%d dependents=%zu charged=%ld runs=%d preview=%d resolved=%ld words=%d "
           "compile=%d mix=%08x\n",
           n, dependents, charged, count_kind_runs(all, n), preview_groups(&list, all, n, groups),
           resolve_deps(&sl, all, n), words, counts[0], mix_ids(all, n, MIX_ROUNDS));
    free(text);
    free(q.slots);
    free(order);
    free(nodes);
    free(all);
    return 0;
}
