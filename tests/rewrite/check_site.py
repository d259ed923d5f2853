#!/usr/bin/env python3
"""check_site.py ORIGINAL OUT BUILD_JSON - check a built site's references and names.

Independent of jamdeploy's own parsers (Python's html.parser and a small CSS
scanner), it prints "ok - ..." / "not ok - ..." lines for tests/run:

  - every local reference in OUT's HTML and CSS resolves to a file of OUT,
    except references that did not resolve in ORIGINAL either (so the
    scanner's own imprecision cannot make a test fail or pass);
  - every renamed file exists under its new name, the old name is gone, and
    the hash in the name is the first 10 hex digits of SHA-256 of its bytes.
"""
import hashlib, json, os, re, sys
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, unquote

ORIGIN = "http://site.test/"


def srcset_urls(value):
    urls, i, n = [], 0, len(value)
    while True:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        if i >= n:
            return urls
        j = i
        while j < n and not value[j].isspace():
            j += 1
        url = value[i:j]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            paren = False
            while j < n and (value[j] != "," or paren):
                paren = {"(": True, ")": False}.get(value[j], paren)
                j += 1
        urls.append(url)
        i = j


CSS_REF = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
CSS_SET = re.compile(r"""image-set\(([^)]*)\)""", re.I)
CSS_STR = re.compile(r"""["']([^"']*)["']""")


def css_urls(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    out = [next(g for g in m.groups() if g is not None) for m in CSS_REF.finditer(text)]
    for m in CSS_SET.finditer(text):
        out += CSS_STR.findall(m.group(1))
    return out


class Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls, self.base, self.in_style = [], None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "base" and a.get("href") is not None and self.base is None:
            self.base = a["href"]
        for name in ("href", "src", "poster", "xlink:href"):
            if a.get(name) and tag != "base":
                self.urls.append(a[name])
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])
        for name in ("srcset", "imagesrcset"):
            if a.get(name):
                self.urls += srcset_urls(a[name])
        if a.get("style"):
            self.urls += css_urls(a["style"])
        if tag == "meta" and (a.get("property") or a.get("name") or "") in ("og:image", "twitter:image"):
            self.urls.append(a.get("content") or "")
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.urls += css_urls(data)


def local_key(root, url, page_url, base_url):
    absolute = urljoin(urljoin(page_url, base_url) if base_url else page_url, url.strip())
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or parts.netloc not in ("site.test", "www.example.com"):
        return None
    key = unquote(parts.path).lstrip("/")
    if key == "" or key.endswith("/"):
        key += "index.html"
    if os.path.isdir(os.path.join(root, key)):
        key += "/index.html"
    return key


def unresolved(root):
    missing, checked = set(), 0
    for dirpath, _, files in os.walk(root):
        for f in files:
            path = os.path.join(dirpath, f)
            key = os.path.relpath(path, root).replace(os.sep, "/")
            text = open(path, encoding="utf-8", errors="replace").read() if f.endswith((".html", ".css")) else None
            if text is None:
                continue
            if f.endswith(".html"):
                p = Refs()
                p.feed(text)
                urls, base = p.urls, p.base
            else:
                urls, base = css_urls(text), None
            for u in urls:
                k = local_key(root, u, ORIGIN + key, base)
                if k is None or u.startswith("#"):
                    continue
                checked += 1
                if not os.path.isfile(os.path.join(root, k)):
                    missing.add((key, u))
    return missing, checked


def main():
    orig, out, report = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
    name = os.path.basename(orig.rstrip("/"))
    before, _ = unresolved(orig)
    after, checked = unresolved(out)
    renames = report.get("renames", {})
    # an unresolved reference in OUT is fine only if the same text failed in ORIGINAL
    before_urls = {u for _, u in before}
    new_missing = sorted((k, u) for k, u in after if u not in before_urls)
    if new_missing:
        print(f"not ok - {name}: every local reference resolves: {new_missing[:5]}")
    else:
        print(f"ok - {name}: every local reference resolves ({checked} checked)")
    bad = []
    for old, new in renames.items():
        p = os.path.join(out, new)
        m = re.search(r"\.([0-9a-f]{10})\.[^./]+$", new)
        if not os.path.isfile(p) or not m:
            bad.append((new, "missing"))
        elif hashlib.sha256(open(p, "rb").read()).hexdigest()[:10] != m.group(1):
            bad.append((new, "hash does not match bytes"))
        elif os.path.exists(os.path.join(out, old)):
            bad.append((old, "old name still written"))
    if bad:
        print(f"not ok - {name}: hashed names match their bytes: {bad[:5]}")
    else:
        print(f"ok - {name}: hashed names match their bytes ({len(renames)} renamed)")


main()
