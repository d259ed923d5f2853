#!/usr/bin/python3
"""live_site.py - what a target serves, checked from outside jamdeploy (tests only).

Reads a directory target, or an S3 target through botocore (S3_ENDPOINT and the AWS_*
variables tests/s3/lib.sh exports), and checks it the way a visitor and an operator would:

  live_site.py TARGET                  every live HTML object (whatever the manifest says:
                                       a stale page is served too) loads only objects that
                                       exist: its stylesheets, scripts, images, icons, media
                                       (links people follow are not loads; a page of the same
                                       upload phase may still be on its way)
  live_site.py TARGET --expect BUILD   and the target is exactly BUILD (`jamdeploy build -o`
                                       output): every file with its bytes, no other page, a
                                       manifest without the "journal" mark that names every
                                       object there with its sha256, and nothing else
  live_site.py TARGET --missing BUILD  print how many files of BUILD the target lacks or holds
                                       with other bytes (no check)
  live_site.py TARGET --has KEY        exit 0 when the target holds KEY
  live_site.py TARGET --cat KEY        print the object KEY (nothing when missing)

TARGET is a folder or s3://BUCKET/PREFIX.  Problems go to stdout, one a line; exit 1 when any.
"""
import concurrent.futures
import hashlib
import html.parser
import json
import os
import sys
import urllib.parse

STATE = '.jamdeploy/'
LOADS = {('link', 'href'), ('script', 'src'), ('img', 'src'), ('img', 'srcset'), ('source', 'src'),
         ('source', 'srcset'), ('video', 'src'), ('video', 'poster'), ('audio', 'src'),
         ('input', 'src'), ('embed', 'src'), ('object', 'data'), ('track', 'src')}


class Dir:
    def __init__(self, root):
        self.root = root

    def keys(self):
        out = []
        for d, dirs, files in os.walk(self.root):
            for f in files:
                k = os.path.relpath(os.path.join(d, f), self.root)
                if not f.startswith('.jd-tmp-'):
                    out.append(k)
        return out

    def get(self, key):
        try:
            with open(os.path.join(self.root, key), 'rb') as f:
                return f.read()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return None

    def md5s(self):
        """key -> MD5 hex of its bytes"""
        return {k: hashlib.md5(self.get(k) or b'').hexdigest() for k in self.keys()}


class S3:
    def __init__(self, url):
        import botocore.session
        bucket, _, prefix = url[len('s3://'):].partition('/')
        self.bucket, self.prefix = bucket, prefix.strip('/') + '/' if prefix.strip('/') else ''
        self.c = botocore.session.get_session().create_client(
            's3', endpoint_url=os.environ['S3_ENDPOINT'], region_name='us-east-1',
            config=__import__('botocore.config').config.Config(s3={'addressing_style': 'path'}))

    def md5s(self):
        """key -> MD5 hex of its bytes: the ETag of a single-part upload, from the listing"""
        out = {}
        for page in self.c.get_paginator('list_objects_v2').paginate(Bucket=self.bucket, Prefix=self.prefix):
            for o in page.get('Contents', []):
                out[o['Key'][len(self.prefix):]] = o['ETag'].strip('"')
        return out

    def keys(self):
        return list(self.md5s())

    def get(self, key):
        try:
            return self.c.get_object(Bucket=self.bucket, Key=self.prefix + key)['Body'].read()
        except self.c.exceptions.NoSuchKey:
            return None


class Loads(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (tag, name) not in LOADS or not value:
                continue
            if tag == 'link' and name == 'href':
                rel = (dict(attrs).get('rel') or '').lower().split()
                if not set(rel) & {'stylesheet', 'icon', 'preload', 'modulepreload', 'apple-touch-icon'}:
                    continue
            if name == 'srcset':
                self.urls += [c.strip().split()[0] for c in value.split(',') if c.strip()]
            else:
                self.urls.append(value)


def resolve(page, url):
    u = urllib.parse.urljoin('http://site/' + page, url)
    p = urllib.parse.urlsplit(u)
    if p.scheme != 'http' or p.netloc != 'site':
        return None
    key = urllib.parse.unquote(p.path.lstrip('/'))
    return key + 'index.html' if key.endswith('/') or not key else key


def build_files(root, algo):
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            with open(os.path.join(d, f), 'rb') as fh:
                out[os.path.relpath(os.path.join(d, f), root)] = hashlib.new(algo, fh.read()).hexdigest()
    return out


def main():
    a = sys.argv[1:]
    t = S3(a[0]) if a[0].startswith('s3://') else Dir(a[0])
    if len(a) == 3 and a[1] in ('--has', '--cat'):
        body = t.get(a[2])
        if a[1] == '--cat':
            sys.stdout.write(body.decode('utf-8', 'replace') if body is not None else '')
        return 0 if body is not None else 1
    md5s = t.md5s()
    keys = set(md5s)
    problems = []
    if len(a) == 3 and a[1] == '--missing':
        n = 0
        for k, md5 in build_files(a[2], 'md5').items():
            n += md5s.get(k) != md5
        print(n)
        return 0
    site = [k for k in keys if not k.startswith(STATE)]
    pages = sorted(k for k in site if k.endswith('.html'))
    with concurrent.futures.ThreadPoolExecutor(16) as ex:
        bodies = list(ex.map(t.get, pages))
    for page, body in zip(pages, bodies):
        if body is None:
            continue  # deleted while we looked
        p = Loads()
        p.feed(body.decode('utf-8', 'replace'))
        for url in p.urls:
            k = resolve(page, url)
            if k is not None and k not in keys:
                problems.append('%s loads %s: no such object' % (page, k))
    if len(a) == 3 and a[1] == '--expect':
        build = build_files(a[2], 'sha256')
        build_md5 = build_files(a[2], 'md5')
        raw = t.get(STATE + 'manifest.json')
        m = json.loads(raw) if raw else {'files': {}}
        if m.get('journal'):
            problems.append('the manifest is still marked unfinished (journal %s)' % m['journal'])
        for k, sha in build.items():
            if k not in md5s:
                problems.append('%s: missing' % k)
            elif md5s[k] != build_md5[k]:
                problems.append('%s: other bytes than the build' % k)
            if m['files'].get(k, {}).get('sha256') != sha:
                problems.append('%s: the manifest does not say its bytes' % k)
        for k in site:
            if k.endswith('.html') and k not in build:
                problems.append('%s: a page the build does not have is still served' % k)
            if k not in m['files']:
                problems.append('%s: on the target, not in the manifest' % k)
        for k, e in m['files'].items():
            if k not in md5s:
                problems.append('%s: the manifest names it, the target has nothing' % k)
            elif k not in build:  # a kept old asset: read it
                body = t.get(k)
                if body is None or hashlib.sha256(body).hexdigest() != e['sha256']:
                    problems.append('%s: the manifest names it, the target has other bytes' % k)
    for p in problems[:10]:
        print(p)
    if len(problems) > 10:
        print('... and %d more' % (len(problems) - 10))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
