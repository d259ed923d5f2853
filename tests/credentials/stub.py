#!/usr/bin/python3
"""stub.py - loopback stand-ins for the services AWS credentials come from (jamdeploy's tests).

One server answers as all of them, by path and method:

  POST /sts/            STS Query API: Action=AssumeRole (SigV4-checked with botocore's
                        SigV4Auth against the keys it knows: --source-key and every key it
                        issued) and Action=AssumeRoleWithWebIdentity (the WebIdentityToken
                        must be --jwt)
  GET  /sso/federation/credentials?role_name=R&account_id=A
                        the SSO portal: x-amz-sso_bearer_token must be --sso-token
  GET  /container       container credentials: Authorization must be --container-token
  PUT  /imds/latest/api/token, GET /imds/latest/meta-data/iam/security-credentials/[ROLE]
                        IMDSv2: the GETs need the token the PUT gave
  GET  /oidc?audience=A GitHub Actions' OIDC token endpoint: "Authorization: bearer
                        --oidc-request-token"; answers {"value": --jwt}
  GET  /__stub/log      what happened, one line per call (never a secret)

Every credential it issues is appended to --keys-file ("AKID SECRET TOKEN EXPIRES"), which the
SigV4-verifying S3 proxy (tests/s3/sigv4_proxy.py --keys-file) also reads, so the S3 requests
that follow must be signed with exactly these.  Keys are derived from the call (role, source
key, method) so that jamdeploy and botocore asked the same get the same keys (the resolution
table test compares them); --lifetime N makes them expire after N seconds and each issue
unique (the refresh test).
"""
import argparse
import hashlib
import http.server
import json
import os
import sys
import threading
import time
import urllib.parse

import botocore.auth
import botocore.awsrequest
import botocore.credentials

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 's3'))
from sigv4_proxy import AUTH_RE, load_keys  # noqa: E402


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.log = []
        self.counter = 0
        self.imds_tokens = set()

    def note(self, line):
        with self.lock:
            self.log.append(line)

    def issue(self, method, seed):
        a = self.args
        with self.lock:
            self.counter += 1
            if a.lifetime:
                seed += '#%d' % self.counter
        h = hashlib.sha256(seed.encode()).hexdigest().upper()
        akid = 'ASIA' + h[:16]
        secret = 'stubSecret/' + h[16:48].lower()
        token = 'stubToken' + h[48:64].lower() + '+/='
        expires = int(time.time()) + (a.lifetime or 3600)
        with self.lock:
            with open(a.keys_file, 'a') as f:
                f.write('%s %s %s %d\n' % (akid, secret, token, expires))
            self.log.append('ISSUED %s %s' % (method, akid))
        return akid, secret, token, expires


