/* parse_recovery.c: stand-ins derived from a parse's diagnostics, and the choice of parse. */
#include "parse_recovery.h"
#include "builder.h"
#include "strbuf.h"
#include "xalloc.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Where the stand-in headers live: a directory that exists only as libclang's unsaved files,
 * searched last (-I after the unit's own flags), so a real header always wins. */
#define STANDIN_DIR "/perfaudit-stand-ins"
#define PRELUDE     STANDIN_DIR "/perfaudit-prelude.h"

struct names {
    char **items;
    size_t n, cap;
};

struct standins {
    struct names headers; /* as the #include spelled them: "config.h", "sys/foo.h" */
    struct names macros;  /* -D arguments: "EXPORT_API=", "ATTR_PRINTF(...)=" */
    struct names types;   /* declared by the prelude: typedef int NAME; */
};

static bool names_has(const struct names *ns, const char *s, size_t len)
{
    for (size_t i = 0; i < ns->n; i++)
        if (strncmp(ns->items[i], s, len) == 0 &&
            (ns->items[i][len] == '\0' || ns->items[i][len] == '=' || ns->items[i][len] == '('))
            return true;
    return false;
}

static void names_free(struct names *ns)
{
    for (size_t i = 0; i < ns->n; i++)
        free(ns->items[i]);
    free(ns->items);
}

/* Is the identifier s[0..len) already stood in, as a macro or a type? */
static bool known(const struct standins *st, const char *s, size_t len)
{
    return names_has(&st->macros, s, len) || names_has(&st->types, s, len);
}

static bool add_identifier(struct names *ns, const struct standins *st, const char *s, size_t len,
                           const char *suffix)
{
    if (len == 0 || known(st, s, len))
        return false;
    struct pa_strbuf sb = {0};
    pa_strbuf_append_n(&sb, s, len);
    pa_strbuf_append(&sb, suffix);
    PA_GROW(ns->items, ns->cap, ns->n + 1);
    ns->items[ns->n++] = pa_strbuf_detach(&sb);
    return true;
}

struct token {
    const char *text; /* NULL at the end of the buffer */
    size_t len;
};

static bool ident_start(char c)
{
    return isalpha((unsigned char)c) || c == '_';
}

static bool ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

static size_t skip_space(const char *buf, size_t size, size_t i)
{
    while (i < size) {
        if (isspace((unsigned char)buf[i]) ||
            (buf[i] == '\\' && i + 1 < size && buf[i + 1] == '\n'))
            i++;
        else if (buf[i] == '/' && i + 1 < size && buf[i + 1] == '*') {
            const char *end = NULL;
            for (size_t j = i + 2; j + 1 < size && !end; j++)
                if (buf[j] == '*' && buf[j + 1] == '/')
                    end = buf + j + 2;
            i = end ? (size_t)(end - buf) : size;
        } else if (buf[i] == '/' && i + 1 < size && buf[i + 1] == '/') {
            while (i < size && buf[i] != '\n')
                i++;
        } else
            break;
    }
    return i;
}

/* The token at or after offset *i; *i moves past it. */
static struct token next_token(const char *buf, size_t size, size_t *i)
{
    size_t at = skip_space(buf, size, *i);
    struct token t = {NULL, 0};
    if (at >= size)
        return t;
    size_t end = at + 1;
    if (ident_start(buf[at]))
        while (end < size && ident_char(buf[end]))
            end++;
    else if (buf[at] == ':' && end < size && buf[end] == ':')
        end++;
    else if (buf[at] == '&' && end < size && buf[end] == '&')
        end++;
    t.text = buf + at;
    t.len = end - at;
    *i = end;
    return t;
}

static bool is_ident(struct token t)
{
    return t.text && ident_start(t.text[0]);
}

static bool is_punct(struct token t, const char *set)
{
    return t.text && t.len == 1 && strchr(set, t.text[0]) != NULL;
}

static bool is_word(struct token t, const char *const *words)
{
    for (size_t i = 0; t.text && words[i]; i++)
        if (strlen(words[i]) == t.len && strncmp(words[i], t.text, t.len) == 0)
            return true;
    return false;
}

/* Words that can follow a decorator in a declaration's specifiers: another specifier. */
static const char *const specifiers[] = {
    "char",          "short",     "int",           "long",       "signed",        "unsigned",
    "float",         "double",    "void",          "_Bool",      "bool",          "struct",
    "union",         "enum",      "static",        "extern",     "inline",        "register",
    "typedef",       "_Noreturn", "__inline",      "__inline__", "__attribute__", "class",
    "virtual",       "explicit",  "constexpr",     "friend",     "mutable",       "thread_local",
    "_Thread_local", "wchar_t",   "__extension__", "__declspec", "template",      "typename",
    "auto",          "const",     "volatile",      NULL};

/* Words that are never a project's identifier. */
static const char *const keywords[] = {
    "break",  "case",     "continue",  "default",       "do",       "else",       "for",
    "goto",   "if",       "return",    "sizeof",        "switch",   "while",      "namespace",
    "public", "private",  "protected", "operator",      "new",      "delete",     "this",
    "using",  "noexcept", "decltype",  "static_assert", "restrict", "__restrict", NULL};

static bool plain_ident(struct token t)
{
    return is_ident(t) && !is_word(t, specifiers) && !is_word(t, keywords);
}

/* After `X` at offset at of an "unknown type name 'X'": is X a decorator (another specifier or
 * the declarator follows: "EXPORT_API int f", "XMLPUBFUN xmlChar *f") or a type ("uint8 *p",
 * "handle_t h)")? Returns the suffix to define it with, "" for a type, NULL when unsure. */
static const char *classify_unknown_type(const char *buf, size_t size, size_t at)
{
    size_t i = at;
    next_token(buf, size, &i); /* X itself */
    struct token t1 = next_token(buf, size, &i);
    size_t after_t1 = i;
    struct token t2 = next_token(buf, size, &i);
    if (is_word(t1, (const char *const[]){"const", "volatile", NULL}))
        return is_punct(t2, "*&),") ? "" : "=";
    if (is_word(t1, specifiers))
        return "=";
    if (plain_ident(t1)) {
        if (is_ident(t2) || is_punct(t2, "*&"))
            return "="; /* X Y Z: at most one of them is the type */
        if (is_punct(t2, "(;,=[):"))
            return ""; /* X name */
        return NULL;
    }
    if (is_punct(t1, "*&),;[") || (t1.text && t1.len == 2 && t1.text[0] == '&'))
        return "";
    if (is_punct(t1, "(")) {
        if (is_punct(t2, "*"))
            return ""; /* X (*fp)(...) */
        /* a decorator with arguments, ATTR(1, 2) int f: only when a declaration follows */
        i = after_t1;
        int depth = 1;
        struct token t;
        while (depth > 0 && (t = next_token(buf, size, &i)).text) {
            if (is_punct(t, "("))
                depth++;
            else if (is_punct(t, ")"))
                depth--;
            else if (is_punct(t, ";{}"))
                return NULL;
        }
        t = next_token(buf, size, &i);
        return is_ident(t) ? "(...)=" : NULL;
    }
    return NULL;
}

/* The identifier that ends just before offset at (spaces skipped), as [*start, at'). */
static bool ident_before(const char *buf, size_t at, size_t *start, size_t *len)
{
    size_t e = at;
    while (e > 0 && isspace((unsigned char)buf[e - 1]))
        e--;
    size_t s = e;
    while (s > 0 && ident_char(buf[s - 1]))
        s--;
    if (s == e || !ident_start(buf[s]))
        return false;
    *start = s;
    *len = e - s;
    return true;
}

/* The token that ends just before offset at: a single character or an identifier. */
static struct token token_before(const char *buf, size_t at)
{
    size_t s, len;
    if (ident_before(buf, at, &s, &len))
        return (struct token){buf + s, len};
    size_t e = at;
    while (e > 0 && isspace((unsigned char)buf[e - 1]))
        e--;
    return e > 0 ? (struct token){buf + e - 1, 1} : (struct token){NULL, 0};
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The name quoted first in msg ("unknown type name 'X'"), as [*s, *s + *len). */
static bool quoted(const char *msg, const char **s, size_t *len)
{
    const char *a = strchr(msg, '\'');
    const char *b = a ? strchr(a + 1, '\'') : NULL;
    if (!b || b == a + 1)
        return false;
    *s = a + 1;
    *len = (size_t)(b - a - 1);
    return true;
}

/* A header the build would generate or install, as the #include spelled it: an empty one. */
static unsigned add_header(struct standins *st, const char *q, size_t qlen)
{
    if (q[0] == '/')
        return 0;
    for (size_t i = 0; i + 1 < qlen; i++)
        if (q[i] == '.' && q[i + 1] == '.')
            return 0;
    for (size_t i = 0; i < st->headers.n; i++)
        if (strlen(st->headers.items[i]) == qlen && strncmp(st->headers.items[i], q, qlen) == 0)
            return 0;
    PA_GROW(st->headers.items, st->headers.cap, st->headers.n + 1);
    st->headers.items[st->headers.n++] = pa_xstrndup(q, qlen);
    return 1;
}

/* The stand-ins one error diagnostic calls for; returns how many were new. */
static unsigned derive_one(CXTranslationUnit tu, CXDiagnostic d, struct standins *st, bool headers)
{
    CXString spelling = clang_getDiagnosticSpelling(d);
    const char *msg = clang_getCString(spelling) ? clang_getCString(spelling) : "";
    unsigned added = 0;
    const char *q;
    size_t qlen;
    CXFile file = NULL;
    unsigned offset = 0;
    clang_getExpansionLocation(clang_getDiagnosticLocation(d), &file, NULL, NULL, &offset);
    size_t size = 0;
    const char *buf = file ? clang_getFileContents(tu, file, &size) : NULL;
    if (!buf || offset > size)
        buf = NULL;

    if (headers) {
        if (msg[0] == '\'' && strstr(msg, "' file not found") && quoted(msg, &q, &qlen))
            added += add_header(st, q, qlen);
    } else if (buf && starts_with(msg, "unknown type name '") && quoted(msg, &q, &qlen) &&
               offset + qlen <= size && strncmp(buf + offset, q, qlen) == 0) {
        const char *suffix = classify_unknown_type(buf, size, offset);
        if (suffix && suffix[0])
            added += add_identifier(&st->macros, st, q, qlen, suffix);
        else if (suffix)
            added += add_identifier(&st->types, st, q, qlen, "");
    } else if (buf && strcmp(msg, "expected ';' after top level declarator") == 0) {
        /* "int XMLCALL f(void)": the word before the place is a decorator, when a type comes
         * before it and a declarator after it */
        size_t s, len, i = offset;
        struct token after = next_token(buf, size, &i);
        if (ident_before(buf, offset, &s, &len) && plain_ident((struct token){buf + s, len}) &&
            plain_ident(after)) {
            /* not "DECOR size_t g(": there the word before is the decorator, stood in already
             * (diagnostics come in the order of the source) */
            struct token before = token_before(buf, s);
            if (is_word(before, specifiers) || is_punct(before, "*&") ||
                (plain_ident(before) && !known(st, before.text, before.len)))
                added += add_identifier(&st->macros, st, buf + s, len, "=");
        }
    } else if (buf && strcmp(msg, "expected function body after function declarator") == 0) {
        /* "int f(void) LIBFOO_DEPRECATED;": the word at the place decorates the declarator */
        size_t i = offset;
        struct token t = next_token(buf, size, &i);
        if (plain_ident(t) && t.text == buf + offset) {
            struct token n = next_token(buf, size, &i);
            added +=
                add_identifier(&st->macros, st, t.text, t.len, is_punct(n, "(") ? "(...)=" : "=");
        }
    } else if (buf && starts_with(msg, "variable has incomplete type '") &&
               (strstr(msg, "'class ") || strstr(msg, "'struct ")) && quoted(msg, &q, &qlen)) {
        /* "class EXPORT_API Widget {": the word between the key and the name is a decorator */
        size_t s, len, i = offset;
        struct token name = next_token(buf, size, &i);
        struct token after = next_token(buf, size, &i);
        if (plain_ident(name) &&
            (is_punct(after, "{:") || is_word(after, (const char *const[]){"final", NULL})) &&
            ident_before(buf, offset, &s, &len)) {
            struct token key = token_before(buf, s);
            if (is_word(key, (const char *const[]){"class", "struct", NULL}) &&
                plain_ident((struct token){buf + s, len}))
                added += add_identifier(&st->macros, st, buf + s, len, "=");
        }
    }
    clang_disposeString(spelling);
    return added;
}

/* Headers first, alone: after a missing header clang skips the unit's later includes, so the
 * names they declare read as unknown until the next parse. */
static unsigned derive(CXTranslationUnit tu, struct standins *st)
{
    unsigned added = 0;
    unsigned n = clang_getNumDiagnostics(tu);
    for (int pass = 0; pass < 2 && added == 0; pass++) {
        for (unsigned i = 0; i < n; i++) {
            CXDiagnostic d = clang_getDiagnostic(tu, i);
            if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error)
                added += derive_one(tu, d, st, pass == 0);
            clang_disposeDiagnostic(d);
        }
    }
    return added;
}

struct score {
    size_t clean;  /* function definitions, valid, with no error inside */
    size_t valid;  /* valid function definitions */
    size_t errors; /* error diagnostics */
};

struct error_place {
    CXFile file;
    unsigned offset;
};

struct counter {
    struct score score;
    struct error_place *errors;
    size_t nerrors;
};

static void count_definition(struct counter *c, CXCursor cur)
{
    CXSourceLocation loc = clang_getCursorLocation(cur);
    if (clang_Location_isInSystemHeader(loc) || clang_isInvalidDeclaration(cur))
        return;
    c->score.valid++;
    CXSourceRange extent = clang_getCursorExtent(cur);
    CXFile file;
    unsigned start, end;
    clang_getExpansionLocation(clang_getRangeStart(extent), &file, NULL, NULL, &start);
    clang_getExpansionLocation(clang_getRangeEnd(extent), NULL, NULL, NULL, &end);
    for (size_t i = 0; i < c->nerrors; i++)
        if (clang_File_isEqual(c->errors[i].file, file) && c->errors[i].offset >= start &&
            c->errors[i].offset <= end)
            return;
    c->score.clean++;
}

static enum CXChildVisitResult count_visit(CXCursor cur, CXCursor parent, CXClientData data)
{
    (void)parent;
    enum CXCursorKind kind = clang_getCursorKind(cur);
    if (pa_build_is_function_kind(kind)) {
        if (clang_isCursorDefinition(cur))
            count_definition(data, cur);
        return CXChildVisit_Continue;
    }
    switch (kind) { /* where build_model.c looks for definitions */
    case CXCursor_Namespace:
    case CXCursor_ClassDecl:
    case CXCursor_StructDecl:
    case CXCursor_ClassTemplate:
    case CXCursor_ClassTemplatePartialSpecialization:
    case CXCursor_LinkageSpec:
    case CXCursor_UnexposedDecl:
        return CXChildVisit_Recurse;
    default:
        return CXChildVisit_Continue;
    }
}

static struct score score_of(CXTranslationUnit tu)
{
    struct counter c = {0};
    size_t cap = 0;
    unsigned n = clang_getNumDiagnostics(tu);
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
            struct error_place p = {NULL, 0};
            clang_getExpansionLocation(clang_getDiagnosticLocation(d), &p.file, NULL, NULL,
                                       &p.offset);
            c.score.errors++;
            if (p.file) {
                PA_GROW(c.errors, cap, c.nerrors + 1);
                c.errors[c.nerrors++] = p;
            }
        }
        clang_disposeDiagnostic(d);
    }
    clang_visitChildren(clang_getTranslationUnitCursor(tu), count_visit, &c);
    free(c.errors);
    return c.score;
}

