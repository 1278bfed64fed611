/* unbuffered_io_in_loop.c: a system call per element of a growing loop: a read or write of a
 * few bytes, the same file opened again, a flush on every iteration. */
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"
#include "perfaudit/summary.h"

#include <stdio.h>
#include <string.h>

/* Bytes moved per call up to which the call moves one element (a few scalars, a small record)
 * and the system call, a few hundred nanoseconds, costs far more than the copy. */
#define SMALL_TRANSFER 64
#define MAX_GUARDS     8

/* Is the path the same on every iteration of loop: unchanged in it, or a buffer that the loop
 * refills from values that do not change (snprintf(path, n, "%s/log", dir))? */
static bool same_path(const struct pa_program *prog, const struct pa_function *fn,
                      const struct pa_expr *path, const struct pa_loop *loop)
{
    if (pa_expr_invariant_in(prog, fn, path, loop))
        return true;
    path = pa_expr_strip(path);
    if (!path || path->kind != PA_EXPR_VAR || path->var < 0 ||
        fn->vars[path->var].kind != PA_VAR_LOCAL)
        return false;
    bool refilled = false;
    for (unsigned i = 0; i < fn->nwrites; i++) {
        const struct pa_write *w = &fn->writes[i];
        if (w->var != path->var || !pa_loop_within(w->loop, loop))
            continue;
        if (w->call < 0 || w->arg != 0)
            return false; /* stored element by element */
        const struct pa_expr *call = fn->calls[w->call].call;
        const struct pa_summary *cs = pa_call_summary(prog, &fn->calls[w->call]);
        const unsigned fills =
            PA_EFFECT_BIT(PA_EFFECT_OVERWRITES) | PA_EFFECT_BIT(PA_EFFECT_APPENDS_STRING);
        if (!cs || !(cs->params[0].mask & fills))
            return false;
        for (unsigned a = 1; a < call->nkids; a++)
            if (!pa_expr_invariant_in(prog, fn, call->kids[a], loop))
                return false;
        refilled = true;
    }
    return refilled;
}

static bool found_write(const struct pa_expr *write, void *data)
{
    (void)write;
    *(bool *)data = true;
    return false;
}

/* Does e name the same descriptor or stream on every iteration of loop: a constant (1,
 * NULL), a variable the loop does not reassign, a field (s->fd) the loop does not store to?
 * What the stream has buffered may change; which stream it is does not. */
static bool same_stream(const struct pa_program *prog, const struct pa_function *fn,
                        const struct pa_expr *e, const struct pa_loop *loop)
{
    e = pa_expr_strip(e);
    if (!e)
        return false;
    if (e->kind == PA_EXPR_VAR)
        return e->var >= 0 && !pa_var_modified_in(prog, fn, e->var, loop, false);
    if (e->kind == PA_EXPR_MEMBER) {
        const struct pa_expr *root = pa_expr_strip(e->kids[0]);
        bool stored = false;
        pa_lvalue_writes_in(fn, e, loop, found_write, &stored);
        return root && root->kind == PA_EXPR_VAR && root->var >= 0 && !stored &&
               !pa_var_modified_in(prog, fn, root->var, loop, false);
    }
    return pa_expr_invariant_in(prog, fn, e, loop);
}

/* An lseek on the same descriptor in the same loop: a seek and a transfer per element. */
static const struct pa_call_site *seek_beside(const struct pa_program *prog,
                                              const struct pa_function *fn,
                                              const struct pa_call_site *io,
                                              const struct pa_expr *stream)
{
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        struct pa_call_io seek;
        if (s->loop == io->loop && pa_call_io(prog, fn, s, PA_IO_SEEK, &seek) && seek.stream &&
            stream && pa_expr_same(seek.stream, stream))
            return s;
    }
    return NULL;
}

/* Is the call made only when a test on its descriptor says so (if (ev[i].data.fd == sigfd),
 * if (fds[i].revents & POLLIN))? Then the loop dispatches events, one transfer per event,
 * rather than moving the elements of one stream. */
