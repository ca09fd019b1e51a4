"""nginx in front of the stack: its certificate, deploy/nginx's site and Debian's nginx.conf."""

import os
import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.production.stack import Stack

SITE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "family-plan-portal.conf"
HOST = "localhost"  # the certificate's name; nginx listens on 127.0.0.1 only


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for HOST, good for two days: (certificate, key)."""
    certificate = folder / "cert.pem"
    key = folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
            "-subj",
            f"/CN={HOST}",
            "-addext",
            f"subjectAltName=DNS:{HOST}",
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return certificate, key


def nginx_site(stack: "Stack") -> str:
    """deploy/nginx's site with its ports, paths and name moved here; nothing else."""
    site = SITE.read_text()
    replacements = [
        (r"ssl_certificate\s+\S+;", f"ssl_certificate {stack.certificate};"),
        (r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {stack.key};"),
        (r"\n\s*listen \[::\]:\d+[^;]*;", ""),
        (r"listen 80;", f"listen 127.0.0.1:{stack.http_port};"),
        (r"listen 443 ", f"listen 127.0.0.1:{stack.https_port} "),
        (r"127\.0\.0\.1:8001", f"127.0.0.1:{stack.app_ports[0]}"),
        (r"127\.0\.0\.1:8002", f"127.0.0.1:{stack.app_ports[1]}"),
        (r"/var/log/nginx/", f"{stack.logs}/"),
        (r"https://plans\.example\.gov\.uk", stack.base),
        # The browser's origin has a port here: the CSRF check compares it with Host.
        (r"Host plans\.example\.gov\.uk;", f"Host {HOST}:{stack.https_port};"),
        (r"plans\.example\.gov\.uk", HOST),
    ]
    for pattern, replacement in replacements:
        site, count = re.subn(pattern, replacement.replace("\\", "\\\\"), site)
        if not count:
            raise RuntimeError(f"the nginx site no longer has {pattern!r}")
    return site


def nginx_main(stack: "Stack", folder: Path, temp: Path) -> str:
    """Debian's own /etc/nginx/nginx.conf, as the site is installed into it, with its
    pid, logs and includes moved here (a minimal one where there is none)."""
    debian = Path("/etc/nginx/nginx.conf")
    temps = (
        f"client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; "
        f"fastcgi_temp_path {temp}/fastcgi; uwsgi_temp_path {temp}/uwsgi; "
        f"scgi_temp_path {temp}/scgi;"
    )
    if not debian.exists():
        user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
        return (
            f"{user}pid {folder}/nginx.pid;\nevents {{ worker_connections 768; }}\n"
            f"http {{ {temps} include {folder}/site.conf; }}\n"
        )
    main = debian.read_text()
    for pattern, replacement in [
        (r"(?m)^\s*user\s+[^;]+;", "" if os.geteuid() else "user nobody nogroup;"),
        (r"(?m)^\s*worker_processes\s+[^;]+;", "worker_processes 1;"),
        (r"(?m)^\s*pid\s+[^;]+;", f"pid {folder}/nginx.pid;"),
        (r"/var/log/nginx/", f"{stack.logs}/nginx-main-"),
        (r"(?m)^\s*include\s+/etc/nginx/conf\.d/[^;]*;", ""),
        (
            r"(?m)^\s*include\s+/etc/nginx/sites-enabled/[^;]*;",
            f"{temps} include {folder}/site.conf;",
        ),
    ]:
        main = re.sub(pattern, replacement, main)
    return main
