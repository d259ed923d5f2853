# tests/cdn/lib.sh - a real Varnish cache in front of a static backend, for purge tests (source it).
#
#   varnish_start DOCROOT   /usr/bin/python3 -m http.server serving DOCROOT on a free 127.0.0.1
#                           port, and varnishd (Debian's varnish) on another free port in front of
#                           it with tests/cdn/cache-all.vcl: every response cached for an hour
#                           (whatever its Cache-Control says), PURGE accepted from 127.0.0.1, and an
#                           X-Cache: HIT/MISS header on every answer.  Sets VARNISH_URL, VARNISH_DIR.
#   varnish_purged          the URLs Varnish received PURGE requests for, one a line, sorted
#   varnish_stop            stop both (by the PIDs recorded at start) and remove VARNISH_DIR
#
# varnishd runs in the foreground (-F) under a private working directory (-n) so nothing of the
# host's Varnish is touched.  Callers should `trap varnish_stop EXIT`.

CDN_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

cdn__free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

cdn__wait_port() { # PORT PID
	local i
	for i in $(seq 1 300); do
		kill -0 "$2" 2>/dev/null || return 1
		if curl -s -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	return 1
}

varnish_start() {
	local docroot=$1
	if ! command -v varnishd >/dev/null 2>&1 && [ ! -x /usr/sbin/varnishd ]; then
		echo "varnish_start: varnishd is not installed (apt-get install varnish)" >&2
		return 1
	fi
	VARNISH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/jd-varnish.XXXXXX")
	chmod 755 "$VARNISH_DIR"
	BACKEND_PORT=$(cdn__free_port)
	(cd "$docroot" && exec /usr/bin/python3 -m http.server --bind 127.0.0.1 "$BACKEND_PORT") \
		>"$VARNISH_DIR/backend.log" 2>&1 &
	BACKEND_PID=$!
	cdn__wait_port "$BACKEND_PORT" "$BACKEND_PID" || {
		echo "varnish_start: the backend did not start" >&2; cat "$VARNISH_DIR/backend.log" >&2
		return 1
	}
	sed "s/@BACKEND_PORT@/$BACKEND_PORT/" "$CDN_LIB_DIR/cache-all.vcl" >"$VARNISH_DIR/site.vcl"
	chmod 644 "$VARNISH_DIR/site.vcl"
	VARNISH_PORT=$(cdn__free_port)
	/usr/sbin/varnishd -F -n "$VARNISH_DIR/work" -a "127.0.0.1:$VARNISH_PORT" -T none \
		-f "$VARNISH_DIR/site.vcl" -s malloc,32m >"$VARNISH_DIR/varnishd.log" 2>&1 &
	VARNISH_PID=$!
	cdn__wait_port "$VARNISH_PORT" "$VARNISH_PID" || {
		echo "varnish_start: varnishd did not start" >&2; cat "$VARNISH_DIR/varnishd.log" >&2
		return 1
	}
	VARNISH_URL=http://127.0.0.1:$VARNISH_PORT
}

varnish_purged() {
	/usr/bin/varnishlog -n "$VARNISH_DIR/work" -d -g request -q 'ReqMethod eq "PURGE"' -i ReqURL |
		awk '$2 == "ReqURL" { print $3 }' | sort
}

varnish_stop() {
	[ -n "${VARNISH_PID:-}" ] && kill "$VARNISH_PID" 2>/dev/null && wait "$VARNISH_PID" 2>/dev/null
	[ -n "${BACKEND_PID:-}" ] && kill "$BACKEND_PID" 2>/dev/null && wait "$BACKEND_PID" 2>/dev/null
	VARNISH_PID= BACKEND_PID=
	[ -n "${VARNISH_DIR:-}" ] && rm -rf "$VARNISH_DIR"
	return 0
}

# api_start NAME API [ARGS...]   tests/cdn/api_server.py --api API on a free 127.0.0.1 port;
#                                sets NAME_URL (http://127.0.0.1:PORT), NAME_LOG, NAME_PID
# api_stop NAME                  stop it by its PID
# api_items LOG                  the accepted purge items of LOG, one a line, in arrival order
api_start() {
	local name=$1 api=$2; shift 2
	local dir
	dir=$(mktemp -d "${TMPDIR:-/tmp}/jd-cdnapi.XXXXXX")
	: >"$dir/log"
	/usr/bin/python3 "$CDN_LIB_DIR/api_server.py" --api "$api" --port-file "$dir/port" --log "$dir/log" \
		"$@" >"$dir/err" 2>&1 &
	local pid=$! i
	for i in $(seq 1 300); do
		[ -s "$dir/port" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if [ ! -s "$dir/port" ]; then
		echo "api_start: $api server did not start" >&2; cat "$dir/err" >&2
		return 1
	fi
	printf -v "${name}_URL" 'http://127.0.0.1:%s' "$(cat "$dir/port")"
	printf -v "${name}_LOG" '%s' "$dir/log"
	printf -v "${name}_PID" '%s' "$pid"
	printf -v "${name}_DIR" '%s' "$dir"
}

api_stop() {
	local pidvar=${1}_PID dirvar=${1}_DIR
	[ -n "${!pidvar:-}" ] && kill "${!pidvar}" 2>/dev/null && wait "${!pidvar}" 2>/dev/null
	[ -n "${!dirvar:-}" ] && rm -rf "${!dirvar}"
	printf -v "$pidvar" '%s' ''
	return 0
}

api_items() {
	/usr/bin/python3 -c 'import json,sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    for i in d.get("items", []): print(i)' "$1"
}

# api_count LOG KEY: lines of LOG with KEY ("refused", "api")
api_count() {
	/usr/bin/python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if sys.argv[2] in json.loads(l)))' "$1" "$2"
}
