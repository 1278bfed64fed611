/* parse_recovery.c: stand-ins derived from a parse's diagnostics, and the choice of parse. */
#include "parse_recovery.h"
#include "builder.h"
#include "strbuf.h"
#include "xalloc.h"

#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Where the stand-in headers live: a directory that exists only as libclang's unsaved files,
 * searched last (-I after the unit's own flags), so a real header always wins. */
#define STANDIN_DIR "/perfaudit-stand-ins"
#define PRELUDE     STANDIN_DIR "/perfaudit-prelude.h"
/* How far up from a file a header named relative to the tree is looked for. */
#define MAX_ANCESTORS 8

struct names {
    char **items;
    size_t n, cap;
};

struct standins {
    struct names dirs;     /* the tree's own directories holding headers nothing pointed to */
    struct names headers;  /* as the #include spelled them: "config.h", "sys/foo.h" */
    struct names macros;   /* -D arguments: "EXPORT_API=", "ATTR_PRINTF(...)=" */
    struct names types;    /* declared by the prelude: typedef int NAME; */
    struct names features; /* -D NAME=1: a feature the missing configuration would enable */
    bool c23;              /* -std=gnu23: C code using C23's nullptr, true, false */
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
    return names_has(&st->macros, s, len) || names_has(&st->types, s, len) ||
           names_has(&st->features, s, len);
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

static bool at_line_start(const char *buf, size_t i)
{
    while (i > 0 && (buf[i - 1] == ' ' || buf[i - 1] == '\t'))
        i--;
    return i == 0 || buf[i - 1] == '\n';
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
        } else if ((buf[i] == '/' && i + 1 < size && buf[i + 1] == '/') ||
                   (buf[i] == '#' && at_line_start(buf, i))) {
            /* a comment or a directive, to the end of its line and its continuations */
            while (i < size && !(buf[i] == '\n' && buf[i - 1] != '\\'))
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

/* Where the tree keeps a header its #include names relative to a directory no flag gives:
 * the nearest ancestor A of the includer's directory (or the unit's) with A/NAME, or
 * A/include/NAME, A/src/NAME... ("duckdb/common/vector.hpp" under src/include/). Stops after
 * the repository's root (a directory holding .git). Returns the directory, or NULL. */
static char *find_in_tree(const char *from, const char *name)
{
    static const char *const subdirs[] = {"", "/include", "/src", "/src/include", "/lib"};
    char dir[PATH_MAX];
    if (!realpath(from, dir))
        return NULL;
    char *slash = strrchr(dir, '/');
    for (int depth = 0; slash && slash != dir && depth < MAX_ANCESTORS; depth++) {
        *slash = '\0'; /* dir is now the directory above the previous one */
        for (size_t i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
            char path[PATH_MAX];
            struct stat sb;
            if (snprintf(path, sizeof(path), "%s%s/%s", dir, subdirs[i], name) <
                    (int)sizeof(path) &&
                stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
                snprintf(path, sizeof(path), "%s%s", dir, subdirs[i]);
                return pa_xstrdup(path);
            }
        }
        char git[PATH_MAX];
        struct stat sb;
        if (snprintf(git, sizeof(git), "%s/.git", dir) < (int)sizeof(git) && stat(git, &sb) == 0)
            break;
        slash = strrchr(dir, '/');
    }
    return NULL;
}

/* A header the unit's flags do not reach: the tree's own when it has it, else an empty
 * stand-in (one the build would generate, or a library's that is not installed). */
static unsigned add_header(struct standins *st, const char *includer, const char *unit,
                           const char *q, size_t qlen)
{
    if (q[0] == '/')
        return 0;
    for (size_t i = 0; i + 1 < qlen; i++)
        if (q[i] == '.' && q[i + 1] == '.')
            return 0;
    for (size_t i = 0; i < st->headers.n; i++)
        if (strlen(st->headers.items[i]) == qlen && strncmp(st->headers.items[i], q, qlen) == 0)
            return 0;
    char *name = pa_xstrndup(q, qlen);
    char *dir = includer ? find_in_tree(includer, name) : NULL;
    if (!dir)
        dir = find_in_tree(unit, name);
    if (dir) {
        free(name);
        for (size_t i = 0; i < st->dirs.n; i++) {
            if (strcmp(st->dirs.items[i], dir) == 0) {
                free(dir); /* searched already: the header is not there after all */
                return 0;
            }
        }
        PA_GROW(st->dirs.items, st->dirs.cap, st->dirs.n + 1);
        st->dirs.items[st->dirs.n++] = dir;
        return 1;
    }
    free(dir);
    PA_GROW(st->headers.items, st->headers.cap, st->headers.n + 1);
    st->headers.items[st->headers.n++] = name;
    return 1;
}

/* Where the declaration that reaches offset end begins: after the last ';', '{' or '}' that
 * is not in a comment, or after the last directive line (a block #if left out is not read). */
static size_t decl_start(const char *buf, size_t end)
{
    size_t i = end;
    while (i > 0) {
        if (i >= 2 && buf[i - 1] == '/' && buf[i - 2] == '*') {
            size_t j = i - 2;
            while (j >= 2 && !(buf[j - 2] == '/' && buf[j - 1] == '*'))
                j--;
            i = j >= 2 ? j - 2 : 0;
            continue;
        }
        if (strchr(";{}", buf[i - 1]))
            break;
        if (buf[i - 1] == '\n') {
            size_t ls = i - 1;
            while (ls > 0 && buf[ls - 1] != '\n')
                ls--;
            size_t k = ls;
            while (k < i - 1 && (buf[k] == ' ' || buf[k] == '\t'))
                k++;
            if ((k < i - 1 && buf[k] == '#') || (i >= 2 && buf[i - 2] == '\\'))
                break;
        }
        i--;
    }
    return i;
}

/* Does the declaration that ends at offset end (back to the last ';', '{' or '}') name a type
 * already: a type keyword, '*', or a word that is neither a specifier nor stood in? If not
 * ("XMLPUBVAR const xmlChar name", XMLPUBVAR stood in), the word at end is the type. */
static bool type_before(const struct standins *st, const char *buf, size_t end)
{
    static const char *const types[] = {"char",  "short",  "int",   "long",  "signed", "unsigned",
                                        "float", "double", "void",  "_Bool", "bool",   "struct",
                                        "union", "enum",   "class", NULL};
    size_t i = decl_start(buf, end);
    for (struct token t; (t = next_token(buf, end, &i)).text;) {
        if (is_punct(t, "*") || is_word(t, types) || (plain_ident(t) && !known(st, t.text, t.len)))
            return true;
    }
    return false;
}

/* What a pass over the diagnostics looks for. Headers go alone: after a missing header clang
 * skips the unit's later includes, so the names they declare read as unknown until the next
 * parse. Types come last, once decorators are gone: a decorator inside a typedef makes the
 * typedef's name unknown, and a stand-in type would then hide the real one. */
enum pass { PASS_HEADERS, PASS_UNKNOWN_DECORATORS, PASS_OTHER_DECORATORS, PASS_TYPES };

/* The stand-ins one error diagnostic calls for in pass; returns how many were new. */
static unsigned derive_one(CXTranslationUnit tu, const char *unit, CXDiagnostic d,
                           struct standins *st, enum pass pass)
{
    CXString spelling = clang_getDiagnosticSpelling(d);
    const char *msg = clang_getCString(spelling) ? clang_getCString(spelling) : "";
    unsigned added = 0;
    const char *q;
    size_t qlen;
    CXSourceLocation loc = clang_getDiagnosticLocation(d);
    CXFile file = NULL, written = NULL;
    unsigned offset = 0, written_offset = 0;
    clang_getExpansionLocation(loc, &file, NULL, NULL, &offset);
    clang_getSpellingLocation(loc, &written, NULL, NULL, &written_offset);
    /* an error inside a macro's expansion says nothing about the words where it is used */
    bool in_macro = !clang_File_isEqual(file, written) || offset != written_offset;
    size_t size = 0;
    const char *buf = file ? clang_getFileContents(tu, file, &size) : NULL;
    if (!buf || offset > size)
        buf = NULL;
    bool unknown_type = buf && starts_with(msg, "unknown type name '") && quoted(msg, &q, &qlen) &&
                        offset + qlen <= size && strncmp(buf + offset, q, qlen) == 0;
    const char *suffix = unknown_type ? classify_unknown_type(buf, size, offset) : NULL;

    if (pass == PASS_HEADERS) {
        if (msg[0] == '\'' && strstr(msg, "' file not found") && quoted(msg, &q, &qlen)) {
            CXString fname = clang_getFileName(file);
            added += add_header(st, clang_getCString(fname), unit, q, qlen);
            clang_disposeString(fname);
        }
    } else if (pass == PASS_UNKNOWN_DECORATORS || pass == PASS_TYPES) {
        if (suffix && (suffix[0] != '\0') == (pass == PASS_UNKNOWN_DECORATORS))
            added += add_identifier(suffix[0] ? &st->macros : &st->types, st, q, qlen, suffix);
    } else if (strcmp(msg, "use of undeclared identifier 'nullptr'") == 0 ||
               strcmp(msg, "use of undeclared identifier 'true'") == 0 ||
               strcmp(msg, "use of undeclared identifier 'false'") == 0) {
        /* never undeclared in C++: C written for C23, whose keywords they are (or whose
         * configuration header brought <stdbool.h>, which C23 makes unnecessary) */
        added += !st->c23;
        st->c23 = true;
    } else if (!buf || in_macro) {
    } else if (strcmp(msg, "expected ';' after top level declarator") == 0) {
        /* "int XMLCALL f(void)": the word before the place is a decorator, when a type comes
         * before it and a declarator after it */
        size_t s, len, i = offset;
        struct token after = next_token(buf, size, &i);
        if (ident_before(buf, offset, &s, &len) && plain_ident((struct token){buf + s, len}) &&
            plain_ident(after) && type_before(st, buf, s)) {
            struct token before = token_before(buf, s);
            bool qualifier = is_word(before, (const char *const[]){"const", "volatile", NULL});
            if ((is_word(before, specifiers) && !qualifier) || is_punct(before, "*&") ||
                plain_ident(before))
                added += add_identifier(&st->macros, st, buf + s, len, "=");
        }
    } else if (strcmp(msg, "expected function body after function declarator") == 0) {
        /* "int f(void) LIBFOO_DEPRECATED;": the word at the place decorates the declarator */
        size_t i = offset;
        struct token t = next_token(buf, size, &i);
        if (plain_ident(t) && t.text == buf + offset) {
            struct token n = next_token(buf, size, &i);
            added +=
                add_identifier(&st->macros, st, t.text, t.len, is_punct(n, "(") ? "(...)=" : "=");
        }
    } else if (strcmp(msg, "expected parameter declarator") == 0) {
        /* "typedef void *(ATTR_ALLOC_SIZE(1) *fn)(size_t)": a decorator with arguments
         * inside a declarator's parentheses */
        struct token open = token_before(buf, offset);
        size_t s, len;
        if (is_punct(open, "(") && ident_before(buf, (size_t)(open.text - buf), &s, &len) &&
            plain_ident((struct token){buf + s, len}) && is_punct(token_before(buf, s), "("))
            added += add_identifier(&st->macros, st, buf + s, len, "(...)=");
    } else if (starts_with(msg, "variable has incomplete type '") &&
               (strstr(msg, "'class ") || strstr(msg, "'struct "))) {
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

static unsigned derive_pass(CXTranslationUnit tu, const char *unit, struct standins *st,
                            enum pass pass)
{
    unsigned added = 0;
    unsigned n = clang_getNumDiagnostics(tu);
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error)
            added += derive_one(tu, unit, d, st, pass);
        clang_disposeDiagnostic(d);
    }
    return added;
}

/* The macro a block's opening directive tests for being defined: "#ifdef X", "#if defined(X)",
 * "#if defined X" or "#if X", and nothing else on the line. */
static struct token tested_macro(const char *buf, size_t size, size_t at)
{
    static const struct token none = {NULL, 0};
    size_t end = at;
    while (end < size && buf[end] != '\n')
        end++;
    size_t i = at + 1; /* past '#' */
    struct token kw = next_token(buf, end, &i);
    bool ifdef = is_word(kw, (const char *const[]){"ifdef", NULL});
    if (!ifdef && !is_word(kw, (const char *const[]){"if", NULL}))
        return none;
    struct token t = next_token(buf, end, &i);
    bool paren = false;
    if (!ifdef && is_word(t, (const char *const[]){"defined", NULL})) {
        t = next_token(buf, end, &i);
        if ((paren = is_punct(t, "(")))
            t = next_token(buf, end, &i);
    }
    /* identifiers starting with '_' belong to the implementation (_WIN32, __APPLE__) */
    if (!plain_ident(t) || t.text[0] == '_')
        return none;
    if (paren && !is_punct(next_token(buf, end, &i), ")"))
        return none;
    return next_token(buf, end, &i).text ? none : t;
}

/* Does the #else branch whose line holds offset i hold nothing before its #endif (comments
 * aside)? */
static bool empty_else(const char *buf, size_t size, size_t i)
{
    while (i < size && buf[i] != '\n')
        i++;
    for (;;) {
        while (i < size && isspace((unsigned char)buf[i]))
            i++;
        if (i + 1 < size && buf[i] == '/' && (buf[i + 1] == '*' || buf[i + 1] == '/')) {
            bool block = buf[i + 1] == '*';
            i += 2;
            while (i < size && !(block ? (buf[i - 1] == '*' && buf[i] == '/') : buf[i] == '\n'))
                i++;
            i++;
            continue;
        }
        break;
    }
    if (i >= size || buf[i] != '#')
        return false;
    i++;
    return is_word(next_token(buf, size, &i), (const char *const[]){"endif", NULL});
}

/* Features of the unit's own file left out because a missing header would have enabled them:
 * a block "#ifdef X ... #endif" with no #else, or an empty one (enabling it adds code and
 * replaces none). Only
 * while a header is stood in; NAME=1 for each. */
static unsigned derive_features(CXTranslationUnit tu, const char *unit, struct standins *st)
{
    if (!st->headers.n)
        return 0;
    CXFile main = clang_getFile(tu, unit);
    size_t size = 0;
    const char *buf = main ? clang_getFileContents(tu, main, &size) : NULL;
    CXSourceRangeList *ranges = buf ? clang_getSkippedRanges(tu, main) : NULL;
    unsigned added = 0;
    for (unsigned r = 0; ranges && r < ranges->count; r++) {
        unsigned start, end;
        clang_getExpansionLocation(clang_getRangeStart(ranges->ranges[r]), NULL, NULL, NULL,
                                   &start);
        clang_getExpansionLocation(clang_getRangeEnd(ranges->ranges[r]), NULL, NULL, NULL, &end);
        if (start >= size || end > size || buf[start] != '#')
            continue;
        /* the directive that closes the block: the last one in the range */
        size_t last = end;
        while (last > start && buf[last] != '#')
            last--;
        size_t i = last + 1;
        struct token closing = next_token(buf, size, &i);
        if (last == start ||
            !(is_word(closing, (const char *const[]){"endif", NULL}) ||
              (is_word(closing, (const char *const[]){"else", NULL}) && empty_else(buf, size, i))))
            continue;
        struct token x = tested_macro(buf, size, start);
        if (x.text)
            added += add_identifier(&st->features, st, x.text, x.len, "=1");
    }
    if (ranges)
        clang_disposeSourceRangeList(ranges);
    return added;
}

/* The next stand-ins: headers, else decorators, else types (see enum pass), else features. */
static unsigned derive(CXTranslationUnit tu, const char *unit, struct standins *st)
{
    unsigned added = derive_pass(tu, unit, st, PASS_HEADERS);
    if (added)
        return added;
    added = derive_pass(tu, unit, st, PASS_UNKNOWN_DECORATORS);
    added += derive_pass(tu, unit, st, PASS_OTHER_DECORATORS);
    if (added)
        return added;
    added = derive_pass(tu, unit, st, PASS_TYPES);
    return added ? added : derive_features(tu, unit, st);
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
    /* the unit's own flags first, so that its directories are searched before the tree's and
     * those before the stand-ins */
    size_t ndyn = st->dirs.n + st->macros.n + st->features.n;
    const char **args = pa_xcalloc((size_t)argc + ndyn + 6, sizeof(*args));
    struct pa_strbuf *dyn = pa_xcalloc(ndyn + 1, sizeof(*dyn));
    size_t n = 0;
    for (int i = 0; i < argc; i++)
        args[n++] = argv[i];
    for (size_t i = 0; i < st->dirs.n; i++) {
        pa_strbuf_printf(&dyn[i], "-I%s", st->dirs.items[i]);
        args[n++] = pa_strbuf_cstr(&dyn[i]);
    }
    if (st->c23)
        args[n++] = "-std=gnu23"; /* after the unit's own -std, so it wins */
    args[n++] = "-I" STANDIN_DIR;
    args[n++] = "-ferror-limit=0"; /* the next round's stand-ins come from all the errors */
    for (size_t i = 0; i < st->macros.n; i++) {
        pa_strbuf_printf(&dyn[st->dirs.n + i], "-D%s", st->macros.items[i]);
        args[n++] = pa_strbuf_cstr(&dyn[st->dirs.n + i]);
    }
    for (size_t i = 0; i < st->features.n; i++) {
        struct pa_strbuf *d = &dyn[st->dirs.n + st->macros.n + i];
        pa_strbuf_printf(d, "-D%s", st->features.items[i]);
        args[n++] = pa_strbuf_cstr(d);
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
    /* the preprocessing record holds the blocks #if left out (derive_features) */
    options |= CXTranslationUnit_DetailedPreprocessingRecord;
    if (clang_parseTranslationUnit2(index, path, args, (int)n, files, (unsigned)nfiles, options,
                                    &tu) != CXError_Success)
        tu = NULL;
    for (size_t i = 0; i < ndyn; i++)
        pa_strbuf_free(&dyn[i]);
    for (size_t i = 0; i < st->headers.n; i++)
        pa_strbuf_free(&names[i]);
    pa_strbuf_free(&prelude);
    free(dyn);
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
    /* Each round's stand-ins come from the last parse, better or not (the tree's headers,
     * once found, can lack headers of their own); the best parse is kept. */
    CXTranslationUnit last = *tu;
    for (unsigned round = 0; round < PA_RECOVERY_ROUNDS; round++) {
        if (derive(last, path, &st) == 0)
            break;
        CXTranslationUnit cand = parse_with(index, path, argv, argc, options, &st);
        used->nparses++;
        if (last != *tu)
            clang_disposeTranslationUnit(last);
        last = cand;
        if (!cand)
            break;
        struct score s = score_of(cand);
        if (better(s, best)) {
            clang_disposeTranslationUnit(*tu);
            *tu = cand;
            best = s;
            used->ndirs = (unsigned)st.dirs.n;
            used->nheaders = (unsigned)st.headers.n;
            used->nmacros = (unsigned)st.macros.n;
            used->ntypes = (unsigned)st.types.n;
            used->nfeatures = (unsigned)st.features.n;
            used->c23 = st.c23;
        }
    }
    if (last && last != *tu)
        clang_disposeTranslationUnit(last);
    names_free(&st.dirs);
    names_free(&st.headers);
    names_free(&st.macros);
    names_free(&st.types);
    names_free(&st.features);
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
        {used->nfeatures, "disabled feature", "disabled features"},
    };
    size_t nparts = sizeof(parts) / sizeof(parts[0]), present = 0, done = 0;
    for (size_t i = 0; i < nparts; i++)
        present += parts[i].n > 0;
    if (!present && !used->ndirs && !used->c23)
        return NULL;
    struct pa_strbuf sb = {0};
    pa_strbuf_append(&sb, used->c23 ? "analysed as C23" : "analysed");
    if (present || used->ndirs)
        pa_strbuf_append(&sb, " with ");
    if (used->ndirs)
        pa_strbuf_printf(&sb, "%u include %s found in the tree%s", used->ndirs,
                         used->ndirs == 1 ? "directory" : "directories", present ? " and " : "");
    if (present)
        pa_strbuf_append(&sb, "stand-ins for ");
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
