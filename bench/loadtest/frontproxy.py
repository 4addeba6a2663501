"""deploy/nginx/default.conf.template filled in as the nginx image does at start, with a minimal
nginx.conf around it, so the load test and the tests run the very file docker-compose uses."""

import os
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "default.conf.template"


def configure(folder, *, listen, upstream, media_parent, cache_seconds=60):
    """Write nginx.conf under `folder`; return the command that runs nginx in the foreground."""
    folder = Path(folder)
    (folder / "cache").mkdir(parents=True, exist_ok=True)
    site = TEMPLATE.read_text()
    for name, value in {"LISTEN": listen, "RESOLVER": "127.0.0.1", "WEB_UPSTREAM": upstream,
                        "MEDIA_PARENT": str(media_parent), "PAGE_CACHE_PATH": str(folder / "cache"),
                        "PAGE_CACHE_SECONDS": str(cache_seconds), "FORWARDED_PROTO": "$scheme"}.items():
        site = site.replace("${" + name + "}", value)
    (folder / "site.conf").write_text(site)
    # As root, nginx's workers would otherwise run as nobody and could not read a private folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"{user}daemon off; worker_processes 1; pid {folder}/nginx.pid; error_log {folder}/error.log;\n"
        "events { worker_connections 1024; }\n"
        "http { include /etc/nginx/mime.types; access_log off;\n"
        f"  client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;\n"
        f"  include {folder}/site.conf; }}\n")
    return ["nginx", "-c", str(folder / "nginx.conf"), "-p", str(folder)]