static bool dispatched_on_descriptor(const struct pa_function *fn, const struct pa_call_site *s,
                                     const struct pa_expr *stream)
{
    struct pa_guard guards[MAX_GUARDS];
    int n = pa_call_guards(fn, s, s->loop, guards, MAX_GUARDS);
    int fd = stream ? pa_expr_root_var(stream) : -1;
    if (n < 0 || fd < 0)
        return false;
    for (int i = 0; i < n && i < MAX_GUARDS; i++)
        if (pa_expr_uses_var(guards[i].cond, fd))
            return true;
    return false;
}

/* Is e the call's result: the call itself, an assignment of it, or a variable it was assigned
 * to inside the loop? */
static bool is_result(const struct pa_function *fn, const struct pa_expr *e,
                      const struct pa_expr *call, const struct pa_loop *loop)
{
    e = pa_expr_strip(e);
    if (!e)
        return false;
    if (e == call)
        return true;
    if (e->kind == PA_EXPR_ASSIGN && e->nkids == 2)
        return pa_expr_strip(e->kids[1]) == call;
    if (e->kind != PA_EXPR_VAR || e->var < 0)
        return false;
    const struct pa_var *v = &fn->vars[e->var];
    for (unsigned i = 0; i < v->ndefs; i++)
        if (pa_loop_within(v->def_loops[i], loop) && is_result(fn, v->defs[i], call, loop))
            return true;
    return false;
}

/* while ((n = read(fd, &c, 1)) == 0), while (read(...) < 0 && errno == EINTR),
 * do ... while (write(...) != 1): the loop repeats the call while it moves nothing, waiting
 * for data or retrying, rather than once per element. */
static bool retries_until_moved(const struct pa_function *fn, const struct pa_call_site *s)
{
    const struct pa_expr *c = pa_expr_strip(s->loop->cond);
    while (c && c->kind == PA_EXPR_BINARY && c->op == PA_OP_LAND && c->nkids == 2)
        c = pa_expr_strip(c->kids[0]);
    if (!c || c->kind != PA_EXPR_BINARY || c->nkids != 2)
        return false;
    for (int side = 0; side < 2; side++) {
        const struct pa_expr *k = pa_expr_strip(c->kids[1 - side]);
        if (!k || k->kind != PA_EXPR_INT || !is_result(fn, c->kids[side], s->call, s->loop))
            continue;
        bool nothing = (c->op == PA_OP_EQ || c->op == PA_OP_LE ||
                        (c->op == PA_OP_LT && side == 0) || (c->op == PA_OP_GT && side == 1)) &&
                       k->value <= 0;
        bool short_of = c->op == PA_OP_NE && k->value > 0;
        return nothing || short_of;
    }
    return false;
}

/* Is one iteration of the call's loop cheap enough that a system call per iteration matters:
 * constant or logarithmic work, as far as the analysis can tell? */
static bool light_iteration(const struct pa_call_site *s)
{
    struct pa_cx it = pa_loop_iteration_cost(s->loop);
    return !it.unknown && !it.exp && it.poly == 0;
}

/* A read or write of a few bytes that runs once per element: its byte count, or 0; *io gets
 * what the call (or the helper it goes through) transfers. */
static long long small_transfer(const struct pa_program *prog, const struct pa_function *fn,
                                const struct pa_call_site *s, struct pa_call_io *io)
{
    if (!s->loop || !pa_call_io(prog, fn, s, PA_IO_TRANSFER, io) || io->bytes <= 0 ||
        io->bytes > SMALL_TRANSFER || !io->stream)
        return 0; /* a block at a time, or a size the model cannot tell */
    if (!same_stream(prog, fn, io->stream, s->loop))
        return 0; /* a different descriptor per element: a wake-up per worker, not a stream */
    if (dispatched_on_descriptor(fn, s, io->stream) || retries_until_moved(fn, s))
        return 0;
    return io->bytes;
}

