/* compile_flags.c: per-file compiler arguments and the clang resource directory. */
#include "compile_flags.h"
#include "error.h"
#include "xalloc.h"

#include <clang-c/CXCompilationDatabase.h>
#include <clang-c/Index.h>
#include <dirent.h>
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct pa_compdb {
    CXCompilationDatabase db;
    /* the real paths of the files the database lists, sorted: libclang answers for any file,
     * inferring a command from a listed neighbour, so "listed" is decided here */
    char **listed;
    size_t nlisted;
};

void pa_args_push(struct pa_args *args, const char *arg)
{
    PA_GROW(args->argv, args->cap, args->argc + 1);
    args->argv[args->argc++] = pa_xstrdup(arg);
}

void pa_args_free(struct pa_args *args)
{
    for (size_t i = 0; i < args->argc; i++)
        free(args->argv[i]);
    free(args->argv);
    memset(args, 0, sizeof(*args));
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *cx_string(CXString s);

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_files(struct pa_compdb *db)
{
    CXCompileCommands all = clang_CompilationDatabase_getAllCompileCommands(db->db);
    unsigned n = all ? clang_CompileCommands_getSize(all) : 0;
    size_t cap = 0;
    for (unsigned i = 0; i < n; i++) {
        CXCompileCommand cmd = clang_CompileCommands_getCommand(all, i);
        char *file = cx_string(clang_CompileCommand_getFilename(cmd));
        char *dir = cx_string(clang_CompileCommand_getDirectory(cmd));
        char joined[PATH_MAX * 2], resolved[PATH_MAX];
        if (file[0] == '/')
            snprintf(joined, sizeof(joined), "%s", file);
        else
            snprintf(joined, sizeof(joined), "%s/%s", dir, file);
        if (realpath(joined, resolved)) {
            PA_GROW(db->listed, cap, db->nlisted + 1);
            db->listed[db->nlisted++] = pa_xstrdup(resolved);
        }
        free(file);
        free(dir);
    }
    if (all)
        clang_CompileCommands_dispose(all);
    if (db->nlisted > 1)
        qsort(db->listed, db->nlisted, sizeof(*db->listed), compare_paths);
}

/* libclang prints why a database does not load ("LIBCLANG TOOLING ERROR: ...") straight to
 * stderr; this runs before any thread starts, so stderr can be parked in a temporary file and
 * the reason ("Missing key: \"file\".") kept for perfaudit's own one-line message. */
static CXCompilationDatabase load_quietly(const char *dir, CXCompilationDatabase_Error *code,
                                          char *why, size_t size)
{
    fflush(stderr);
    FILE *tmp = tmpfile();
    int saved = tmp ? dup(STDERR_FILENO) : -1;
    if (saved >= 0 && dup2(fileno(tmp), STDERR_FILENO) < 0) {
        close(saved);
        saved = -1;
    }
    CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(dir, code);
    if (saved >= 0) {
        fflush(stderr);
        dup2(saved, STDERR_FILENO);
        close(saved);
        char line[512];
        const char *key = "json-compilation-database: ";
        rewind(tmp);
        while (fgets(line, sizeof(line), tmp)) {
            const char *at = strstr(line, key);
            if (!at)
                continue;
            snprintf(why, size, "%s", at + strlen(key));
            why[strcspn(why, "\n")] = '\0';
            size_t n = strlen(why);
            if (n && why[n - 1] == '.')
                why[n - 1] = '\0';
            break;
        }
    }
    if (tmp)
        fclose(tmp);
    return db;
}

int pa_compdb_open(const char *path, struct pa_compdb **out, struct pa_error *err)
{
    *out = NULL;
    char dir[PATH_MAX];
    struct stat st;
    if (stat(path, &st) != 0)
        return pa_error_errno(err, "%s: cannot read compile database", path);
    if (S_ISDIR(st.st_mode)) {
        snprintf(dir, sizeof(dir), "%s", path);
        char json[PATH_MAX + 32];
        snprintf(json, sizeof(json), "%s/compile_commands.json", path);
        if (access(json, R_OK) != 0)
            return pa_error_set(err, "%s: no compile_commands.json in this directory", path);
    } else {
        char copy[PATH_MAX];
        snprintf(copy, sizeof(copy), "%s", path);
        snprintf(dir, sizeof(dir), "%s", dirname(copy));
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        if (strcmp(base, "compile_commands.json") != 0)
            return pa_error_set(err, "%s: a compile database must be named compile_commands.json",
                                path);
    }
    char why[256] = "";
    CXCompilationDatabase_Error code;
    CXCompilationDatabase db = load_quietly(dir, &code, why, sizeof(why));
    if (code != CXCompilationDatabase_NoError || !db) {
        if (db)
            clang_CompilationDatabase_dispose(db);
        return pa_error_set(err, "%s/compile_commands.json: not a valid compile database%s%s%s",
                            dir, *why ? " (" : "", why, *why ? ")" : "");
    }
    *out = pa_xcalloc(1, sizeof(**out));
    (*out)->db = db;
    list_files(*out);
    return 0;
}

void pa_compdb_free(struct pa_compdb *db)
{
    if (!db)
        return;
    clang_CompilationDatabase_dispose(db->db);
    for (size_t i = 0; i < db->nlisted; i++)
        free(db->listed[i]);
    free(db->listed);
    free(db);
}

static char *cx_string(CXString s)
{
    const char *c = clang_getCString(s);
    char *r = pa_xstrdup(c ? c : "");
    clang_disposeString(s);
    return r;
}

/* Is arg the source file itself (as the command names it, relative to dir)? */
static bool names_source(const char *arg, const char *dir, const struct pa_source *src)
{
    char joined[PATH_MAX * 2], resolved[PATH_MAX];
    if (arg[0] == '/')
        snprintf(joined, sizeof(joined), "%s", arg);
    else
        snprintf(joined, sizeof(joined), "%s/%s", dir, arg);
    return realpath(joined, resolved) && strcmp(resolved, src->realpath) == 0;
}

static CXCompileCommand command_for(const struct pa_compdb *db, const struct pa_source *src,
                                    CXCompileCommands *cmds)
{
    *cmds = clang_CompilationDatabase_getCompileCommands(db->db, src->realpath);
    if (!*cmds)
        return NULL;
    if (clang_CompileCommands_getSize(*cmds) == 0) {
        clang_CompileCommands_dispose(*cmds);
        *cmds = NULL;
        return NULL;
    }
    return clang_CompileCommands_getCommand(*cmds, 0);
}

static bool compdb_args(const struct pa_compdb *db, const struct pa_source *src,
                        struct pa_args *out)
{
    CXCompileCommands cmds;
    CXCompileCommand cmd = command_for(db, src, &cmds);
    if (!cmd)
        return false;
    char *dir = cx_string(clang_CompileCommand_getDirectory(cmd));
    unsigned n = clang_CompileCommand_getNumArgs(cmd);
    for (unsigned i = 1; i < n; i++) {
        char *arg = cx_string(clang_CompileCommand_getArg(cmd, i));
        bool skip_next = strcmp(arg, "-o") == 0 || strcmp(arg, "-MF") == 0 ||
                         strcmp(arg, "-MT") == 0 || strcmp(arg, "-MQ") == 0;
        bool header = false;
        bool skip = skip_next || strcmp(arg, "-c") == 0 || strcmp(arg, "-MD") == 0 ||
                    strcmp(arg, "-MMD") == 0 || strcmp(arg, "-M") == 0 || strcmp(arg, "-MM") == 0 ||
                    strcmp(arg, "--") == 0 || strncmp(arg, "-Werror", 7) == 0 ||
                    names_source(arg, dir, src) ||
                    /* another input of a command that compiles several files at once */
                    (arg[0] != '-' && pa_source_has_extension(arg, NULL, &header) && !header);
        if (!skip)
            pa_args_push(out, arg);
        free(arg);
        if (skip_next)
            i++;
    }
    char wd[PATH_MAX + 32];
    snprintf(wd, sizeof(wd), "-working-directory=%s", dir);
    pa_args_push(out, wd);
    free(dir);
    clang_CompileCommands_dispose(cmds);
    out->from_compdb = true;
    return true;
}

char *pa_compdb_opt_level(const struct pa_compdb *db, const struct pa_source *src)
{
    if (!db)
        return NULL;
    CXCompileCommands cmds;
    CXCompileCommand cmd = command_for(db, src, &cmds);
    if (!cmd)
        return NULL;
    char *level = pa_xstrdup("");
    unsigned n = clang_CompileCommand_getNumArgs(cmd);
    for (unsigned i = 1; i < n; i++) {
        char *arg = cx_string(clang_CompileCommand_getArg(cmd, i));
        if (strncmp(arg, "-O", 2) == 0) {
            free(level);
            level = arg;
        } else {
            free(arg);
        }
    }
    clang_CompileCommands_dispose(cmds);
    return level;
}

bool pa_compdb_lists(const struct pa_compdb *db, const struct pa_source *src)
{
    const char *key = src->realpath;
    return db && db->nlisted &&
           bsearch(&key, db->listed, db->nlisted, sizeof(*db->listed), compare_paths);
}

static void default_args(const struct pa_source *src, bool prefer_cxx,
                         const char *const *include_dirs, size_t ninclude_dirs, struct pa_args *out)
{
    bool cxx = src->lang == PA_LANG_CXX || (src->is_header && prefer_cxx);
    if (cxx) {
        pa_args_push(out, "-x");
        pa_args_push(out, src->is_header ? "c++-header" : "c++");
        pa_args_push(out, "-std=gnu++17");
    } else {
        pa_args_push(out, "-x");
        pa_args_push(out, src->is_header ? "c-header" : "c");
        pa_args_push(out, "-std=gnu11");
    }
    /* the file's own directory, and include/ beside it or beside its parent */
    char copy[PATH_MAX], flag[PATH_MAX + 64], probe[PATH_MAX + 16];
    snprintf(copy, sizeof(copy), "%s", src->realpath);
    const char *dir = dirname(copy);
    snprintf(flag, sizeof(flag), "-I%s", dir);
    pa_args_push(out, flag);
    snprintf(probe, sizeof(probe), "%s/include", dir);
    if (is_dir(probe)) {
        snprintf(flag, sizeof(flag), "-I%s", probe);
        pa_args_push(out, flag);
    }
    snprintf(probe, sizeof(probe), "%s/../include", dir);
    if (is_dir(probe)) {
        snprintf(flag, sizeof(flag), "-I%s", probe);
        pa_args_push(out, flag);
    }
    for (size_t i = 0; i < ninclude_dirs; i++) {
        if (strcmp(include_dirs[i], dir) == 0)
            continue;
        snprintf(flag, sizeof(flag), "-I%s", include_dirs[i]);
        pa_args_push(out, flag);
    }
}

void pa_compile_args(const struct pa_compdb *db, const struct pa_source *src, bool prefer_cxx,
                     const char *const *include_dirs, size_t ninclude_dirs, struct pa_args *out)
{
    if (!db || !compdb_args(db, src, out))
        default_args(src, prefer_cxx, include_dirs, ninclude_dirs, out);
    pa_args_push(out, "-w"); /* warnings are not perfaudit's business, and cost time */
    /* every error, so that each function that lost code to one is known (partial_parse.c) */
    pa_args_push(out, "-ferror-limit=0");
    const char *resource = pa_clang_resource_dir();
    if (resource) {
        pa_args_push(out, "-resource-dir");
        pa_args_push(out, resource);
    }
}

static bool has_builtin_headers(const char *dir)
{
    char probe[PATH_MAX * 2 + 32];
    snprintf(probe, sizeof(probe), "%s/include/stddef.h", dir);
    return access(probe, R_OK) == 0;
}

/* <libdir>/clang/<version> next to the libclang that is loaded, whatever its layout. */
static bool resource_dir_near(const char *libdir, char *out, size_t size)
{
    char clangdir[PATH_MAX];
    snprintf(clangdir, sizeof(clangdir), "%s/clang", libdir);
    DIR *d = opendir(clangdir);
    if (!d)
        return false;
    struct dirent *e;
    bool found = false;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char cand[PATH_MAX * 2];
        snprintf(cand, sizeof(cand), "%s/%s", clangdir, e->d_name);
        if (has_builtin_headers(cand)) {
            snprintf(out, size, "%s", cand);
            found = true;
            break;
        }
    }
    closedir(d);
    return found;
}

