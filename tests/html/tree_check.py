#!/usr/bin/python3
# tree_check.py - minifying a document must not change the tree a parser builds.
#
# Reads every tests/data/html5lib-tests/tree-construction/*.dat case
# (#data, with #document-fragment as the parse context when present),
# minifies the inputs in one batch (build/tests/test_html --minify-batch),
# parses original and minified with Debian's python3-html5lib (the
# reference tree builder; test-only, full tree: doctype and comments
# outside <html> included) and compares normalised trees.
#
# Two passes (minify/html.c, "The DOM stays the DOM"):
#
# 1. The case as it is:
#   - elements: same namespace, name and nesting, in the same order;
#   - doctype: the same name and the same document mode (quirks, limited
#     quirks, no quirks); its public and system ids are not compared, as
#     the minifier writes a doctype that means no-quirks mode
#     (HTML 4.01/XHTML strict ...) as <!doctype html> (minify/html.c
#     put_doctype; in both passes);
#   - attributes: equal after the rewrites the minifier is allowed to make
#     (boolean attribute values, whitespace in class, empty class/id/style
#     dropped, default values dropped: script type=JS or
#     language, form method=get, style/link type=text/css);
#   - text: per element, its direct text nodes, one piece per gap between
#     child elements; adjacent text nodes merged (a removed comment lets
#     the texts on either side join), every run of ASCII whitespace
#     collapsed to one space (the minifier keeps each run as one
#     character), nothing trimmed and whitespace-only text kept.  Byte-exact
#     inside pre/textarea/listing/plaintext/script/style/xmp/iframe/noembed/
#     noframes/noscript.  The text of an HTML <title> may lose its leading
#     and trailing whitespace (document.title trims it).  Whitespace before
#     <head> never reaches the tree (the parser drops it), and whitespace
#     after </body> or </html> lands in <body>'s last text node, so neither
#     needs a rule of its own;
#   - script/style text: the minifier runs the CSS/JS/JSON minifier on it
#     (or keeps it when that fails or its output could end the element), so
#     the minified tree's text must be either the original text or exactly
#     what that minifier makes of it with inline_script set
#     (test_html --minify-inline-batch); anything else is a change;
#   - style="" values: the original or exactly what the CSS declaration
#     minifier makes of it (test_html --minify-inline-batch, "style-attr");
#   - comments are not compared (the minifier removes most of them).
#
# 2. "(hydrated)": the case with "<!--[-->" (a Vue/Svelte fragment marker,
#    minify/hydration.c: HYDRATION_DOCUMENT) in front, original and
#    minified both with it.  A framework hydrates such a page node by node,
#    so: elements equal, attributes exactly equal (names and values), every
#    text node byte-exact (no merging, no collapsing, <title> too),
#    comments equal and in place.  Only <style> and JavaScript text may be
#    minified (the original or exactly the inline minifier's output, as
#    above); JSON scripts (application/json, ld+json, importmap,
#    speculationrules) must stay exactly as they were.
#
# Skipped: #script-on cases (html5lib parses with scripting off) and
# fragments whose context is a raw text element (<style>, <title> ...).
#
# Prints "ok - NAME" / "not ok - NAME" per .dat file and pass, and the case counts.
import glob, json, os, re, subprocess, sys
import html5lib

top = os.environ.get("JD_TOP", ".")
binary = os.path.join(os.environ.get("TEST_BIN_DIR", os.path.join(top, "build/tests")), "test_html")
HYDRATION_MARK = "<!--[-->"

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
JS_TYPES = {"text/javascript", "application/javascript"}
# minify/html.c script_kind_of(): which minifier a <script type=...> gets
SCRIPT_JS = {"", "module", "text/javascript", "application/javascript", "text/ecmascript",
             "application/ecmascript", "application/x-javascript", "text/x-javascript", "text/jscript"}
SCRIPT_JSON = {"application/ld+json", "application/json", "importmap", "speculationrules"}
WS = re.compile(r"[ \t\n\r\f]+")  # ASCII whitespace only: U+00A0 and friends are text

