"""Start Debian's nginx with deploy/nginx-corridor-map.conf on loopback, for tests and bench."""

from __future__ import annotations

import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import requests

from corridor_map.settings import REPO_ROOT

SITE_CONF = REPO_ROOT / "deploy" / "nginx-corridor-map.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def site_config(listen_port: int, upstream: str, cache_dir: Path) -> str:
    """The shipped site file with its three marked lines pointed at this run."""
    text = SITE_CONF.read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{listen_port};",
        "server 127.0.0.1:8050;": f"server {upstream};",
        "/var/cache/nginx/corridor-map": str(cache_dir),
    }
    for old, new in replacements.items():
        assert text.count(old) == 1, f"{SITE_CONF.name} no longer has {old!r}"
        text = text.replace(old, new)
    return text


def main_config(prefix: Path, site: Path) -> str:
    """A minimal nginx.conf like Debian's, everything written under ``prefix``."""
    return f"""
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
user root;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {site};
}}
"""


@contextmanager
def running_nginx(upstream_url: str, port: int, prefix: Path):
    """Run nginx in the foreground on 127.0.0.1:``port`` in front of ``upstream_url``."""
    prefix.mkdir(parents=True, exist_ok=True)
    site = prefix / "corridor-map.conf"
    site.write_text(site_config(port, upstream_url.removeprefix("http://"), prefix / "cache"))
    conf = prefix / "nginx.conf"
    conf.write_text(main_config(prefix, site))
    process = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=(prefix / "stderr.log").open("w"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"nginx exited: {(prefix / 'stderr.log').read_text()}")
            try:
                requests.get(url + "/healthz", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
