#!/usr/bin/python3
"""botocore_resolve.py [PROFILE] - which credentials botocore's default chain picks, for
tests/unit/test_cred_chain.c.  Prints "METHOD ACCESS_KEY_ID" (never the secret), "none" when
no source has credentials, or "error TYPE" when resolving fails.  PROFILE (when given and not
empty) is passed as Session(profile=...), like `aws --profile`; the environment and the
AWS_* file variables are the caller's.

AWS_ENDPOINT_URL_STS (how the test reaches its STS stub) is honoured here by hand: the SDKs
read it since botocore 1.31, but Debian's python3-botocore does not, so STS clients are
given it as endpoint_url, which is what the variable means."""
import os
import sys

import botocore.exceptions
import botocore.session

profile = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None
session = botocore.session.Session(profile=profile)
sts_endpoint = os.environ.get('AWS_ENDPOINT_URL_STS')
if sts_endpoint:
    create_client = session.create_client

    def create_with_endpoint(service, *args, **kwargs):
        if service == 'sts':
            kwargs.setdefault('endpoint_url', sts_endpoint)
        return create_client(service, *args, **kwargs)
    session.create_client = create_with_endpoint
try:
    creds = session.get_credentials()
    if creds is None:
        print('none')
    else:
        print(creds.method, creds.get_frozen_credentials().access_key)
except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
    print('error', type(e).__name__)
