#!/usr/bin/python3
"""sigv4_proxy.py - a verifying proxy in front of s3rver for jamdeploy's tests.

s3rver stores objects faithfully but does not check SigV4 signatures.  This
proxy does, with an independent implementation (botocore's S3SigV4Auth, from
Debian's python3-botocore), before it forwards a request:

  - the Authorization header is parsed (Credential, SignedHeaders, Signature);
  - the request is rebuilt from what arrived on the wire: the path and query
    are decoded and re-encoded the way S3 does (so a client that sends a
    badly encoded URL fails here, as it would on AWS), only the signed
    headers are kept, X-Amz-Date becomes the signing time;
  - botocore computes the signature with the test's secret key; a mismatch,
    an unsigned x-amz-content-sha256 / x-amz-date / x-amz-security-token,
    or a body whose SHA-256 differs from x-amz-content-sha256 is answered
    403 SignatureDoesNotMatch (or 400 XAmzContentSHA256Mismatch) and logged
    as a "MISMATCH" line;
  - a wrong region is answered 400 AuthorizationHeaderMalformed naming the
    expected region in <Region>, as AWS does, so clients can test their
    region switch; after /__proxy/wrong-region?answer=PermanentRedirect it is
    answered the other way AWS has: 301 PermanentRedirect, the region only in
    the x-amz-bucket-region header.

Besides --access-key, the keys listed in --keys-file are accepted (re-read for every
request): one "AKID SECRET [TOKEN|-] [EXPIRES]" line each, EXPIRES in seconds since 1970.
The credential stubs (tests/credentials/stub.py) append what they issue, so a test checks
that S3 requests are signed with exactly those; a request signed with a key past its
EXPIRES is answered 400 ExpiredToken (counted as "expired").  Stats count each key id used
as "key:AKID".

Verified requests are forwarded with the access key swapped for s3rver's
built-in "S3RVER" (s3rver only checks that the key exists).

Control endpoints (never forwarded, never counted), under /__proxy/:
  GET  /__proxy/stats           {"GET": n, "PUT": n, ..., "mismatch": n, "not-modified": n}
                                (a PUT with x-amz-copy-source, a CopyObject, counts as
                                "COPY", not "PUT": PUT counts bytes sent from the client)
                                (not-modified: answers 304 to a conditional GET; s3rver
                                implements If-None-Match itself, the proxy only counts)
  POST /__proxy/reset           zero the counters
  POST /__proxy/fail?n=N&status=503&code=SlowDown&method=PUT
                                answer the next N matching requests with that error;
                                &seconds=S: every matching request for S seconds (n unused);
                                &p=0.5&seed=1: each matching one with probability p (seeded
                                random, n failures at most); counted as "injected"
  POST /__proxy/down?after=N    forward N more requests, then drop every connection
                                unanswered (a server that died mid-push) until /__proxy/up
  POST /__proxy/up              forward again
  POST /__proxy/delay?ms=N      hold each request N ms before checking it (a slow store)
  POST /__proxy/wrong-region?answer=PermanentRedirect|AuthorizationHeaderMalformed
                                how a request signed for another region is answered
  POST /__proxy/conditional?mode=aws|off|501
                                conditional writes (PUT with If-Match / If-None-Match), which
                                s3rver ignores: "aws" (the default) checks them here as AWS
                                does: 412 PreconditionFailed when the condition fails, 404
                                NoSuchKey for If-Match on a missing key, 409
                                ConditionalRequestConflict while another conditional write of
                                the same key is in flight; "501" answers them 501
                                NotImplemented (a store without them); "off" forwards them
                                for s3rver to ignore

Usage: sigv4_proxy.py --listen PORT --upstream PORT --access-key K --secret-key S
                      [--region us-east-1] [--log FILE] [--port-file FILE] [--count-only]
                      [--keys-file FILE]

--count-only forwards and counts without verifying (bench/s3.sh: other clients' signing
modes, such as streaming chunked uploads, are not this proxy's business there).
"""
import argparse
import hashlib
import http.client
import http.server
import json
import re
import sys
import random
import threading
import time
import urllib.parse

import botocore.auth
import botocore.awsrequest
import botocore.credentials

AUTH_RE = re.compile(
    r'^AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, '
    r'SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$'
)


