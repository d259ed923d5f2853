"""api_server.py - loopback stand-ins for the CloudFront, Cloudflare and Fastly purge APIs.

Each checks what the real API requires before it accepts a purge, so a jamdeploy that passes
here sends what the real service would take:

  cloudfront  POST /2020-05-31/distribution/ID/invalidation: the SigV4 signature is recomputed
              with botocore (SigV4Auth, service cloudfront, region us-east-1) from the test's
              secret; the body must be an InvalidationBatch in the 2020-05-31 namespace whose
              Quantity equals the number of Path items (1..3000, each starting with '/'), with a
              CallerReference never seen before.  --too-many N answers the first N requests
              400 TooManyInvalidationsInProgress.  An unknown ID is 404 NoSuchDistribution.
  cloudflare  POST /client/v4/zones/ZONE/purge_cache: "Authorization: Bearer TOKEN", a JSON body
              with "files" (at most --max-files, default 100, each an absolute URL) or
              "purge_everything": true.  --first-429 answers the first request 429 with
              Retry-After: 1.  An unknown zone is 404 with Cloudflare's error 7003.
  fastly      POST /purge/HOST/PATH with "Fastly-Key: TOKEN"; Fastly-Soft-Purge is logged.

Accepted purges are appended to --log as JSON lines {"api":..., "items":[...], ...}; refusals
as {"refused": STATUS, "why": ...}.  The listening port is written to --port-file.
Run with Debian's /usr/bin/python3 (python3-botocore).
"""
import argparse
import hashlib
import json
import re
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

AUTH_RE = re.compile(r'AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, '
                     r'SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$')