static bool better(struct score a, struct score b)
{
    if (a.clean != b.clean)
        return a.clean > b.clean;
    if (a.valid != b.valid)
        return a.valid > b.valid;
    return a.errors < b.errors;
}

static CXTranslationUnit parse_with(CXIndex index, const char *path, const char *const *argv,
                                    int argc, unsigned options, const struct standins *st)
{
    size_t extra = 2 + st->macros.n + 2;
    const char **args = pa_xcalloc((size_t)argc + extra + 1, sizeof(*args));
    size_t n = 0;
    for (int i = 0; i < argc; i++)
        args[n++] = argv[i];
    args[n++] = "-I" STANDIN_DIR;
    args[n++] = "-ferror-limit=0";
    struct pa_strbuf *defs = pa_xcalloc(st->macros.n + 1, sizeof(*defs));
    for (size_t i = 0; i < st->macros.n; i++) {
        pa_strbuf_printf(&defs[i], "-D%s", st->macros.items[i]);
        args[n++] = pa_strbuf_cstr(&defs[i]);
    }
    if (st->types.n) {
        args[n++] = "-include";
        args[n++] = PRELUDE;
    }
    struct CXUnsavedFile *files = pa_xcalloc(st->headers.n + 1, sizeof(*files));
    struct pa_strbuf *names = pa_xcalloc(st->headers.n + 1, sizeof(*names));
    static const char stand_in[] = "/* perfaudit: stand-in for a header this tree lacks */\n";
    for (size_t i = 0; i < st->headers.n; i++) {
        pa_strbuf_printf(&names[i], "%s/%s", STANDIN_DIR, st->headers.items[i]);
        files[i].Filename = pa_strbuf_cstr(&names[i]);
        files[i].Contents = stand_in;
        files[i].Length = sizeof(stand_in) - 1;
    }
    struct pa_strbuf prelude = {0};
    size_t nfiles = st->headers.n;
    if (st->types.n) {
        for (size_t i = 0; i < st->types.n; i++)
            pa_strbuf_printf(&prelude, "typedef int %s;\n", st->types.items[i]);
        files[nfiles].Filename = PRELUDE;
        files[nfiles].Contents = pa_strbuf_cstr(&prelude);
        files[nfiles].Length = strlen(files[nfiles].Contents);
        nfiles++;
    }
    CXTranslationUnit tu = NULL;
    if (clang_parseTranslationUnit2(index, path, args, (int)n, files, (unsigned)nfiles, options,
                                    &tu) != CXError_Success)
        tu = NULL;
    for (size_t i = 0; i < st->macros.n; i++)
        pa_strbuf_free(&defs[i]);
    for (size_t i = 0; i < st->headers.n; i++)
        pa_strbuf_free(&names[i]);
    pa_strbuf_free(&prelude);
    free(defs);
    free(names);
    free(files);
    free(args);
    return tu;
}