def load_keys(path):
    """--keys-file: {akid: (secret, token or None, expires or None)}."""
    keys = {}
    try:
        with open(path) as f:
            for line in f:
                w = line.split()
                if len(w) >= 2:
                    tok = w[2] if len(w) > 2 and w[2] != '-' else None
                    keys[w[0]] = (w[1], tok, int(w[3]) if len(w) > 3 else None)
    except (OSError, TypeError):
        pass
    return keys


HOP_BY_HOP = {'connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade',
              'proxy-authorization', 'proxy-authenticate'}


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.RLock()  # count() inside a `with lock` (conditional_put) takes it again
        self.counts = {}
        self.fail = None  # dict(n, status, code, method)
        self.down_after = None  # forwards left before the "server" dies; None: never
        self.wrong_region_answer = 'AuthorizationHeaderMalformed'
        self.delay_ms = 0
        self.conditional = 'aws'
        self.inflight = set()  # keys with a conditional write in progress
        self.log = open(args.log, 'a', buffering=1) if args.log else sys.stderr

    def count(self, key):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1

    def dead(self):
        with self.lock:
            if self.down_after is None:
                return False
            if self.down_after > 0:
                self.down_after -= 1
                return False
            return True

    def take_failure(self, method):
        with self.lock:
            f = self.fail
            if not f or (f['method'] and f['method'] != method):
                return None
            if f['until'] is not None:
                return dict(f) if time.monotonic() < f['until'] else None
            if f['n'] <= 0 or (f['p'] < 1 and f['rng'].random() >= f['p']):
                return None
            f['n'] -= 1
            return dict(f)


def s3_quote(s, safe):
    return urllib.parse.quote(s, safe=safe)


