#!/usr/bin/python3
# tree_check.py - minifying a document must not change the tree a parser builds.
#
# Reads every tests/data/html5lib-tests/tree-construction/*.dat case
# (#data, with #document-fragment as the parse context when present),
# minifies the inputs in one batch (build/tests/test_html --minify-batch),
# parses original and minified with Debian's python3-html5lib (the
# reference tree builder; test-only) and compares normalised trees:
#
#   - elements: same namespace, name and nesting, in the same order;
#   - attributes: equal after the rewrites the minifier is allowed to make
#     (boolean attribute values, whitespace in class, empty class/id/style
#     dropped, default values dropped: script type=JS or
#     language, form method=get, style/link type=text/css);
#   - text: per element, its direct text with whitespace runs collapsed and
#     trimmed, whitespace-only text dropped (whitespace placement is checked
#     by the unit cases and by rendering, not here); byte-exact inside
#     pre/textarea/listing/plaintext/script/style/xmp/iframe/noembed/noframes/noscript;
#   - script/style text: the minifier runs the CSS/JS/JSON minifier on it
#     (or keeps it when that fails or its output could end the element), so
#     the minified tree's text must be either the original text or exactly
#     what that minifier makes of it with inline_script set
#     (test_html --minify-inline-batch); anything else is a change;
#   - style="" values: the original or exactly what the CSS declaration
#     minifier makes of it (test_html --minify-inline-batch, "style-attr");
#   - comments are not compared (the minifier removes them);
#   - formatting elements (b, i, font ...) that hold only whitespace are
#     left out: the parser reopens misnested formatting elements around a
#     whitespace text, and removing the whitespace removes them (nothing
#     rendered changes).
# Skipped: #script-on cases (html5lib parses with scripting off) and
# fragments whose context is a raw text element (<style>, <title> ...).
#
# Prints "ok - NAME" / "not ok - NAME" per .dat file and the case counts.
import glob, json, os, re, subprocess, sys
import html5lib

top = os.environ.get("JD_TOP", ".")
binary = os.path.join(os.environ.get("TEST_BIN_DIR", os.path.join(top, "build/tests")), "test_html")

def cases(path):
    text = open(path, encoding="utf-8").read()
    for block in re.split(r"\n(?=#data\n)", text):
        if not block.startswith("#data\n"):
            continue
        parts = re.split(r"^(#[a-z-]+)\n", block, flags=re.M)
        sec = {}
        for i in range(1, len(parts) - 1, 2):
            sec[parts[i]] = parts[i + 1]
        data = sec.get("#data", "")
        if data.endswith("\n"):
            data = data[:-1]
        frag = sec.get("#document-fragment")
        if frag is not None:
            frag = frag.strip()
        yield data, frag, "#script-on" in sec

EXACT = {"pre", "textarea", "listing", "plaintext", "script", "style", "xmp", "iframe",
         "noembed", "noframes", "noscript"}
BOOLEAN = set("allowfullscreen async autofocus autoplay checked controls default defer disabled "
              "formnovalidate inert ismap itemscope loop multiple muted nomodule novalidate open "
              "playsinline readonly required reversed selected truespeed".split())
RAW_CONTEXTS = {"style", "script", "title", "textarea", "xmp", "iframe", "noembed", "noframes",
                "noscript", "plaintext"}
