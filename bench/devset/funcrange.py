"""Line ranges of a named function's definitions in a C or C++ source file.

Owns a deliberately simple brace matcher (no preprocessing): comments, string and character
literals are blanked, then every `name (` whose matching `)` is followed, after qualifiers,
K&R parameter declarations, a trailing return type or a constructor's initialiser list, by a
`{` is a definition running to the matching `}`. Enough to attribute peer tools' line-based
diagnostics to a function; perfaudit attributes its own findings.
"""
import re


def blank(text):
    """text with comments and literals replaced by spaces, newlines kept (so offsets and
    line numbers are unchanged)."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "/" and i + 1 < n and text[i + 1] == "/":
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif c == "/" and i + 1 < n and text[i + 1] == "*":
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
        elif c == "#" and (i == 0 or text[text.rfind("\n", 0, i) + 1:i].strip() == ""):
            # A preprocessor line (with its continuations) is not code of any function.
            j = i
            while True:
                k = text.find("\n", j)
                if k < 0:
                    j = n
                    break
                if text[k - 1] != "\\":
                    j = k
                    break
                j = k + 1
        else:
            i += 1
            continue
        for k in range(i, j):
            if out[k] != "\n":
                out[k] = " "
        i = j
    return "".join(out)


def _match(s, i, open_c, close_c):
    """Index of the bracket closing the one at s[i], or -1."""
    depth = 0
    for k in range(i, len(s)):
        if s[k] == open_c:
            depth += 1
        elif s[k] == close_c:
            depth -= 1
            if depth == 0:
                return k
    return -1


def _body_start(s, k):
    """Index of the `{` opening a body after the parameter list closed at s[k-1], or -1
    when what follows is a declaration, a call or an expression."""
    n = len(s)
    init_list = False  # after a constructor's single `:`, commas and `x(...)` are fine
    while k < n:
        c = s[k]
        if c.isspace():
            k += 1
        elif c == "{":
            return k
        elif c == "(" or c == "[":
            k = _match(s, k, c, ")" if c == "(" else "]")
            if k < 0:
                return -1
            k += 1
        elif c == ":" and k + 1 < n and s[k + 1] == ":":
            k += 2
        elif c == ":":
            init_list = True
            k += 1
        elif c == "," and init_list:
            k += 1
        elif c.isalpha() or c == "_":
            m = KR_DECLS.match(s, k)
            if m and not init_list:
                k = m.end()  # K&R parameter declarations: `int a; char *b;`
            else:
                k = re.compile(r"\w+").match(s, k).end()
                brace = re.compile(r"\s*\{").match(s, k)
                if init_list and brace:  # a member initialised with braces: `n{3}`
                    k = _match(s, brace.end() - 1, "{", "}")
                    if k < 0:
                        return -1
                    k += 1
        elif c in "*&<>-.":
            k += 1  # pointer/reference qualifiers, templates, `->` return types
        else:
            return -1
    return -1


KR_DECLS = re.compile(r"(?:[A-Za-z_][\w \t\n\*,\[\]]*;\s*)+(?=\{)")


def ranges(text, name):
    """[(first_line, last_line)] of every definition of function name (the last
    ::-component of a qualified name) in text; lines are 1-based."""
    name = name.split("::")[-1]
    s = blank(text)
    found = []
    for m in re.finditer(r"(?<![\w.>])" + re.escape(name) + r"\s*\(", s):
        before = s[:m.start()].rstrip()
        if before.endswith("->") or before.endswith("."):
            continue
        close = _match(s, m.end() - 1, "(", ")")
        if close < 0:
            continue
        body = _body_start(s, close + 1)
        if body < 0:
            continue
        end = _match(s, body, "{", "}")
        if end < 0:
            continue
        first = text.count("\n", 0, m.start()) + 1
        # The definition starts at its declaration: take the return type on the line(s)
        # above (GNU and BSD style put it on its own line).
        line_start = text.rfind("\n", 0, m.start()) + 1
        prev = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
        if line_start > 0 and s[prev:line_start].strip() and not s[prev:line_start].rstrip().endswith(
                (";", "}", "{")):
            first -= 1
        found.append((first, text.count("\n", 0, end) + 1))
    return found