/* " (put_byte() -> write() at out.c:4)" for a call through the project's helpers, else "". */
static void via(const struct pa_program *prog, const struct pa_call_site *s, int subject,
                enum pa_effect e, char *buf, size_t size)
{
    const struct pa_summary *cs = pa_call_summary(prog, s);
    buf[0] = '\0';
    if (!cs || !cs->fn)
        return;
    char chain[200];
    pa_witness_chain(cs, subject, e, chain, sizeof(chain));
    snprintf(buf, size, " (%s)", chain);
}

/* Reported once per loop, at its first small transfer, counting the others. */
static void check_transfer(const struct pa_rule_context *ctx, const struct pa_call_site *s,
                           const struct pa_call_io *io, struct pa_cx repeat)
{
    const struct pa_function *fn = ctx->function;
    unsigned calls = 0;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *other = &fn->calls[i];
        struct pa_call_io other_io;
        if (other->loop != s->loop || !small_transfer(ctx->program, fn, other, &other_io))
            continue;
        if (other < s)
            return; /* reported at that one */
        calls++;
    }
    const char *name = s->call->name;
    const char *syscall = io->syscall ? io->syscall : name;
    long long bytes = io->bytes;
    const struct pa_call_site *seek = seek_beside(ctx->program, fn, s, io->stream);
    const char *suggestion;
    if (seek)
        suggestion = "read the file (or a large window of it) into memory once, or mmap() it, and "
                     "take the records from there; pread() of a whole block at least saves the "
                     "lseek()";
    else if (strncmp(syscall, "send", 4) == 0)
        suggestion = "assemble the message in one buffer (64 KiB or the whole message) and send() "
                     "it in one call, or gather the pieces with writev()/sendmsg()";
    else if (io->input)
        suggestion = "read() 64 KiB blocks into a buffer and take the elements from it (or read "
                     "through a FILE * with fread()/getc(), which buffer)";
    else
        suggestion =
            "collect the output in a 64 KiB buffer and write() it when full and once after "
            "the loop (or write through a FILE * with fwrite()/putc(), which buffer)";
    char more[64] = "", chain[240];
    via(ctx->program, s, PA_SUBJECT_IO - PA_IO_TRANSFER, PA_EFFECT_READS, chain, sizeof(chain));
    if (calls > 1)
        snprintf(more, sizeof(more), " and %u more small transfer%s", calls - 1,
                 calls > 2 ? "s" : "");
    if (seek)
        pa_rule_report(ctx, s->call->line, s->call->column, repeat, repeat, suggestion,
                       "lseek() at line %u and %s() of %lld byte%s%s on every iteration of the "
                       "loop at line %u: %u system calls per element%s",
                       seek->call->line, name, bytes, bytes == 1 ? "" : "s", more, s->loop->line,
                       calls + 1, chain);
    else if (calls > 1)
        pa_rule_report(ctx, s->call->line, s->call->column, repeat, repeat, suggestion,
                       "%s() of %lld byte%s%s on every iteration of the loop at line %u: %u "
                       "system calls per element%s",
                       name, bytes, bytes == 1 ? "" : "s", more, s->loop->line, calls, chain);
    else
        pa_rule_report(ctx, s->call->line, s->call->column, repeat, repeat, suggestion,
                       "%s() of %lld byte%s on every iteration of the loop at line %u: one system "
                       "call per element%s",
                       name, bytes, bytes == 1 ? "" : "s", s->loop->line, chain);
}

static void check_open(const struct pa_rule_context *ctx, const struct pa_call_site *s,
                       const struct pa_expr *path, const struct pa_loop *growing,
                       struct pa_cx repeat)
{
    const struct pa_function *fn = ctx->function;
    if (!same_path(ctx->program, fn, path, growing))
        return; /* each iteration opens the file its element names */
    if (pa_call_guards(fn, s, s->loop, NULL, 0) != 0)
        return; /* reopened only sometimes (rotation, a retry) */
    bool stdio = s->call->type == PA_TYPE_POINTER;
    char suggestion[240];
    snprintf(suggestion, sizeof(suggestion),
             "open the file once before the loop at line %u, keep the %s and close it once after "
             "the loop",
             growing->line, stdio ? "FILE *" : "descriptor");
    char chain[240];
    via(ctx->program, s, PA_SUBJECT_OPEN, PA_EFFECT_READS, chain, sizeof(chain));
    pa_rule_report(ctx, s->call->line, s->call->column, repeat, repeat, suggestion,
                   "%s() opens the same file on every iteration of the loop at line %u (its path "
                   "does not change in the loop)%s",
                   s->call->name, growing->line, chain);
}

