#!/usr/bin/env bash
# Render nginx's configuration for Versus from the environment (see versus.conf.template for the variables).
#   config/nginx/render.sh > /etc/nginx/sites-enabled/versus.conf      # a server block for Debian's nginx
#   config/nginx/render.sh --standalone PREFIX > PREFIX/nginx.conf     # a whole nginx.conf, for
#       nginx -c PREFIX/nginx.conf -p PREFIX -e PREFIX/error.log  (the drills and tests; no root paths)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
: "${VERSUS_LISTEN:=80}" "${VERSUS_SERVER_NAME:=_}" "${VERSUS_UPSTREAM:=127.0.0.1:8000}"
: "${STATIC_ROOT:=$(cd "$here/../.." && pwd)/staticfiles}"
if [ -n "${VERSUS_TLS_CERTIFICATE:-}" ]; then
  VERSUS_LISTEN="$VERSUS_LISTEN ssl"
  VERSUS_TLS_DIRECTIVES="    ssl_certificate ${VERSUS_TLS_CERTIFICATE};
    ssl_certificate_key ${VERSUS_TLS_KEY:?VERSUS_TLS_KEY goes with VERSUS_TLS_CERTIFICATE};
    ssl_protocols TLSv1.2 TLSv1.3;"
else
  VERSUS_TLS_DIRECTIVES="    # Plain HTTP (TLS set VERSUS_TLS_CERTIFICATE and VERSUS_TLS_KEY)."
fi
export VERSUS_LISTEN VERSUS_SERVER_NAME VERSUS_UPSTREAM STATIC_ROOT VERSUS_TLS_DIRECTIVES
# Only our variables: nginx's own ($host, $remote_addr...) pass through untouched.
site() { envsubst '${VERSUS_LISTEN} ${VERSUS_SERVER_NAME} ${VERSUS_UPSTREAM} ${STATIC_ROOT} ${VERSUS_TLS_DIRECTIVES}' \
  < "$here/versus.conf.template"; }

if [ "${1:-}" != "--standalone" ]; then
  site
  exit
fi
prefix="${2:?--standalone needs a prefix directory}"
cat <<CONF
# nginx for Versus, run as its own instance: nginx -c $prefix/nginx.conf -p $prefix -e $prefix/error.log
worker_processes auto;
pid $prefix/nginx.pid;
error_log $prefix/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    access_log $prefix/access.log;
    client_body_temp_path $prefix/client_body;
    proxy_temp_path $prefix/proxy;
    fastcgi_temp_path $prefix/fastcgi;
    uwsgi_temp_path $prefix/uwsgi;
    scgi_temp_path $prefix/scgi;
$(site | sed 's/^/    /')
}
CONF