def error_xml(code, message, extra=''):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>%s</Code><Message>%s</Message>%s'
            '<RequestId>proxy</RequestId></Error>' % (code, message, extra)).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'sigv4-proxy'

    def log_message(self, fmt, *a):
        pass

    def reply(self, status, body, headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)

    def read_body(self):
        n = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(n) if n else b''

    def control(self, body):
        st = self.server.state
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        if url.path == '/__proxy/stats':
            with st.lock:
                data = json.dumps(st.counts).encode()
            return self.reply(200, data, {'Content-Type': 'application/json'})
        if url.path == '/__proxy/reset':
            with st.lock:
                st.counts = {}
                st.fail = None
            return self.reply(200, b'{}')
        if url.path == '/__proxy/down':
            with st.lock:
                st.down_after = int(q.get('after', '0'))
            return self.reply(200, b'{}')
        if url.path == '/__proxy/wrong-region':
            with st.lock:
                st.wrong_region_answer = q.get('answer', 'AuthorizationHeaderMalformed')
            return self.reply(200, b'{}')
        if url.path == '/__proxy/delay':
            with st.lock:
                st.delay_ms = int(q.get('ms', '0'))
            return self.reply(200, b'{}')
        if url.path == '/__proxy/conditional':
            with st.lock:
                st.conditional = q.get('mode', 'aws')
            return self.reply(200, b'{}')
        if url.path == '/__proxy/up':
            with st.lock:
                st.down_after = None
            return self.reply(200, b'{}')
        if url.path == '/__proxy/fail':
            with st.lock:
                secs = q.get('seconds')
                st.fail = {'n': int(q.get('n', '1')), 'status': int(q.get('status', '503')),
                           'code': q.get('code', 'SlowDown'), 'method': q.get('method', ''),
                           'until': time.monotonic() + float(secs) if secs else None,
                           'p': float(q.get('p', '1')), 'rng': random.Random(q.get('seed', '1'))}
            return self.reply(200, b'{}')
        return self.reply(404, b'unknown control path')

    def verify(self, body):
        """Returns None when the request verifies, else (status, code, message, extra)."""
        a = self.server.state.args
        auth = self.headers.get('Authorization', '')
        m = AUTH_RE.match(auth)
        if not m:
            return 403, 'AccessDenied', 'missing or malformed Authorization header', ''
        key_id, day, region, service, signed, sig = m.groups()
        secret_key, session_token = a.secret_key, a.session_token
        if key_id != a.access_key:
            issued = load_keys(a.keys_file).get(key_id) if a.keys_file else None
            if not issued:
                return 403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', ''
            secret_key, session_token, expires = issued
            if expires is not None and time.time() > expires:
                self.server.state.count('expired')
                return 400, 'ExpiredToken', 'The provided token has expired.', ''
        self.server.state.count('key:' + key_id)
        if region != a.region:
            if self.server.state.wrong_region_answer == 'PermanentRedirect':
                return (301, 'PermanentRedirect',
                        'The bucket you are attempting to access must be addressed using the '
                        'specified endpoint. Please send all future requests to this endpoint.',
                        '<Endpoint>%s</Endpoint>' % self.headers.get('Host', ''))
            return (400, 'AuthorizationHeaderMalformed',
                    "the region '%s' is wrong; expecting '%s'" % (region, a.region),
                    '<Region>%s</Region>' % a.region)
        signed_names = signed.split(';')
        for must in ('host', 'x-amz-date', 'x-amz-content-sha256'):
            if must not in signed_names:
                return 403, 'SignatureDoesNotMatch', '%s is not signed' % must, ''
        if 'X-Amz-Security-Token' in self.headers and 'x-amz-security-token' not in signed_names:
            return 403, 'SignatureDoesNotMatch', 'x-amz-security-token is not signed', ''
        if self.headers.get('x-amz-security-token', '') != (session_token or ''):
            return 403, 'InvalidToken', 'The provided token is malformed or otherwise invalid.', ''
        amz_date = self.headers.get('X-Amz-Date', '')
        if amz_date[:8] != day:
            return 403, 'SignatureDoesNotMatch', 'credential date does not match X-Amz-Date', ''
        content_sha = self.headers.get('X-Amz-Content-SHA256', '')
        if content_sha != 'UNSIGNED-PAYLOAD' and content_sha != hashlib.sha256(body).hexdigest():
            return 400, 'XAmzContentSHA256Mismatch', 'body does not match x-amz-content-sha256', ''

        # Rebuild the request the way S3 would read it: decode, then encode canonically.
        raw_path, _, raw_query = self.path.partition('?')
        path = s3_quote(urllib.parse.unquote(raw_path, errors='strict'), '/~')
        params = []
        if raw_query:
            for pair in raw_query.split('&'):
                k, _, v = pair.partition('=')
                params.append((urllib.parse.unquote(k), urllib.parse.unquote(v)))
        headers = {}
        for name in signed_names:
            values = self.headers.get_all(name)
            if values is None:
                return 403, 'SignatureDoesNotMatch', 'signed header %s was not sent' % name, ''
            headers[name] = ','.join(values)
        req = botocore.awsrequest.AWSRequest(method=self.command,
                                             url='http://%s%s' % (headers['host'], path),
                                             headers=headers, data=body, params=params)
        req.context['timestamp'] = amz_date
        creds = botocore.credentials.Credentials(key_id, secret_key, session_token)
        signer = botocore.auth.S3SigV4Auth(creds, service, region)
        canonical = signer.canonical_request(req)
        sts = signer.string_to_sign(req, canonical)
        want = signer.signature(sts, req)
        if want != sig:
            self.server.state.log.write(
                'MISMATCH %s %s\n--- canonical request (botocore)\n%s\n---\n' %
                (self.command, self.path, canonical))
            return (403, 'SignatureDoesNotMatch',
                    'The request signature we calculated does not match the signature you provided.', '')
        return None

    def handle_any(self):
        st = self.server.state
        body = self.read_body()
        if self.path.startswith('/__proxy/'):
            return self.control(body)
        if st.dead():
            st.count('dropped')
            self.close_connection = True
            return
        copy = self.command == 'PUT' and self.headers.get('x-amz-copy-source')
        st.count('COPY' if copy else self.command)
        if st.delay_ms:
            time.sleep(st.delay_ms / 1000.0)
        if st.args.count_only:
            return self.forward(body)
        bad = self.verify(body)
        if bad:
            status, code, message, extra = bad
            st.count('mismatch' if code in ('SignatureDoesNotMatch', 'XAmzContentSHA256Mismatch') else 'refused')
            st.log.write('REFUSED %s %s %s %s\n' % (self.command, self.path, code, message))
            headers = {'Content-Type': 'application/xml'}
            if code == 'PermanentRedirect':
                # AWS names the region only in this header here (AuthorizationHeaderMalformed
                # names it in the body's <Region>): the client must read both
                headers['x-amz-bucket-region'] = st.args.region
                extra += '<Bucket>%s</Bucket>' % self.path.lstrip('/').split('/')[0].split('?')[0]
            return self.reply(status, error_xml(code, message, extra), headers)
        f = st.take_failure(self.command)
        if f:
            st.count('injected')
            return self.reply(f['status'], error_xml(f['code'], 'injected by the test proxy'),
                              {'Content-Type': 'application/xml', 'Retry-After': '0'})
        if self.command == 'PUT' and ('If-Match' in self.headers or 'If-None-Match' in self.headers):
            return self.conditional_put(body)
        self.forward(body)

    def conditional_put(self, body):
        st = self.server.state
        xml = {'Content-Type': 'application/xml'}
        with st.lock:
            mode = st.conditional
        if mode == 'off':
            return self.forward(body)
        st.count('conditional')
        if mode == '501':
            st.count('not-implemented')
            return self.reply(501, error_xml('NotImplemented', 'A header you provided implies '
                                             'functionality that is not implemented.'), xml)
        key = self.path.partition('?')[0]
        with st.lock:
            if key in st.inflight:
                st.count('conflict-409')
                return self.reply(409, error_xml('ConditionalRequestConflict', 'A conflicting '
                                                 'operation occurred. If using PutObject you can '
                                                 'retry the request.'), xml)
            st.inflight.add(key)
        try:
            conn = http.client.HTTPConnection('127.0.0.1', st.args.upstream, timeout=600)
            conn.request('HEAD', key)
            resp = conn.getresponse()
            resp.read()
            conn.close()
            exists = resp.status == 200
            etag = (resp.getheader('ETag') or '').strip('"')
            want = self.headers.get('If-Match')
            if self.headers.get('If-None-Match') == '*' and exists:
                st.count('precondition-412')
                return self.reply(412, error_xml('PreconditionFailed', 'At least one of the '
                                                 'pre-conditions you specified did not hold'), xml)
            if want is not None and not exists:
                st.count('precondition-404')
                return self.reply(404, error_xml('NoSuchKey', 'The specified key does not exist.'), xml)
            if want is not None and want.strip('"') != etag:
                st.count('precondition-412')
                return self.reply(412, error_xml('PreconditionFailed', 'At least one of the '
                                                 'pre-conditions you specified did not hold'), xml)
            self.forward(body)
        finally:
            with st.lock:
                st.inflight.discard(key)

    def forward(self, body):
        a = self.server.state.args
        conn = http.client.HTTPConnection('127.0.0.1', a.upstream, timeout=600)
        headers = {}
        for k, v in self.headers.items():
            if k.lower() in HOP_BY_HOP:
                continue
            if k.lower() == 'authorization':
                # s3rver knows only its own key id; it does not check v4 signatures
                v = re.sub(r'Credential=[^/]+/', 'Credential=S3RVER/', v)
            if k.lower() == 'x-amz-security-token':
                continue
            headers[k] = v
        try:
            conn.request(self.command, self.path, body=body if body else None, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        except OSError as e:
            # s3rver is down (a test killed it): drop the connection like a dead server would
            self.server.state.log.write('UPSTREAM-DOWN %s %s %s\n' % (self.command, self.path, e))
            self.close_connection = True
            return
        if resp.status == 304:
            self.server.state.count('not-modified')
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() in HOP_BY_HOP or k.lower() == 'content-length':
                continue
            self.send_header(k, v)
        if self.command == 'HEAD' or resp.status == 304:
            cl = resp.getheader('Content-Length')
            if cl is not None:
                self.send_header('Content-Length', cl)
            self.end_headers()
        else:
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        conn.close()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--listen', type=int, default=0)
    p.add_argument('--upstream', type=int, required=True)
    p.add_argument('--access-key', required=True)
    p.add_argument('--secret-key', required=True)
    p.add_argument('--session-token', default=None)
    p.add_argument('--region', default='us-east-1')
    p.add_argument('--log')
    p.add_argument('--port-file')
    p.add_argument('--count-only', action='store_true')
    p.add_argument('--keys-file', default=None)
    args = p.parse_args()
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', args.listen), Handler)
    srv.daemon_threads = True
    srv.state = State(args)
    if args.port_file:
        with open(args.port_file + '.tmp', 'w') as f:
            f.write('%d\n' % srv.server_address[1])
        import os
        os.rename(args.port_file + '.tmp', args.port_file)
    srv.serve_forever()


if __name__ == '__main__':
    main()
