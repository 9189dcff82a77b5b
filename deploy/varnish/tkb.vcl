# The front cache in front of gunicorn: public answers are kept as long as their
# Cache-Control s-maxage says (the application never lets that pass local midnight),
# and forgotten the moment content changes (frontcache.backends.VarnishBackend bans
# them from the application). Editors (a session cookie), the admin, previews and
# every non-GET request go straight to the application.
vcl 4.1;

import std;

backend app {
    .host = "127.0.0.1";
    .port = "8001";   # deploy/prod.sh rewrites this to TKB_APP_PORT
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .probe = {
        .url = "/healthz";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

# Only the application servers may purge.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "BAN" && req.http.X-Ban-Path) {
            ban("obj.http.x-path ~ " + req.http.X-Ban-Path);
            return (synth(200, "Banned"));
        }
        # Wagtail's stock HTTPBackend: one URL, any query string.
        ban("obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    # One request id from the edge to the application's logs.
    if (!req.http.X-Request-ID) {
        set req.http.X-Request-ID = "v" + req.xid;
    }
    # Never cached and never served to the outside: metrics are for the scraper.
    if (req.url ~ "^/metrics") {
        return (synth(404, "Not found"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin)(/|$)") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Anonymous readers share one copy: their cookies (analytics, csrftoken) are not
    # read by any public page.
    unset req.http.Cookie;
    # Never stale while the application answers; up to 6 hours of the last good copy
    # when it does not (grace), so readers still get answers during an outage.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }
    return (hash);
}

sub vcl_hash {
    # One site per front: the URL alone names the object, whatever Host was used.
    hash_data(req.url);
    return (lookup);
}

sub vcl_backend_response {
    # Stored with each object so bans can match it by path, any query string.
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "(public|s-maxage)"
        || beresp.http.Cache-Control ~ "(private|no-store)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    set beresp.grace = 6h;
    if (beresp.http.Content-Type ~ "^(text/|application/(json|javascript|xml))") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-path;
    set resp.http.X-Request-ID = req.http.X-Request-ID;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
