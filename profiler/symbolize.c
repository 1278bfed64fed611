/* symbolize.c: address -> (function, file, line) chains with libdwfl, cached per address. */
#include "symbolize.h"
#include "perfaudit/profile.h"
#include "raw_reader.h"
#include "strbuf.h"
#include "xalloc.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_INLINE 16

struct resolved {
    uint64_t address; /* the key; 0 marks an empty slot (0 is never a code address) */
    unsigned nframes;
    unsigned frames[MAX_INLINE]; /* location ids, innermost first */
};

struct module_note {
    Dwfl_Module *module;
    bool has_dwarf;
    uint64_t samples;
};

struct symbolizer {
    Dwfl *dwfl;
    struct pa_profile *profile;
    struct resolved *cache;
    size_t cap, n;
    struct module_note *modules;
    size_t nmodules, cap_modules;
};

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The load bias of the file mapped at m: where its p_vaddr 0 sits in the process. */
static bool load_bias(const struct pa_raw_mapping *m, GElf_Addr *bias, bool *is_exec)
{
    int fd = open(m->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool ok = false;
    Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
    GElf_Ehdr ehdr;
    size_t nph = 0;
    if (elf && gelf_getehdr(elf, &ehdr) && elf_getphdrnum(elf, &nph) == 0) {
        *is_exec = ehdr.e_type == ET_EXEC;
        for (size_t i = 0; i < nph && !ok; i++) {
            GElf_Phdr ph;
            if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
                continue;
            if (m->map.offset >= ph.p_offset && m->map.offset < ph.p_offset + ph.p_filesz) {
                *bias = m->map.start - (m->map.offset - ph.p_offset) - ph.p_vaddr;
                ok = true;
            }
        }
    }
    if (elf)
        elf_end(elf);
    close(fd);
    return ok;
}

static void report_modules(struct symbolizer *s, const struct pa_raw_profile *raw)
{
    dwfl_report_begin(s->dwfl);
    for (size_t i = 0; i < raw->nmaps; i++) {
        const struct pa_raw_mapping *m = &raw->maps[i];
        if (!m->path[0] || m->path[0] != '/')
            continue; /* [vdso], anonymous JIT memory */
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(raw->maps[j].path, m->path) == 0;
        GElf_Addr bias = 0;
        bool is_exec = false;
        if (seen || !load_bias(m, &bias, &is_exec))
            continue;
        dwfl_report_elf(s->dwfl, base_name(m->path), m->path, -1, is_exec ? 0 : bias, true);
    }
    dwfl_report_end(s->dwfl, NULL, NULL);
}

static struct module_note *note_of(struct symbolizer *s, Dwfl_Module *mod)
{
    for (size_t i = 0; i < s->nmodules; i++)
        if (s->modules[i].module == mod)
            return &s->modules[i];
    PA_GROW(s->modules, s->cap_modules, s->nmodules + 1);
    s->modules[s->nmodules] = (struct module_note){mod, false, 0};
    return &s->modules[s->nmodules++];
}

static const char *die_name(Dwarf_Die *die)
{
    Dwarf_Attribute attr;
    if (dwarf_attr_integrate(die, DW_AT_name, &attr))
        return dwarf_formstring(&attr);
    return NULL;
}

/* The file a DW_AT_call_file index names in the compilation unit's file table. */
static const char *call_file(Dwarf_Die *cu, Dwarf_Die *inlined)
{
    Dwarf_Attribute attr;
    Dwarf_Word index;
    Dwarf_Files *files;
    size_t nfiles;
    if (!dwarf_attr(inlined, DW_AT_call_file, &attr) || dwarf_formudata(&attr, &index) != 0 ||
        dwarf_getsrcfiles(cu, &files, &nfiles) != 0 || index >= nfiles)
        return NULL;
    return dwarf_filesrc(files, index, NULL, NULL);
}

static unsigned call_line(Dwarf_Die *inlined)
{
    Dwarf_Attribute attr;
    Dwarf_Word line;
    if (!dwarf_attr(inlined, DW_AT_call_line, &attr) || dwarf_formudata(&attr, &line) != 0)
        return 0;
    return (unsigned)line;
}

static void resolve(struct symbolizer *s, uint64_t pc, struct resolved *r)
{
    struct pa_profile *p = s->profile;
    Dwfl_Module *mod = dwfl_addrmodule(s->dwfl, pc);
    const char *module = NULL;
    if (mod)
        module = dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    struct module_note *note = mod ? note_of(s, mod) : NULL;
    r->nframes = 0;
    Dwarf_Addr bias = 0;
    Dwarf_Die *cu = mod ? dwfl_module_addrdie(mod, pc, &bias) : NULL;
    if (cu) {
        note->has_dwarf = true;
        const char *file = NULL;
        int line = 0;
        Dwfl_Line *l = dwfl_module_getsrc(mod, pc);
        if (l)
            file = dwfl_lineinfo(l, NULL, &line, NULL, NULL, NULL);
        Dwarf_Die *scopes = NULL;
        int n = dwarf_getscopes(cu, pc - bias, &scopes);
        if (n > 0) {
            /* dwarf_getscopes leaves out an inlined body's concrete callers when inlines nest
             * (a helper inlined into a function inlined into main); the scopes of the
             * innermost DIE have them all, as elfutils' addr2line -i does it */
            Dwarf_Die innermost = scopes[0];
            Dwarf_Die *chain = NULL;
            int m = dwarf_getscopes_die(&innermost, &chain);
            if (m > 0) {
                free(scopes);
                scopes = chain;
                n = m;
            } else {
                free(chain);
            }
        }
        for (int i = 0; i < n && r->nframes < MAX_INLINE; i++) {
            int tag = dwarf_tag(&scopes[i]);
            if (tag != DW_TAG_subprogram && tag != DW_TAG_inlined_subroutine)
                continue;
            const char *name = die_name(&scopes[i]);
            int decl_line = 0;
            dwarf_decl_line(&scopes[i], &decl_line);
            const char *decl_file = dwarf_decl_file(&scopes[i]);
            unsigned f = pa_profile_function(p, name ? name : "?", decl_file ? decl_file : file,
                                             (unsigned)decl_line, module);
            r->frames[r->nframes++] = pa_profile_location(p, f, (unsigned)line);
            if (tag == DW_TAG_subprogram)
                break;
            /* the caller of an inlined body: the line and file of the call */
            line = (int)call_line(&scopes[i]);
            const char *cf = call_file(cu, &scopes[i]);
            if (cf)
                file = cf;
        }
        free(scopes);
    }
    if (r->nframes == 0) {
        /* no DWARF here: the symbol table, or the address itself */
        const char *sym = mod ? dwfl_module_addrname(mod, pc) : NULL;
        char hex[32];
        if (!sym) {
            snprintf(hex, sizeof(hex), "0x%" PRIx64, pc);
            sym = hex;
        }
        unsigned f = pa_profile_function(p, sym, NULL, 0, module);
        r->frames[r->nframes++] = pa_profile_location(p, f, 0);
    }
}

/* Is pc inside one of perfaudit's runtimes, preloaded into the program? */
static bool in_runtime(Dwfl *dwfl, uint64_t pc)
{
    Dwfl_Module *mod = dwfl_addrmodule(dwfl, pc);
    const char *name = mod ? dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL, NULL, NULL) : NULL;
    return name && (strncmp(name, "libperfaudit_runtime", 20) == 0 ||
                    strncmp(name, "libperfaudit_instrument", 23) == 0);
}