def raw_kind(name, attrs, hyd):
    if name == "style":
        return "css"
    t = attrs.get("type")
    if t is None:
        return "js"
    t = t.strip(" \t\n\f\r").lower()
    if t in SCRIPT_JS:
        return "js"
    if t in SCRIPT_JSON:
        # a hydrated page's JSON is data the framework reads as written
        return "json-kept" if hyd else "json"
    return "other"

def local(tag):
    if tag.startswith("{"):
        ns, name = tag[1:].split("}", 1)
        return ns, name
    return "", tag

def attr_name(k):
    return k if isinstance(k, str) else "%s:%s" % k

def norm_attrs(ns, name, attrs, hyd):
    if hyd:
        return sorted((attr_name(k), v) for k, v in attrs.items())
    out = {}
    html = ns.endswith("xhtml")
    for k, v in attrs.items():
        kn = attr_name(k)
        if html:
            if kn == "class":
                v = WS.sub(" ", v).strip(" ")
            if kn in ("class", "id", "style") and v.strip(" \t\n\r\f") == "":
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

def is_element(node):
    return isinstance(node.tag, str)

def children(el, out, depth, exact, hyd):
    # Walk el's children into out; return el's direct text, one piece per
    # gap between child elements (and, when hydrated, comments: there they
    # stay and keep the text nodes on either side apart).
    pieces = [el.text or ""]
    for child in el:
        if is_element(child):
            walk(child, out, depth, exact, hyd)
            pieces.append("")
        elif hyd:
            out.append(("comment", depth, child.text))
            pieces.append("")
        pieces[-1] += child.tail or ""
    return pieces

def walk(el, out, depth, exact, hyd):
    if el.tag == "<!DOCTYPE>":
        out.append(("doctype", depth, el.text))
        return
    ns, name = local(el.tag)
    html = ns.endswith("xhtml")
    ex = exact or (html and name in EXACT)
    out.append(("el", depth, ns, name, norm_attrs(ns, name, el.attrib, hyd)))
    pieces = children(el, out, depth + 1, ex, hyd)
    if html and name in ("script", "style"):
        # kept out of the text rules below: a tuple, not a str
        out.append(("raw", depth, raw_kind(name, el.attrib, hyd), ("".join(pieces),)))
        return
    if not (ex or hyd):
        if html and name == "title":
            pieces = [p.strip(" \t\n\r\f") for p in pieces]
        pieces = [WS.sub(" ", p) for p in pieces]
    out.append(("text", depth, tuple(pieces)))

def make_parser():
    return html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree", fullTree=True), namespaceHTMLElements=True)

def tree(parser, data, frag, hyd=False):
    out = []
    if frag is not None:
        root = parser.parseFragment(data, container=frag.split()[-1])
        pieces = children(root, out, 0, False, hyd)
        if not hyd:
            pieces = [WS.sub(" ", p) for p in pieces]
        out.append(("top", tuple(pieces)))
    else:
        walk(parser.parse(data), out, 0, False, hyd)
        out.append(("mode", parser.compatMode))
    return out

def raw_texts(trees):
    trees = list(trees)
    raw = {(x[2], x[3][0]) for t in trees for x in t if x[0] == "raw" and x[2] in ("css", "js", "json")}
    styles = {("style-attr", v) for t in trees for x in t if x[0] == "el" for k, v in x[4] if k == "style"}
    return sorted(raw | styles)

def minify_raw(pairs):
    # what the inline CSS/JS/JSON minifier makes of each (kind, text)
    res = subprocess.run([binary, "--minify-inline-batch"], input=json.dumps([list(p) for p in pairs]).encode(),
                         stdout=subprocess.PIPE, check=True)
    return dict(zip(pairs, json.loads(res.stdout)))

def same_attrs(a, b, mini, hyd):
    # style="" goes through the CSS declaration minifier: the original or its
    # result; in a hydrated tree every value stays as it is
    if hyd:
        return a == b
    if len(a) != len(b):
        return False
    for (k, v), (k2, v2) in zip(a, b):
        if k != k2 or (v != v2 and not (k == "style" and v2 == mini.get(("style-attr", v)))):
            return False
    return True

