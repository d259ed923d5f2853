# process.sh AKID - a credential_process for tests/credentials/chain.test: prints credentials
# with the key id given and a fixed secret, in the JSON Version 1 form.
printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "processSecret", "Expiration": "2099-01-01T00:00:00Z"}\n' "$1"