static void check_flush(const struct pa_rule_context *ctx, const struct pa_call_site *s,
                        const struct pa_call_io *io, struct pa_cx repeat)
{
    const struct pa_function *fn = ctx->function;
    if (pa_call_guards(fn, s, s->loop, NULL, 0) != 0)
        return; /* a flush every so often is the remedy, not the problem */
    if (io->stream && !same_stream(ctx->program, fn, io->stream, s->loop))
        return; /* each element's own stream, flushed once */
    for (const struct pa_loop *l = s->loop; l; l = l->parent)
        if (l->trip.reason == PA_REASON_READ_UNTIL_EOF)
            return; /* answer each line read: a prompt or a pipe protocol needs the flush */
    char chain[240];
    via(ctx->program, s, PA_SUBJECT_IO - PA_IO_FLUSH, PA_EFFECT_READS, chain, sizeof(chain));
    pa_rule_report(ctx, s->call->line, s->call->column, repeat, repeat,
                   "flush once after the loop (stdio writes a full buffer by itself); if a reader "
                   "must see progress, flush every few thousand elements",
                   "%s() on every iteration of the loop at line %u: one system call per "
                   "element%s",
                   s->call->name, s->loop->line, chain);
}

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        if (!s->loop || !pa_site_repeats(ctx->program, s) || !light_iteration(s))
            continue; /* each iteration does far more than one system call's work */
        const struct pa_loop *growing = pa_loop_growing(pa_site_repeating_loop(s));
        struct pa_cx repeat = pa_loop_repeat(pa_site_repeating_loop(s));
        struct pa_call_io io;
        const struct pa_expr *path;
        if (small_transfer(ctx->program, fn, s, &io) > 0)
            check_transfer(ctx, s, &io, repeat);
        else if ((path = pa_call_opens(ctx->program, s, NULL)) != NULL)
            check_open(ctx, s, path, growing, repeat);
        else if (pa_call_io(ctx->program, fn, s, PA_IO_FLUSH, &io))
            check_flush(ctx, s, &io, repeat);
    }
}

