#!/usr/bin/env python3
"""Every member name and every fixed phrase or printf format that
src/explain/render*.c writes has its Chinese in src/explain/words_zh.c
(DECISIONS D162), so `explain --lang zh` never falls back to English.
Phrases without an English word (a format like "%s - %s = %d", a RULES
code) need none. usage: explain_words.py REPO; prints what is missing."""
import glob
import re
import sys


def calls(text, name):
    """The argument text of every call of `name`."""
    out = []
    for m in re.finditer(r"\b" + re.escape(name) + r"\(", text):
        i = j = m.end()
        depth = 1
        while depth:
            c = text[j]
            if c == '"':
                j += 1
                while text[j] != '"':
                    j += 2 if text[j] == "\\" else 1
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            j += 1
        out.append(text[i:j - 1])
    return out


def strings(arg):
    """C string literals of an argument text, adjacent ones joined."""
    res, prev = [], False
    for t in re.finditer(r'"((?:[^"\\]|\\.)*)"|(\S)', arg):
        if t.group(1) is not None:
            v = t.group(1).replace('\\"', '"').replace("\\\\", "\\")
            if prev:
                res[-1] += v
            else:
                res.append(v)
            prev = True
        else:
            prev = False
    return res


def table(text, name):
    body = text[text.index(name + "[] = {"):]
    body = body[:body.index("\n};")]
    return {strings(m.group(1))[0] for m in re.finditer(r"\{(\"(?:[^\"\\]|\\.)*\"(?:\s*\"(?:[^\"\\]|\\.)*\")*)\s*,", body)}


def main():
    root = sys.argv[1]
    words = open(root + "/src/explain/words_zh.c", encoding="utf-8").read()
    keys, phrases = table(words, "wr_explain_keys_zh"), table(words, "wr_explain_phrases_zh")
    want_keys, want_phrases = set(), {"yes", "no"}  # emit.c's booleans
    for path in sorted(glob.glob(root + "/src/explain/render*.c")):
        text = open(path, encoding="utf-8").read()
        for a in calls(text, "wr_emit_tr"):
            want_phrases.update(strings(a.split(",", 1)[1]))
        for a in calls(text, "wr_emit_fmt"):
            s = strings(a)
            if len(s) >= 2:
                want_keys.add(s[0])
                want_phrases.add(s[1])
        for fn in ("wr_emit_str", "wr_emit_int", "wr_emit_bool", "wr_emit_fen", "wr_emit_day",
                   "wr_emit_month", "wr_emit_id", "wr_emit_account", "wr_emit_object",
                   "wr_emit_list", "render_flags"):
            for a in calls(text, fn):
                m = re.match(r'\s*&?[a-z]+\s*,\s*(?:[a-z]+\s*,\s*)?"([^"]*)"', a)
                if m:
                    want_keys.add(m.group(1))
        for arr in ("weekday_names", "names"):
            m = re.search(arr + r"\[[0-9]*\] = \{([^}]*)\}", text)
            if m:
                want_phrases.update(strings(m.group(1)))
    english = re.compile(r"[a-z]{2,}")
    missing = sorted(k for k in want_keys if k not in keys and k != "flag_id")
    missing += sorted(p for p in want_phrases
                      if p not in phrases and english.search(re.sub(r"%[0-9.]*l*[a-z]", "", p)))
    for m in missing:
        print("no Chinese for:", repr(m))
    print(f"{len(want_keys)} keys, {len(want_phrases)} phrases checked")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