def iso(t):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(t))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *a):
        pass

    def reply(self, status, body, ctype='application/json'):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        n = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(n) if n else b''

    def sts_error(self, status, code, msg):
        self.server.state.note('STS-REFUSED %s %s' % (code, msg))
        return self.reply(status, '<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code>'
                          '<Message>%s</Message></Error><RequestId>stub</RequestId>'
                          '</ErrorResponse>' % (code, msg), 'text/xml')

    def verify_sigv4(self, body):
        """The source key id when the AssumeRole request verifies, else None (and why)."""
        st = self.server.state
        m = AUTH_RE.match(self.headers.get('Authorization', ''))
        if not m:
            return None, 'missing or malformed Authorization'
        key_id, day, region, service, signed, sig = m.groups()
        keys = load_keys(st.args.keys_file)
        keys[st.args.source_key] = (st.args.source_secret, None, None)
        if key_id not in keys:
            return None, 'unknown key %s' % key_id
        secret, token, expires = keys[key_id]
        if expires and time.time() > expires:
            return None, 'expired key %s' % key_id
        if service != 'sts':
            return None, 'service %s' % service
        if (self.headers.get('X-Amz-Security-Token') or None) != token:
            return None, 'session token does not match'
        names = signed.split(';')
        if token and 'x-amz-security-token' not in names:
            return None, 'token not signed'
        headers = {}
        for n in names:
            v = self.headers.get(n)
            if v is None:
                return None, 'signed header %s missing' % n
            headers[n] = v
        req = botocore.awsrequest.AWSRequest(method='POST', url='http://%s%s' % (headers['host'], self.path),
                                             headers=headers, data=body)
        req.context['timestamp'] = self.headers.get('X-Amz-Date', '')
        signer = botocore.auth.SigV4Auth(botocore.credentials.Credentials(key_id, secret, token), 'sts', region)
        want = signer.signature(signer.string_to_sign(req, signer.canonical_request(req)), req)
        if want != sig:
            return None, 'signature mismatch'
        return key_id, None

    def do_POST(self):
        st = self.server.state
        body = self.body()
        if not self.path.startswith('/sts'):
            return self.reply(404, '{}')
        form = dict(urllib.parse.parse_qsl(body.decode()))
        action = form.get('Action')
        role = form.get('RoleArn', '')
        if action == 'AssumeRole':
            src, why = self.verify_sigv4(body)
            if not src:
                return self.sts_error(403, 'SignatureDoesNotMatch', why)
            want_ext = dict(x.split('=', 1) for x in st.args.external_id).get(role)
            if want_ext and form.get('ExternalId') != want_ext:
                return self.sts_error(403, 'AccessDenied', 'external id')
            st.note('AssumeRole role=%s session=%s external=%s duration=%s source=%s' % (
                role, form.get('RoleSessionName'), form.get('ExternalId', '-'),
                form.get('DurationSeconds', '-'), src))
            seed = 'assume-role %s %s' % (role, src)
        elif action == 'AssumeRoleWithWebIdentity':
            if form.get('WebIdentityToken') != st.args.jwt:
                return self.sts_error(400, 'InvalidIdentityToken', 'token not valid')
            if 'Authorization' in self.headers:
                return self.sts_error(400, 'InvalidRequest', 'must not be signed')
            st.note('AssumeRoleWithWebIdentity role=%s session=%s' % (role, form.get('RoleSessionName')))
            seed = 'web-identity %s' % role
        else:
            return self.sts_error(400, 'InvalidAction', 'unknown action')
        akid, secret, token, exp = st.issue(action, seed)
        return self.reply(200, (
            '<%sResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><%sResult>'
            '<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey>'
            '<SessionToken>%s</SessionToken><Expiration>%s</Expiration></Credentials>'
            '<AssumedRoleUser><Arn>%s</Arn><AssumedRoleId>AROA:x</AssumedRoleId></AssumedRoleUser>'
            '</%sResult><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata>'
            '</%sResponse>') % (action, action, akid, secret, token, iso(exp), role, action, action),
            'text/xml')

    def do_PUT(self):
        st = self.server.state
        self.body()
        if self.path == '/imds/latest/api/token' and self.headers.get('X-aws-ec2-metadata-token-ttl-seconds'):
            tok = 'imdsToken%d' % len(st.imds_tokens)
            st.imds_tokens.add(tok)
            st.note('IMDS token')
            return self.reply(200, tok, 'text/plain')
        return self.reply(404, '{}')

    def do_GET(self):
        st = self.server.state
        a = st.args
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        if url.path == '/__stub/log':
            with st.lock:
                return self.reply(200, '\n'.join(st.log) + '\n', 'text/plain')
        if url.path == '/sso/federation/credentials':
            if self.headers.get('x-amz-sso_bearer_token') != a.sso_token:
                st.note('SSO refused')
                return self.reply(401, '{"message":"Session token not found or invalid"}')
            st.note('SSO role=%s account=%s' % (q.get('role_name'), q.get('account_id')))
            akid, secret, token, exp = st.issue('sso', 'sso %s %s' % (q.get('role_name'), q.get('account_id')))
            return self.reply(200, json.dumps({'roleCredentials': {
                'accessKeyId': akid, 'secretAccessKey': secret, 'sessionToken': token,
                'expiration': exp * 1000}}))
        if url.path == '/container':
            if self.headers.get('Authorization') != a.container_token:
                st.note('container refused')
                return self.reply(401, '{}')
            akid, secret, token, exp = st.issue('container', 'container')
            return self.reply(200, json.dumps({'AccessKeyId': akid, 'SecretAccessKey': secret,
                                               'Token': token, 'Expiration': iso(exp)}))
        if url.path.startswith('/imds/latest/meta-data/iam/security-credentials/'):
            if self.headers.get('X-aws-ec2-metadata-token') not in st.imds_tokens:
                st.note('IMDS refused')
                return self.reply(401, '', 'text/plain')
            role = url.path[len('/imds/latest/meta-data/iam/security-credentials/'):]
            if not role:
                return self.reply(200, 'jd-instance-role', 'text/plain')
            if role != 'jd-instance-role':
                return self.reply(404, '', 'text/plain')
            akid, secret, token, exp = st.issue('imds', 'imds')
            return self.reply(200, json.dumps({'Code': 'Success', 'Type': 'AWS-HMAC',
                                               'AccessKeyId': akid, 'SecretAccessKey': secret,
                                               'Token': token, 'Expiration': iso(exp)}))
        if url.path == '/oidc':
            if self.headers.get('Authorization') != 'bearer ' + a.oidc_request_token:
                st.note('OIDC refused')
                return self.reply(401, '{}')
            st.note('OIDC audience=%s' % q.get('audience'))
            return self.reply(200, json.dumps({'count': 1, 'value': a.jwt}))
        return self.reply(404, '{}')


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--keys-file', required=True)
    p.add_argument('--source-key', required=True)
    p.add_argument('--source-secret', required=True)
    p.add_argument('--jwt', default='eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqZC10ZXN0In0.jdTestJwtSignature')
    p.add_argument('--sso-token', default='ssoAccessTokenJdTest0123456789')
    p.add_argument('--container-token', default='containerAuthTokenJdTest')
    p.add_argument('--oidc-request-token', default='oidcRequestTokenJdTest')
    p.add_argument('--external-id', action='append', default=[], metavar='ROLE_ARN=ID',
                   help='AssumeRole of ROLE_ARN must carry ExternalId ID')
    p.add_argument('--lifetime', type=int, default=0)
    p.add_argument('--port-file', required=True)
    args = p.parse_args()
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    srv.daemon_threads = True
    srv.state = State(args)
    with open(args.port_file + '.tmp', 'w') as f:
        f.write('%d\n' % srv.server_address[1])
    os.rename(args.port_file + '.tmp', args.port_file)
    srv.serve_forever()


if __name__ == '__main__':
    main()
