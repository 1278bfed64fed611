/* dump_raw.c: a standalone checker for the runtime's raw profiles (profiler/raw_format.h).
 * It validates a file (magic, every record's size, PROCESS first, END last, sample counts
 * agreeing with the THREAD records) and prints a summary the runtime tests grep:
 *
 *   dump_raw FILE [--top N]
 *
 *   process pid=.. ppid=.. hz=.. clock=perf|timer|none period_ns=.. exe=PATH
 *   thread tid=.. name=NAME samples=.. dropped=.. cpu_ms=..
 *   end status=.. cpu_ms=.. samples=.. maps=.. threads=.. depth=(mean frames per sample)
 *   self FUNCTION COUNT        (leaf frames, the N most frequent)
 *   total FUNCTION COUNT       (samples with FUNCTION anywhere on the stack)
 *   leaf ADDRESS COUNT         (the N most frequent leaf addresses)
 *
 * Functions are resolved from the ELF symbol tables of the mapped files. Exit status 0 for a
 * valid file, 1 (with one line on stderr) otherwise. */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "raw_format.h"

#define SEEN_MAX 1024 /* functions remembered per sample for the inclusive counts */

struct map {
    uint64_t start, end, offset;
    char *path;
};

struct sym {
    uint64_t lo, hi;
    const char *name;
};

struct elf_file {
    char *path;
    int loaded;
    struct sym *syms;
    size_t nsyms;
    Elf64_Phdr *loads;
    size_t nloads;
};

struct count {
    const char *key;
    uint64_t addr;
    unsigned long n;
};

static struct map *maps;
static size_t nmaps;
static struct elf_file *elves;
static size_t nelves;

static int fail(const char *file, const char *why, long at)
{
    fprintf(stderr, "dump_raw: %s: %s (at byte %ld)\n", file, why, at);
    return 1;
}

static int sym_cmp(const void *a, const void *b)
{
    const struct sym *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Reads the function symbols and PT_LOAD headers of an ELF file (mapped, never freed). */
static void elf_load(struct elf_file *e)
{
    int fd = open(e->path, O_RDONLY);
    struct stat st;
    unsigned char *img;
    const Elf64_Ehdr *eh;

    e->loaded = 1;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
        if (fd >= 0)
            close(fd);
        return;
    }
    img = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (img == MAP_FAILED)
        return;
    eh = (const Elf64_Ehdr *)img;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64)
        return;
    e->loads = calloc(eh->e_phnum, sizeof(Elf64_Phdr));
    for (int i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *ph = (const void *)(img + eh->e_phoff + (size_t)i * eh->e_phentsize);
        if (ph->p_type == PT_LOAD)
            e->loads[e->nloads++] = *ph;
    }
    const Elf64_Shdr *sh = (const void *)(img + eh->e_shoff);
    for (int pass = 0; pass < 2 && e->nsyms == 0; pass++) {
        uint32_t want = pass == 0 ? SHT_SYMTAB : SHT_DYNSYM;
        for (int i = 0; i < eh->e_shnum; i++) {
            if (sh[i].sh_type != want)
                continue;
            const Elf64_Sym *s = (const void *)(img + sh[i].sh_offset);
            const char *strtab = (const char *)(img + sh[sh[i].sh_link].sh_offset);
            size_t n = sh[i].sh_size / sizeof(Elf64_Sym);
            e->syms = realloc(e->syms, (e->nsyms + n) * sizeof *e->syms);
            for (size_t k = 0; k < n; k++)
                if (ELF64_ST_TYPE(s[k].st_info) == STT_FUNC && s[k].st_value) {
                    struct sym *o = &e->syms[e->nsyms++];
                    o->lo = s[k].st_value;
                    o->hi = s[k].st_value + (s[k].st_size ? s[k].st_size : 1);
                    o->name = strtab + s[k].st_name;
                }
        }
    }
    qsort(e->syms, e->nsyms, sizeof *e->syms, sym_cmp);
}

static struct elf_file *elf_for(const char *path)
{
    for (size_t i = 0; i < nelves; i++)
        if (strcmp(elves[i].path, path) == 0)
            return &elves[i];
    elves = realloc(elves, (nelves + 1) * sizeof *elves);
    memset(&elves[nelves], 0, sizeof *elves);
    elves[nelves].path = strdup(path);
    return &elves[nelves++];
}