void pa_recover_parse(CXIndex index, const char *path, const char *const *argv, int argc,
                      unsigned options, CXTranslationUnit *tu, struct pa_recovery *used)
{
    memset(used, 0, sizeof(*used));
    struct standins st = {0};
    struct score best = score_of(*tu);
    for (unsigned round = 0; round < PA_RECOVERY_ROUNDS && best.errors > 0; round++) {
        if (derive(*tu, &st) == 0)
            break;
        CXTranslationUnit cand = parse_with(index, path, argv, argc, options, &st);
        used->nparses++;
        if (!cand)
            break;
        struct score s = score_of(cand);
        if (!better(s, best)) {
            clang_disposeTranslationUnit(cand);
            break;
        }
        clang_disposeTranslationUnit(*tu);
        *tu = cand;
        best = s;
        used->nheaders = (unsigned)st.headers.n;
        used->nmacros = (unsigned)st.macros.n;
        used->ntypes = (unsigned)st.types.n;
    }
    names_free(&st.headers);
    names_free(&st.macros);
    names_free(&st.types);
}

char *pa_recovery_describe(const struct pa_recovery *used)
{
    const struct {
        unsigned n;
        const char *one, *many;
    } parts[] = {
        {used->nheaders, "missing header", "missing headers"},
        {used->nmacros, "unknown macro", "unknown macros"},
        {used->ntypes, "unknown type", "unknown types"},
    };
    size_t nparts = sizeof(parts) / sizeof(parts[0]), present = 0, done = 0;
    for (size_t i = 0; i < nparts; i++)
        present += parts[i].n > 0;
    if (!present)
        return NULL;
    struct pa_strbuf sb = {0};
    pa_strbuf_append(&sb, "analysed with stand-ins for ");
    for (size_t i = 0; i < nparts; i++) {
        if (!parts[i].n)
            continue;
        if (done)
            pa_strbuf_append(&sb, done + 1 == present ? " and " : ", ");
        pa_strbuf_printf(&sb, "%u %s", parts[i].n, parts[i].n == 1 ? parts[i].one : parts[i].many);
        done++;
    }
    return pa_strbuf_detach(&sb);
}
