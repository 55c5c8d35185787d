"""A throwaway PostgreSQL cluster for the test run, on 127.0.0.1 and a free port.

``pytest --postgres`` runs the database tests against it: ``initdb`` into a temporary
folder, ``pg_ctl start`` with durability switched off (tests need speed, not crash
safety), and ``pg_ctl stop`` plus removal at the end. As root, the server runs as the
``postgres`` user (PostgreSQL refuses to run as root). When the server binaries are not
installed the PostgreSQL tests are skipped with the reason, unless
``ARREARS_REQUIRE_POSTGRES=1`` (as in CI), where that is an error.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Cluster:
    bin_dir: Path
    data_dir: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"


def find_bin_dir() -> Path | None:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: [int(x) for x in Path(p).parent.name.split(".") if x.isdigit()]
    )
    for candidate in reversed(candidates):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start() -> Cluster:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found; install Debian's 'postgresql' package")
    data_dir = Path(tempfile.mkdtemp(prefix="arrears-pg-", dir="/tmp"))
    os.chmod(data_dir, 0o700)
    if os.geteuid() == 0:
        shutil.chown(data_dir, "postgres", "postgres")
    run = {"check": True, "capture_output": True, "cwd": "/"}
    subprocess.run(
        _as_server_user(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data_dir),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        **run,
    )
    port = _free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={data_dir}"
    options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"  # speed over crash safety: throwaway data
    result = subprocess.run(
        _as_server_user(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data_dir),
                "-l",
                str(data_dir / "server.log"),
                "-w",
                "-t",
                "30",
                "-o",
                options,
                "start",
            ]
        ),
        capture_output=True,
        cwd="/",
        text=True,
    )
    if result.returncode != 0:
        log = (data_dir / "server.log").read_text(errors="replace") if (data_dir / "server.log").exists() else ""
        raise RuntimeError(f"PostgreSQL did not start: {result.stderr}\n{log}")
    return Cluster(bin_dir, data_dir, port)


def stop(cluster: Cluster) -> None:
    subprocess.run(
        _as_server_user([str(cluster.bin_dir / "pg_ctl"), "-D", str(cluster.data_dir), "-m", "fast", "-w", "stop"]),
        capture_output=True,
        cwd="/",
    )
    shutil.rmtree(cluster.data_dir, ignore_errors=True)