static char resource_dir[PATH_MAX * 2];
static pthread_once_t resource_once = PTHREAD_ONCE_INIT;

static void find_resource_dir(void)
{
    const char *env = getenv("PERFAUDIT_CLANG_RESOURCE_DIR");
    if (env && *env && has_builtin_headers(env)) {
        snprintf(resource_dir, sizeof(resource_dir), "%s", env);
        return;
    }
#ifdef PA_CLANG_RESOURCE_DIR
    if (has_builtin_headers(PA_CLANG_RESOURCE_DIR)) {
        snprintf(resource_dir, sizeof(resource_dir), "%s", PA_CLANG_RESOURCE_DIR);
        return;
    }
#endif
    /* Derive it from where libclang was loaded from: <prefix>/lib/libclang.so ->
     * <prefix>/lib/clang/<version>; also try the real file's directory. */
    Dl_info info;
    if (dladdr((void *)clang_createIndex, &info) && info.dli_fname) {
        char copy[PATH_MAX], real[PATH_MAX];
        snprintf(copy, sizeof(copy), "%s", info.dli_fname);
        if (resource_dir_near(dirname(copy), resource_dir, sizeof(resource_dir)))
            return;
        if (realpath(info.dli_fname, real)) {
            char up[PATH_MAX + 8];
            snprintf(copy, sizeof(copy), "%s", real);
            char *dir = dirname(copy);
            if (resource_dir_near(dir, resource_dir, sizeof(resource_dir)))
                return;
            snprintf(up, sizeof(up), "%s/../lib", dir);
            if (resource_dir_near(up, resource_dir, sizeof(resource_dir)))
                return;
        }
    }
    resource_dir[0] = '\0';
}

const char *pa_clang_resource_dir(void)
{
    pthread_once(&resource_once, find_resource_dir);
    return resource_dir[0] ? resource_dir : NULL;
}