static const struct resolved *lookup(struct symbolizer *s, uint64_t pc)
{
    if ((s->n + 1) * 2 > s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 1024;
        struct resolved *nc = pa_xcalloc(ncap, sizeof(*nc));
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->cache[i].address)
                continue;
            size_t j = (size_t)(s->cache[i].address * 0x9e3779b97f4a7c15ull) & (ncap - 1);
            while (nc[j].address)
                j = (j + 1) & (ncap - 1);
            nc[j] = s->cache[i];
        }
        free(s->cache);
        s->cache = nc;
        s->cap = ncap;
    }
    size_t i = (size_t)(pc * 0x9e3779b97f4a7c15ull) & (s->cap - 1);
    while (s->cache[i].address && s->cache[i].address != pc)
        i = (i + 1) & (s->cap - 1);
    if (!s->cache[i].address) {
        resolve(s, pc, &s->cache[i]);
        s->cache[i].address = pc;
        s->n++;
    }
    return &s->cache[i];
}

void pa_symbolize(const struct pa_raw_profile *raw, struct pa_profile *profile,
                  struct pa_strbuf *notes)
{
    static char *debuginfo_path = NULL;
    Dwfl_Callbacks callbacks = {
        .find_elf = dwfl_build_id_find_elf,
        .find_debuginfo = dwfl_standard_find_debuginfo,
        .section_address = dwfl_offline_section_address,
        .debuginfo_path = &debuginfo_path,
    };
    struct symbolizer s = {.dwfl = dwfl_begin(&callbacks), .profile = profile};
    if (s.dwfl)
        report_modules(&s, raw);
    unsigned *frames = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < raw->nsamples; i++) {
        const struct pa_raw_sample_ref *ref = &raw->samples[i];
        unsigned n = 0;
        for (uint32_t k = 0; k < ref->nframes; k++) {
            uint64_t addr = raw->addresses[ref->first + k];
            if (!addr)
                continue;
            /* above the leaf, addresses are return addresses: look up the call itself */
            uint64_t pc = k == 0 ? addr : addr - 1;
            if (s.dwfl && in_runtime(s.dwfl, pc))
                continue; /* perfaudit's own frames (its wrapper around main) are not the program's
                           */
            const struct resolved *r = s.dwfl ? lookup(&s, pc) : NULL;
            if (!r)
                continue;
            PA_GROW(frames, cap, (size_t)n + r->nframes);
            memcpy(frames + n, r->frames, r->nframes * sizeof(*frames));
            n += r->nframes;
            if (k == 0) {
                Dwfl_Module *mod = dwfl_addrmodule(s.dwfl, pc);
                if (mod)
                    note_of(&s, mod)->samples++;
            }
        }
        if (n)
            pa_profile_add_stack(profile, frames, n, 1);
    }
    /* exact statistics: an entry address names its function (no call site to step back) */
    for (size_t i = 0; i < raw->nfuncstats && s.dwfl; i++) {
        const struct pa_raw_funcstat *fs = &raw->funcstats[i];
        const struct resolved *r = lookup(&s, fs->address);
        unsigned function = profile->locations[r->frames[r->nframes - 1]].function;
        struct pa_prof_stats st = {function, fs->calls, fs->primitive_calls,
                                   (double)fs->tottime_ns / 1e9, (double)fs->cumtime_ns / 1e9};
        pa_profile_add_stats(profile, &st);
        Dwfl_Module *mod = dwfl_addrmodule(s.dwfl, fs->address);
        if (mod)
            note_of(&s, mod)->samples++;
    }
    for (size_t i = 0; i < s.nmodules; i++) {
        const struct module_note *m = &s.modules[i];
        if (m->has_dwarf || !m->samples || !notes)
            continue;
        const char *name = dwfl_module_info(m->module, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
        pa_strbuf_printf(notes,
                         "%s: no debug information for %llu samples: their functions "
                         "have no file or line (build with -g, or install its -dbgsym "
                         "package)\n",
                         name ? name : "?", (unsigned long long)m->samples);
    }
    free(frames);
    free(s.cache);
    free(s.modules);
    if (s.dwfl)
        dwfl_end(s.dwfl);
}