static const struct pa_rule_example examples[] = {
    {"one byte per write",
     "#include <unistd.h>\n"
     "void emit(int fd, const char *s, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    char c = s[i] == '\\t' ? ' ' : s[i];\n"
     "    write(fd, &c, 1);\n"
     "  }\n"
     "}\n",
     "emit", "unbuffered-io-in-loop@5"},
    {"one byte per read until the end of input",
     "#include <unistd.h>\n"
     "long count_lines(int fd) {\n"
     "  char c; long lines = 0;\n"
     "  while (read(fd, &c, 1) == 1)\n"
     "    if (c == '\\n') lines++;\n"
     "  return lines;\n"
     "}\n",
     "count_lines", "unbuffered-io-in-loop@4"},
    {"lseek and a scalar read per element",
     "#include <stdint.h>\n"
     "#include <unistd.h>\n"
     "int64_t gather(int fd, const off_t *offs, int n) {\n"
     "  int64_t sum = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    int32_t v;\n"
     "    lseek(fd, offs[i], SEEK_SET);\n"
     "    if (read(fd, &v, sizeof v) != (ssize_t)sizeof v) return -1;\n"
     "    sum += v;\n"
     "  }\n"
     "  return sum;\n"
     "}\n",
     "gather", "unbuffered-io-in-loop@8"},
    {"the same log file reopened per record",
     "#include <stdio.h>\n"
     "void log_all(const char *path, const int *v, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    FILE *f = fopen(path, \"a\");\n"
     "    if (f == NULL) return;\n"
     "    fprintf(f, \"%d\\n\", v[i]);\n"
     "    fflush(f);\n"
     "    fclose(f);\n"
     "  }\n"
     "}\n",
     "log_all", "unbuffered-io-in-loop@4"},
    {"a flush per record",
     "#include <stdio.h>\n"
     "void trace(FILE *out, const double *v, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    fprintf(out, \"%d %.3f\\n\", i, v[i]);\n"
     "    fflush(out);\n"
     "  }\n"
     "}\n",
     "trace", "unbuffered-io-in-loop@5"},
    {"a path rebuilt from the same parts each time",
     "#include <fcntl.h>\n"
     "#include <stdio.h>\n"
     "#include <unistd.h>\n"
     "void mark(const char *dir, int n) {\n"
     "  char path[256];\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    snprintf(path, sizeof path, \"%s/progress\", dir);\n"
     "    int fd = open(path, O_WRONLY | O_CREAT, 0644);\n"
     "    if (fd >= 0) close(fd);\n"
     "  }\n"
     "}\n",
     "mark", "unbuffered-io-in-loop@8"},
    {"a helper writing one byte per call",
     "#include <unistd.h>\n"
     "static void put_byte(int fd, char c) { write(fd, &c, 1); }\n"
     "static void put_escaped(int fd, char c) {\n"
     "  if (c == '\\n') put_byte(fd, '\\\\');\n"
     "  put_byte(fd, c);\n"
     "}\n"
     "void dump(int fd, const char *s, int n) {\n"
     "  for (int i = 0; i < n; i++) put_escaped(fd, s[i]);\n"
     "}\n",
     "dump", "unbuffered-io-in-loop@8"},
    {"a writer that buffers before its write() is fine",
     "#include <unistd.h>\n"
     "struct out { int fd; size_t len; char buf[65536]; };\n"
     "static void out_flush(struct out *o) { write(o->fd, o->buf, o->len); o->len = 0; }\n"
     "static void out_byte(struct out *o, char c) {\n"
     "  o->buf[o->len++] = c;\n"
     "  if (o->len == sizeof o->buf) out_flush(o);\n"
     "}\n"
     "void dump(struct out *o, const char *s, int n) {\n"
     "  for (int i = 0; i < n; i++) out_byte(o, s[i]);\n"
     "  out_flush(o);\n"
     "}\n",
     "dump", ""},
    {"the usual read loop with a large buffer",
     "#include <unistd.h>\n"
     "long count_bytes(int fd) {\n"
     "  char buf[65536]; long total = 0; ssize_t n;\n"
     "  while ((n = read(fd, buf, sizeof buf)) > 0)\n"
     "    total += n;\n"
     "  return total;\n"
     "}\n",
     "count_bytes", ""},
    {"stdio putc and getc are buffered",
     "#include <stdio.h>\n"
     "void copy_upper(FILE *in, FILE *out) {\n"
     "  int c;\n"
     "  while ((c = getc(in)) != EOF)\n"
     "    putc(c >= 'a' && c <= 'z' ? c - 32 : c, out);\n"
     "}\n",
     "copy_upper", ""},
    {"each file of a list opened once",
     "#include <stdio.h>\n"
     "long total_size(const char **paths, int n) {\n"
     "  long total = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    FILE *f = fopen(paths[i], \"rb\");\n"
     "    if (f == NULL) continue;\n"
     "    if (fseek(f, 0, SEEK_END) == 0) total += ftell(f);\n"
     "    fclose(f);\n"
     "  }\n"
     "  return total;\n"
     "}\n",
     "total_size", ""},
    {"one flush after the loop, and one every 4096 lines",
     "#include <stdio.h>\n"
     "void dump(FILE *out, const int *v, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    fprintf(out, \"%d\\n\", v[i]);\n"
     "    if (i % 4096 == 4095) fflush(out);\n"
     "  }\n"
     "  fflush(out);\n"
     "}\n",
     "dump", ""},
    {"writes that finish a partial write",
     "#include <unistd.h>\n"
     "int write_all(int fd, const char *p, size_t len) {\n"
     "  while (len > 0) {\n"
     "    ssize_t n = write(fd, p, len);\n"
     "    if (n < 0) return -1;\n"
     "    p += n;\n"
     "    len -= (size_t)n;\n"
     "  }\n"
     "  return 0;\n"
     "}\n",
     "write_all", ""},
    {"a read per ready descriptor in an event loop",
     "#include <poll.h>\n"
     "#include <unistd.h>\n"
     "int drain_signals(struct pollfd *fds, int n, int sigfd) {\n"
     "  int got = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    if (fds[i].fd == sigfd && (fds[i].revents & POLLIN)) {\n"
     "      char sig;\n"
     "      if (read(sigfd, &sig, 1) == 1) got++;\n"
     "    }\n"
     "  }\n"
     "  return got;\n"
     "}\n",
     "drain_signals", ""},
    {"one wake-up byte to each worker's pipe",
     "#include <unistd.h>\n"
     "struct worker { int pipe_fd; int busy; };\n"
     "int wake_all(const struct worker *w, int n) {\n"
     "  int woken = 0;\n"
     "  for (int i = 0; i < n; i++)\n"
     "    woken += write(w[i].pipe_fd, \"x\", 1) == 1;\n"
     "  return woken;\n"
     "}\n",
     "wake_all", ""},
    {"waiting for one key press",
     "#include <unistd.h>\n"
     "int read_key(int fd) {\n"
     "  char c;\n"
     "  ssize_t n;\n"
     "  while ((n = read(fd, &c, 1)) == 0)\n"
     "    ;\n"
     "  return n < 0 ? -1 : c;\n"
     "}\n",
     "read_key", ""},
    {"a reply flushed per line read: a prompt",
     "#include <stdio.h>\n"
     "void serve(FILE *in, FILE *out) {\n"
     "  char line[256];\n"
     "  while (fgets(line, sizeof line, in)) {\n"
     "    fputs(line, out);\n"
     "    fflush(out);\n"
     "  }\n"
     "}\n",
     "serve", ""},
    {"a diagnostic of at most five bytes, then the loop ends",
     "#include <stdio.h>\n"
     "void show_context(const unsigned char *buf, size_t n) {\n"
     "  for (size_t u = 0; u < n; u++) {\n"
     "    if (buf[u] == 0) continue;\n"
     "    size_t lowest = u > 5 ? 5 : u;\n"
     "    for (size_t k = lowest; k > 0; k--) {\n"
     "      fprintf(stderr, \"%02X \", buf[u - k]);\n"
     "      fflush(stderr);\n"
     "    }\n"
     "    break;\n"
     "  }\n"
     "}\n",
     "show_context", ""},
};

static const char *const io_calls[] = {"read",   "write", "pread", "pwrite", "send",
                                       "recv",   "open",  "fopen", "close",  "fclose",
                                       "fflush", "lseek", NULL};

const struct pa_rule pa_rule_unbuffered_io_in_loop = {
    .id = "unbuffered-io-in-loop",
    .category = 'A',
    .title = "System call per element",
    .summary = "A system call per element of a loop that grows with the input: read/write of a "
               "few bytes, the same file opened again, a flush on every iteration.",
    .remedy = "Move data in large blocks through a buffer (64 KiB, or stdio), open files once "
              "before the loop, and flush once after it.",
    .alternatives = "stdio with a large buffer (setvbuf) or an explicit 64 KiB buffer written in "
                    "one call; writev to gather pieces in one system call; mmap the file for "
                    "reading; open each file once and keep the descriptor",
    .check = check,
    .estimate = {.model = PA_SPEEDUP_REMOVE_CALLS,
                 .factor = 0.05,
                 .callees = io_calls,
                 .base_hours = 0.5,
                 .hours_per_line = 0.01,
                 .assumption = "with a 64 KiB buffer (or one open, one flush) about 5% of the "
                               "system call time in the loop remains"},
    PA_RULE_EXAMPLES(examples),
};
