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