def same_item(x, y, mini, hyd):
    if x[0] == "el" and y[0] == "el":
        return x[:4] == y[:4] and same_attrs(x[4], y[4], mini, hyd)
    if x[0] != "raw" or y[0] != "raw":
        return x == y
    if x[:3] != y[:3]:
        return False
    text, got = x[3][0], y[3][0]
    return got == text or (mini.get((x[2], text)) is not None and got == mini.get((x[2], text)))

def same_tree(a, b, mini, hyd=False):
    return len(a) == len(b) and all(same_item(x, y, mini, hyd) for x, y in zip(a, b))

def minify_batch(inputs):
    res = subprocess.run([binary, "--minify-batch"], input=json.dumps(inputs).encode(),
                         stdout=subprocess.PIPE, check=True)
    return json.loads(res.stdout)

def first_difference(a, b, mini, hyd):
    # the first item that differs, or what one tree has that the other lacks
    i = 0
    while i < len(a) and i < len(b) and same_item(a[i], b[i], mini, hyd):
        i += 1
    if i < len(a) and i < len(b):
        j = next((k for k in range(i, len(b)) if same_item(a[i], b[k], mini, hyd)), None)
        if j is not None and j > i:
            return "minified tree has %r before %r" % (b[i], a[i])
        j = next((k for k in range(i, len(a)) if same_item(a[k], b[i], mini, hyd)), None)
        if j is not None and j > i:
            return "original tree has %r before %r" % (a[i], b[i])
        return "%r vs %r" % (a[i], b[i])
    if len(a) != len(b):
        return "%s tree has more: %r" % ("original" if len(a) > len(b) else "minified", a[i] if len(a) > len(b) else b[i])
    return "none"

def run_pass(allcases, parser, hyd):
    prefix = HYDRATION_MARK if hyd else ""
    suffix = " (hydrated)" if hyd else ""
    inputs = [prefix + c[1] for c in allcases]
    minified = minify_batch(inputs)
    per_file = {}
    total_pass = total_fail = skipped = 0
    checked = []
    for (fname, _, frag, script_on), data, mini in zip(allcases, inputs, minified):
        per_file.setdefault(fname, [0, 0])
        if frag is not None and frag.split()[-1] in RAW_CONTEXTS:
            skipped += 1  # a fragment inside <style>/<title>/... is not an HTML document
            continue
        if script_on or mini is None:
            # html5lib parses with scripting off; the minifier assumes it on (noscript as raw text)
            skipped += 1
            continue
        try:
            a = tree(parser, data, frag, hyd)
        except Exception:
            skipped += 1  # the reference parser itself fails on this input
            continue
        checked.append((fname, data, mini, a, tree(parser, mini, frag, hyd)))
    raw = minify_raw(raw_texts(c[3] for c in checked))
    show = int(os.environ.get("TREE_SHOW", "3"))
    for fname, data, mini, a, b in checked:
        ok = per_file[fname]
        if same_tree(a, b, raw, hyd):
            ok[0] += 1
            total_pass += 1
        else:
            ok[1] += 1
            total_fail += 1
            if ok[1] <= show:
                print("# %s%s: tree changed\n#   input    %r\n#   minified %r\n#   first difference: %s"
                      % (fname, suffix, data, mini, first_difference(a, b, raw, hyd)))
    for fname in sorted(per_file):
        p, f = per_file[fname]
        print("%s - tree-construction %s%s (%d kept, %d changed)"
              % ("ok" if f == 0 else "not ok", fname, suffix, p, f))
    print("# tree-construction%s: %d cases kept their tree, %d changed, %d skipped"
          % (suffix, total_pass, total_fail, skipped))

def main():
    files = sorted(glob.glob(os.path.join(top, "tests/data/html5lib-tests/tree-construction/*.dat")))
    allcases = []
    for f in files:
        for data, frag, script_on in cases(f):
            allcases.append((os.path.basename(f), data, frag, script_on))
    parser = make_parser()
    run_pass(allcases, parser, False)
    run_pass(allcases, parser, True)

def compare_dirs(orig_dir, min_dir):
    # bench/html.sh: do the minified real pages keep their trees?
    parser = make_parser()
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