FORMATTING = {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"}
JS_TYPES = {"text/javascript", "application/javascript"}
# minify/html.c script_kind_of(): which minifier a <script type=...> gets
SCRIPT_JS = {"", "module", "text/javascript", "application/javascript", "text/ecmascript",
             "application/ecmascript", "application/x-javascript", "text/x-javascript", "text/jscript"}
SCRIPT_JSON = {"application/ld+json", "application/json", "importmap", "speculationrules"}

def raw_kind(name, attrs):
    if name == "style":
        return "css"
    t = attrs.get("type")
    if t is None:
        return "js"
    t = t.strip(" \t\n\f\r").lower()
    return "js" if t in SCRIPT_JS else "json" if t in SCRIPT_JSON else "other"

def local(tag):
    if tag.startswith("{"):
        ns, name = tag[1:].split("}", 1)
        return ns, name
    return "", tag

def norm_attrs(ns, name, attrs):
    out = {}
    html = ns.endswith("xhtml")
    for k, v in attrs.items():
        kn = k if isinstance(k, str) else "%s:%s" % k
        if html:
            if kn == "class":
                v = " ".join(v.split())
            if kn in ("class", "id", "style") and v.strip() == "":
                continue
            if kn in BOOLEAN and v.lower() in ("", kn):
                v = ""
            lv = v.strip().lower()
            if (name == "script" and kn == "type" and lv in JS_TYPES) or \
               (name == "script" and kn == "language") or \
               (name in ("style", "link") and kn == "type" and lv == "text/css") or \
               (name == "form" and kn == "method" and lv == "get") or \
               (name == "form" and kn == "autocomplete" and lv == "on") or \
               (name in ("a", "area") and kn == "shape" and lv == "rect"):
                continue
        out[kn] = v
    return sorted(out.items())

def only_ws_formatting(el):
    ns, name = local(el.tag)
    if not (ns.endswith("xhtml") and name in FORMATTING) or (el.text or "").strip():
        return False
    return all(isinstance(c.tag, str) and only_ws_formatting(c) and not (c.tail or "").strip() for c in el)

def walk(el, out, depth, exact):
    tag = el.tag
    if not isinstance(tag, str):  # comment or processing instruction
        if el.tail:
            out.append(("tail", depth, el.tail if exact else None))
        return
    ns, name = local(tag)
    if not exact and only_ws_formatting(el):
        # a formatting element the parser reopened around whitespace alone:
        # it renders nothing, and removing that whitespace removes it
        out.append(("ws-formatting", depth))
        return
    ex = exact or (ns.endswith("xhtml") and name in EXACT)
    out.append(("el", depth, ns, name, norm_attrs(ns, name, el.attrib)))
    texts = [el.text or ""]
    for child in el:
        walk_child(child, out, depth + 1, ex, texts)
    joined = "".join(texts)
    if not exact and ns.endswith("xhtml") and name in ("script", "style"):
        # kept out of the string normalisation below (a tuple, not a str)
        out.append(("raw", depth, raw_kind(name, el.attrib), (joined,)))
        return
    out.append(("text", depth, joined if ex else " ".join(joined.split())))

def walk_child(child, out, depth, exact, texts):
    if isinstance(child.tag, str):
        walk(child, out, depth, exact)
        if exact or not only_ws_formatting(child):
            texts.append("\x00")  # element boundary
    texts.append(child.tail or "")

def tree(parser, data, frag):
    if frag is not None:
        ctx = frag.split()[-1]
        root = parser.parseFragment(data, container=ctx)
    else:
        root = parser.parse(data)
    out = []
    texts = [root.text or ""] if hasattr(root, "text") else []
    if frag is not None:
        for child in root:
            walk_child(child, out, 0, False, texts)
    else:
        walk(root, out, 0, False)
    out.append(("top", " ".join("".join(texts).split())))
    # text pieces split by element boundaries: normalise the separators away
    out = [item for item in out if item[0] != "ws-formatting"]
    return [tuple(x if not isinstance(x, str) else re.sub(r"\s*\x00\s*", "|", x).strip("| ") for x in item)
            for item in out]

def raw_texts(trees):
    trees = list(trees)
    raw = {(x[2], x[3][0]) for t in trees for x in t if x[0] == "raw"}
    styles = {("style-attr", v) for t in trees for x in t if x[0] == "el" for k, v in x[4] if k == "style"}
    return sorted(raw | styles)

def minify_raw(pairs):
    # what the inline CSS/JS/JSON minifier makes of each (kind, text)
    res = subprocess.run([binary, "--minify-inline-batch"], input=json.dumps([list(p) for p in pairs]).encode(),
                         stdout=subprocess.PIPE, check=True)
    return dict(zip(pairs, json.loads(res.stdout)))

def same_attrs(a, b, mini):
    # style="" goes through the CSS declaration minifier: the original or its result
    if len(a) != len(b):
        return False
    for (k, v), (k2, v2) in zip(a, b):
        if k != k2 or (v != v2 and not (k == "style" and v2 == mini.get(("style-attr", v)))):
            return False
    return True

def same_item(x, y, mini):
    if x[0] == "el" and y[0] == "el":
        return x[:4] == y[:4] and same_attrs(x[4], y[4], mini)
    if x[0] != "raw" or y[0] != "raw":
        return x == y
    if x[:3] != y[:3]:
        return False
    text, got = x[3][0], y[3][0]
    return got == text or got == mini.get((x[2], text))

def same_tree(a, b, mini):
    return len(a) == len(b) and all(same_item(x, y, mini) for x, y in zip(a, b))

def main():
    files = sorted(glob.glob(os.path.join(top, "tests/data/html5lib-tests/tree-construction/*.dat")))
    allcases = []
    for f in files:
        for data, frag, script_on in cases(f):
            allcases.append((os.path.basename(f), data, frag, script_on))
    res = subprocess.run([binary, "--minify-batch"], input=json.dumps([c[1] for c in allcases]).encode(),
                         stdout=subprocess.PIPE, check=True)
    minified = json.loads(res.stdout)
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=True)
    per_file = {}
    total_pass = total_fail = skipped = 0
    checked = []
    for (fname, data, frag, script_on), mini in zip(allcases, minified):
        per_file.setdefault(fname, [0, 0])
        if frag is not None and frag.split()[-1] in RAW_CONTEXTS:
            skipped += 1  # a fragment inside <style>/<title>/... is not an HTML document
            continue
        if script_on or mini is None:
            # html5lib parses with scripting off; the minifier assumes it on (noscript as raw text)
            skipped += 1
            continue
        try:
            a = tree(parser, data, frag)
        except Exception:
            skipped += 1  # the reference parser itself fails on this input
            continue
        checked.append((fname, data, mini, a, tree(parser, mini, frag)))
    raw = minify_raw(raw_texts(c[3] for c in checked))
    for fname, data, mini, a, b in checked:
        ok = per_file[fname]
        if same_tree(a, b, raw):
            ok[0] += 1
            total_pass += 1
        else:
            ok[1] += 1
            total_fail += 1
            if ok[1] <= int(os.environ.get("TREE_SHOW", "3")):
                print("# %s: tree changed\n#   input    %r\n#   minified %r" % (fname, data, mini))
                for x, y in zip(a, b):
                    if not same_item(x, y, raw):
                        print("#   first difference: %r vs %r" % (x, y))
                        break
    for fname in sorted(per_file):
        p, f = per_file[fname]
        print("%s - tree-construction %s (%d kept, %d changed)" % ("ok" if f == 0 else "not ok", fname, p, f))
    print("# tree-construction: %d cases kept their tree, %d changed, %d skipped" % (total_pass, total_fail, skipped))

def compare_dirs(orig_dir, min_dir):
    # bench/html.sh: do the minified real pages keep their trees?
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=True)
    same = changed = 0
    pairs = []
    for f in sorted(glob.glob(os.path.join(orig_dir, "*.html"))):
        a = tree(parser, open(f, encoding="utf-8", errors="surrogateescape").read(), None)
        g = os.path.join(min_dir, os.path.basename(f))
        b = tree(parser, open(g, encoding="utf-8", errors="surrogateescape").read(), None)
        pairs.append((a, b))
    raw = minify_raw(raw_texts(a for a, b in pairs))
    for a, b in pairs:
        if same_tree(a, b, raw):
            same += 1
        else:
            changed += 1
    print("%d pages kept their tree, %d changed" % (same, changed))

if len(sys.argv) == 4 and sys.argv[1] == "--compare-dirs":
    compare_dirs(sys.argv[2], sys.argv[3])
else:
    main()
