# cache-all.vcl - the cache for the purge tests: keep every answer an hour, whatever its
# Cache-Control says (jamdeploy's HTML default is max-age=0), so that only a PURGE can make
# Varnish fetch a page again.  PURGE is accepted from 127.0.0.1 only.
vcl 4.1;

backend site {
	.host = "127.0.0.1";
	.port = "@BACKEND_PORT@";
}

acl purgers {
	"127.0.0.1";
}

sub vcl_recv {
	if (req.method == "PURGE") {
		if (client.ip !~ purgers) {
			return (synth(405, "PURGE not allowed"));
		}
		return (purge);
	}
	unset req.http.Cookie;
	return (hash);
}

sub vcl_backend_response {
	set beresp.ttl = 1h;
	set beresp.grace = 0s;
	unset beresp.http.Set-Cookie;
	return (deliver);
}

sub vcl_deliver {
	if (obj.hits > 0) {
		set resp.http.X-Cache = "HIT";
	} else {
		set resp.http.X-Cache = "MISS";
	}
}