/* "function" for an address, or "file+0xoff", or "?"; the string stays valid. */
static const char *resolve_into(uint64_t addr, char *buf, size_t len)
{
    for (size_t i = 0; i < nmaps; i++) {
        const struct map *m = &maps[i];
        if (addr < m->start || addr >= m->end)
            continue;
        uint64_t off = addr - m->start + m->offset;
        if (m->path[0] != '/') {
            snprintf(buf, len, "%s+0x%llx", m->path[0] ? m->path : "[anon]",
                     (unsigned long long)(addr - m->start));
            return buf;
        }
        struct elf_file *e = elf_for(m->path);
        if (!e->loaded)
            elf_load(e);
        for (size_t k = 0; k < e->nloads; k++) {
            const Elf64_Phdr *ph = &e->loads[k];
            if (off < ph->p_offset || off >= ph->p_offset + ph->p_filesz)
                continue;
            uint64_t vaddr = off - ph->p_offset + ph->p_vaddr;
            size_t lo = 0, hi = e->nsyms;
            while (lo < hi) { /* last symbol starting at or below vaddr */
                size_t mid = (lo + hi) / 2;
                if (e->syms[mid].lo <= vaddr)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (size_t j = lo; j-- > 0 && lo - j < 64;)
                if (vaddr >= e->syms[j].lo && vaddr < e->syms[j].hi)
                    return e->syms[j].name;
        }
        const char *base = strrchr(m->path, '/');
        snprintf(buf, len, "%s+0x%llx", base ? base + 1 : m->path, (unsigned long long)off);
        return buf;
    }
    return "?";
}

static const char *resolve(uint64_t addr, char *buf, size_t len)
{
    const char *r = resolve_into(addr, buf, len);
    return r == buf ? strdup(buf) : r;
}

static void bump(struct count **v, size_t *n, const char *key, uint64_t addr)
{
    for (size_t i = 0; i < *n; i++)
        if ((key && (*v)[i].key && strcmp((*v)[i].key, key) == 0) ||
            (!key && !(*v)[i].key && (*v)[i].addr == addr)) {
            (*v)[i].n++;
            return;
        }
    *v = realloc(*v, (*n + 1) * sizeof **v);
    (*v)[*n].key = key ? strdup(key) : NULL;
    (*v)[*n].addr = addr;
    (*v)[*n].n = 1;
    (*n)++;
}

static int count_cmp(const void *a, const void *b)
{
    const struct count *x = a, *y = b;
    return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

int main(int argc, char **argv)
{
    const char *file = NULL;
    int top = 8;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--top") == 0 && i + 1 < argc)
            top = atoi(argv[++i]);
        else
            file = argv[i];
    }
    if (!file) {
        fprintf(stderr, "usage: dump_raw FILE [--top N]\n");
        return 2;
    }

    int fd = open(file, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0)
        return fail(file, "cannot open", 0);
    size_t len = (size_t)st.st_size;
    unsigned char *data = malloc(len + 1);
    if (!data || read(fd, data, len) != (ssize_t)len)
        return fail(file, "cannot read", 0);
    close(fd);
    if (len < 8 || memcmp(data, PA_RAW_MAGIC, 8) != 0)
        return fail(file, "bad magic", 0);

    /* Pass 1: structure. */
    size_t at = 8, nthreads = 0, nsamples = 0, nframes = 0;
    int seen_process = 0, seen_end = 0;
    struct pa_raw_process proc;
    struct pa_raw_end end;
    struct pa_raw_thread *threads = NULL;
    char exe[4097] = "";
    while (at < len) {
        struct pa_raw_record_head h;
        if (len - at < sizeof h)
            return fail(file, "truncated record head", (long)at);
        memcpy(&h, data + at, sizeof h);
        const unsigned char *body = data + at + sizeof h;
        if (len - at - sizeof h < h.size)
            return fail(file, "record runs past the end", (long)at);
        if (seen_end)
            return fail(file, "data after END", (long)at);
        if (!seen_process && h.type != PA_RAW_PROCESS)
            return fail(file, "first record is not PROCESS", (long)at);
        switch (h.type) {
        case PA_RAW_PROCESS:
            if (seen_process || h.size < sizeof proc)
                return fail(file, "bad PROCESS", (long)at);
            memcpy(&proc, body, sizeof proc);
            if (h.size != sizeof proc + proc.path_len || proc.path_len > 4096)
                return fail(file, "PROCESS size disagrees with path_len", (long)at);
            memcpy(exe, body + sizeof proc, proc.path_len);
            exe[proc.path_len] = '\0';
            seen_process = 1;
            break;
        case PA_RAW_MAP: {
            struct pa_raw_map m;
            if (h.size < sizeof m)
                return fail(file, "bad MAP", (long)at);
            memcpy(&m, body, sizeof m);
            if (h.size != sizeof m + m.path_len || m.end <= m.start)
                return fail(file, "MAP size disagrees with path_len", (long)at);
            maps = realloc(maps, (nmaps + 1) * sizeof *maps);
            maps[nmaps].start = m.start;
            maps[nmaps].end = m.end;
            maps[nmaps].offset = m.offset;
            maps[nmaps].path = strndup((const char *)body + sizeof m, m.path_len);
            nmaps++;
            break;
        }
        case PA_RAW_THREAD:
            if (h.size != sizeof(struct pa_raw_thread))
                return fail(file, "bad THREAD size", (long)at);
            threads = realloc(threads, (nthreads + 1) * sizeof *threads);
            memcpy(&threads[nthreads++], body, sizeof *threads);
            break;
        case PA_RAW_SAMPLE: {
            struct pa_raw_sample s;
            if (h.size < sizeof s)
                return fail(file, "bad SAMPLE", (long)at);
            memcpy(&s, body, sizeof s);
            if (h.size != sizeof s + 8ULL * s.nframes || s.nframes == 0)
                return fail(file, "SAMPLE size disagrees with nframes", (long)at);
            nsamples++;
            nframes += s.nframes;
            break;
        }
        case PA_RAW_END:
            if (h.size != sizeof end)
                return fail(file, "bad END size", (long)at);
            memcpy(&end, body, sizeof end);
            seen_end = 1;
            break;
        default:
            return fail(file, "unknown record type", (long)at);
        }
        at += sizeof h + h.size;
    }
    if (!seen_end)
        return fail(file, "no END record", (long)at);

    /* Pass 2: samples per thread, functions. */
    unsigned long *per_thread = calloc(nthreads + 1, sizeof *per_thread);
    struct count *self = NULL, *total = NULL, *leaves = NULL;
    size_t nself = 0, ntotal = 0, nleaves = 0;
    char buf[512];
    for (at = 8; at < len;) {
        struct pa_raw_record_head h;
        memcpy(&h, data + at, sizeof h);
        if (h.type == PA_RAW_SAMPLE) {
            struct pa_raw_sample s;
            memcpy(&s, data + at + sizeof h, sizeof s);
            const unsigned char *fr = data + at + sizeof h + sizeof s;
            size_t t;
            for (t = 0; t < nthreads && threads[t].tid != s.tid; t++)
                ;
            if (t == nthreads)
                return fail(file, "SAMPLE of a thread without THREAD record", (long)at);
            per_thread[t]++;
            const char *seen[SEEN_MAX];
            size_t nseen = 0;
            for (uint32_t k = 0; k < s.nframes; k++) {
                uint64_t a;
                memcpy(&a, fr + 8 * k, 8);
                const char *fn = resolve(k ? a - 1 : a, buf, sizeof buf);
                if (k == 0) {
                    bump(&self, &nself, fn, 0);
                    bump(&leaves, &nleaves, NULL, a);
                }
                size_t j;
                for (j = 0; j < nseen && strcmp(seen[j], fn) != 0; j++)
                    ;
                if (j == nseen && nseen < SEEN_MAX) {
                    bump(&total, &ntotal, fn, 0);
                    seen[nseen++] = fn;
                }
            }
        }
        at += sizeof h + h.size;
    }
    for (size_t t = 0; t < nthreads; t++)
        if (per_thread[t] != threads[t].samples)
            return fail(file, "THREAD samples disagree with its SAMPLE records", 0);

    printf("process pid=%d ppid=%d hz=%u clock=%s period_ns=%llu exe=%s\n", proc.pid, proc.ppid,
           proc.requested_hz,
           proc.clock == PA_RAW_CLOCK_PERF_TASK_CLOCK  ? "perf"
           : proc.clock == PA_RAW_CLOCK_THREAD_CPUTIME ? "timer"
                                                       : "none",
           (unsigned long long)proc.period_ns, exe);
    for (size_t t = 0; t < nthreads; t++)
        printf("thread tid=%d name=%.16s samples=%u dropped=%llu cpu_ms=%.1f\n", threads[t].tid,
               threads[t].name[0] ? threads[t].name : "-", threads[t].samples,
               (unsigned long long)threads[t].dropped, threads[t].cpu_ns / 1e6);
    printf("end status=%d cpu_ms=%.1f samples=%zu maps=%zu threads=%zu depth=%.1f\n",
           end.exit_status, end.cpu_ns / 1e6, nsamples, nmaps, nthreads,
           nsamples ? (double)nframes / (double)nsamples : 0.0);
    qsort(self, nself, sizeof *self, count_cmp);
    qsort(total, ntotal, sizeof *total, count_cmp);
    qsort(leaves, nleaves, sizeof *leaves, count_cmp);
    for (size_t i = 0; i < nself && (int)i < top; i++)
        printf("self %s %lu\n", self[i].key, self[i].n);
    for (size_t i = 0; i < ntotal && (int)i < top; i++)
        printf("total %s %lu\n", total[i].key, total[i].n);
    for (size_t i = 0; i < nleaves && (int)i < top; i++)
        printf("leaf 0x%llx %lu\n", (unsigned long long)leaves[i].addr, leaves[i].n);
    return 0;
}