CF_NS = '{http://cloudfront.amazonaws.com/doc/2020-05-31/}'


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.refs = set()
        self.calls = 0
        self.log = open(args.log, 'a', buffering=1)

    def record(self, entry):
        with self.lock:
            self.log.write(json.dumps(entry) + '\n')

    def next_call(self):
        with self.lock:
            self.calls += 1
            return self.calls


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *a):
        pass

    def reply(self, status, body, ctype='application/json', headers=None):
        data = body.encode()
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def refuse(self, status, why, body, ctype='application/json', headers=None):
        self.server.state.record({'refused': status, 'why': why, 'path': self.path})
        self.reply(status, body, ctype, headers)

    def do_POST(self):
        n = int(self.headers.get('Content-Length', '0'))
        body = self.rfile.read(n) if n else b''
        kind = self.server.state.args.api
        getattr(self, 'handle_' + kind)(body)

    do_PURGE = do_POST

    # CloudFront
    def cf_error(self, status, code, msg):
        self.refuse(status, code, '<?xml version="1.0"?><ErrorResponse xmlns="%s"><Error><Type>Sender</Type>'
                    '<Code>%s</Code><Message>%s</Message></Error></ErrorResponse>' % (CF_NS[1:-1], code, msg),
                    'text/xml')

    def verify_sigv4(self, body):
        import botocore.auth
        import botocore.awsrequest
        import botocore.credentials
        a = self.server.state.args
        m = AUTH_RE.match(self.headers.get('Authorization', ''))
        if not m:
            return 'missing or malformed Authorization header'
        key_id, day, region, service, signed, sig = m.groups()
        if key_id != a.access_key:
            return 'unknown access key'
        if region != 'us-east-1' or service != 'cloudfront':
            return 'credential scope %s/%s, want us-east-1/cloudfront' % (region, service)
        names = signed.split(';')
        for must in ('host', 'x-amz-date'):
            if must not in names:
                return '%s is not signed' % must
        amz_date = self.headers.get('X-Amz-Date', '')
        if amz_date[:8] != day:
            return 'credential date does not match X-Amz-Date'
        headers = {}
        for name in names:
            v = self.headers.get_all(name)
            if v is None:
                return 'signed header %s was not sent' % name
            headers[name] = ','.join(v)
        req = botocore.awsrequest.AWSRequest(method=self.command, url='http://%s%s' % (headers['host'], self.path),
                                             headers=headers, data=body)
        req.context['timestamp'] = amz_date
        signer = botocore.auth.SigV4Auth(botocore.credentials.Credentials(a.access_key, a.secret_key),
                                         'cloudfront', 'us-east-1')
        want = signer.signature(signer.string_to_sign(req, signer.canonical_request(req)), req)
        if want != sig:
            return 'signature mismatch; botocore canonical request:\n' + signer.canonical_request(req)
        return None

    def handle_cloudfront(self, body):
        st = self.server.state
        m = re.match(r'^/2020-05-31/distribution/([A-Za-z0-9]+)/invalidation$', self.path)
        if self.command != 'POST' or not m:
            return self.cf_error(404, 'NotFound', 'no such API')
        why = self.verify_sigv4(body)
        if why:
            return self.cf_error(403, 'SignatureDoesNotMatch', why)
        if m.group(1) != st.args.known_id:
            return self.cf_error(404, 'NoSuchDistribution', 'The specified distribution does not exist.')
        if st.next_call() <= st.args.too_many:
            return self.cf_error(400, 'TooManyInvalidationsInProgress',
                                 'Processing your request will cause you to exceed the maximum number of in-progress wildcard invalidations.')
        try:
            root = ET.fromstring(body)
        except ET.ParseError as e:
            return self.cf_error(400, 'MalformedXML', str(e))
        if root.tag != CF_NS + 'InvalidationBatch':
            return self.cf_error(400, 'MalformedXML', 'root is %s' % root.tag)
        ref = root.findtext(CF_NS + 'CallerReference') or ''
        qty = root.findtext(CF_NS + 'Paths/' + CF_NS + 'Quantity')
        items = [p.text or '' for p in root.findall(CF_NS + 'Paths/' + CF_NS + 'Items/' + CF_NS + 'Path')]
        if not ref:
            return self.cf_error(400, 'InvalidArgument', 'CallerReference is missing')
        if ref in st.refs:
            return self.cf_error(409, 'InvalidationBatchAlreadyExists', 'CallerReference reused')
        if qty is None or not qty.isdigit() or int(qty) != len(items):
            return self.cf_error(400, 'InconsistentQuantities', 'Quantity %s but %d paths' % (qty, len(items)))
        if not 1 <= len(items) <= 3000 or any(not p.startswith('/') for p in items):
            return self.cf_error(400, 'InvalidArgument', 'paths must be 1..3000, each starting with /')
        if sum(p.endswith('*') for p in items) > 15:
            return self.cf_error(400, 'TooManyInvalidationsInProgress', 'over 15 wildcards')
        st.refs.add(ref)
        st.record({'api': 'cloudfront', 'items': items, 'caller_reference': ref})
        self.reply(201, '<?xml version="1.0"?><Invalidation xmlns="%s"><Id>I%d</Id><Status>InProgress</Status>'
                   '</Invalidation>' % (CF_NS[1:-1], len(st.refs)), 'text/xml',
                   {'Location': 'http://%s%s/I%d' % (self.headers.get('Host'), self.path, len(st.refs))})

    # Cloudflare
    def handle_cloudflare(self, body):
        st = self.server.state
        a = st.args
        m = re.match(r'^/client/v4/zones/([^/]+)/purge_cache$', self.path)
        err = lambda code, msg: json.dumps({'success': False, 'errors': [{'code': code, 'message': msg}]})
        if self.command != 'POST' or not m:
            return self.refuse(404, 'no such API', err(7000, 'No route for that URI'))
        if self.headers.get('Authorization', '') != 'Bearer ' + a.token:
            return self.refuse(403, 'bad token', err(10000, 'Authentication error'))
        if m.group(1) != a.known_id:
            return self.refuse(404, 'unknown zone', err(7003, 'Could not route to /zones/%s/purge_cache, perhaps your object identifier is invalid?' % m.group(1)))
        if a.first_429 and st.next_call() == 1:
            return self.refuse(429, 'rate limited', err(971, 'Please wait and consider throttling your request speed'),
                               headers={'Retry-After': '1'})
        try:
            doc = json.loads(body)
        except ValueError:
            return self.refuse(400, 'not json', err(1012, 'Request must contain a valid JSON body'))
        if doc.get('purge_everything') is True and len(doc) == 1:
            st.record({'api': 'cloudflare', 'purge_everything': True, 'items': []})
            return self.reply(200, json.dumps({'success': True, 'result': {'id': 'x'}}))
        files = doc.get('files')
        if not isinstance(files, list) or not files:
            return self.refuse(400, 'no files', err(1012, 'files is required'))
        if len(files) > a.max_files:
            return self.refuse(400, 'too many files', err(1045, 'You may purge up to %d files at a time' % a.max_files))
        if any(not isinstance(f, str) or not re.match(r'^https?://', f) for f in files):
            return self.refuse(400, 'not absolute', err(1012, 'files must be absolute URLs'))
        st.record({'api': 'cloudflare', 'items': files})
        self.reply(200, json.dumps({'success': True, 'result': {'id': 'x'}}))

    # Fastly
    def handle_fastly(self, body):
        st = self.server.state
        a = st.args
        if self.command != 'POST' or not self.path.startswith('/purge/'):
            return self.refuse(404, 'no such API', json.dumps({'msg': 'Record not found'}))
        if self.headers.get('Fastly-Key', '') != a.token:
            return self.refuse(401, 'bad key', json.dumps({'msg': 'Provided credentials are missing or invalid'}))
        url = self.path[len('/purge/'):]
        st.record({'api': 'fastly', 'items': [url], 'soft': self.headers.get('Fastly-Soft-Purge') == '1'})
        self.reply(200, json.dumps({'status': 'ok', 'id': 'x'}))


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--api', choices=['cloudfront', 'cloudflare', 'fastly'], required=True)
    p.add_argument('--port-file', required=True)
    p.add_argument('--log', required=True)
    p.add_argument('--known-id', default='')
    p.add_argument('--token', default='')
    p.add_argument('--access-key', default='')
    p.add_argument('--secret-key', default='')
    p.add_argument('--max-files', type=int, default=100)
    p.add_argument('--first-429', action='store_true')
    p.add_argument('--too-many', type=int, default=0)
    args = p.parse_args()
    srv = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    srv.daemon_threads = True
    srv.state = State(args)
    with open(args.port_file + '.tmp', 'w') as f:
        f.write(str(srv.server_address[1]))
    import os
    os.rename(args.port_file + '.tmp', args.port_file)
    srv.serve_forever()


if __name__ == '__main__':
    main()
