"""make test-fresh: prove the README's first two commands on a new minimal Debian 12 and 13.

For each release it builds (once, then cached) a minbase root with nothing but Debian's own
python3, python3-venv, make, git and ca-certificates, gives it this machine's apt sources, pip and
npm configuration and CA bundle, clones HEAD into it and runs the commands of the README's first
``sh`` block there, in a chroot, exactly as written. Everything it mounts or creates goes again,
also when it fails or is interrupted; only the debootstrap base and the downloaded .debs are kept.

Runs with the system Python and the standard library only, like legalpages/bootstrap.py.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASES = {"12": "bookworm", "13": "trixie"}
BASE_PACKAGES = ("python3", "python3-venv", "make", "git", "ca-certificates")
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "legalpages" / "fresh-machine"
CLONE = "/root/legal-pages"  # where the project is cloned inside the root
CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
# Settings of this machine that a new one would have as well; copied to the same place in the root.
CONFIG_FILES = ("/etc/resolv.conf", "/etc/pip.conf", "/etc/npmrc", "/etc/apt/apt.conf")
HOME_CONFIG_FILES = (".config/pip/pip.conf", ".pip/pip.conf", ".npmrc")
# Environment variables of this machine's pip, npm, proxy and CA configuration, passed into the root.
PASSED_ENV = re.compile(
    r"^(PIP_\w+|npm_config_\w+|NPM_CONFIG_\w+|(?i:https?_proxy|no_proxy|all_proxy)"
    r"|SSL_CERT_FILE|SSL_CERT_DIR|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|NODE_EXTRA_CA_CERTS|GIT_SSL_CAINFO|CI)$"
)
PEM_CERTIFICATE = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


class FreshMachineError(Exception):
    """Something on this machine keeps the proof from running; the message says what."""


@dataclass(frozen=True)
class AptSource:
    uri: str
    suffix: str  # "" for the release itself, "-updates", "-security"
    components: str


def readme_commands(readme: Path = ROOT / "README.md") -> list[str]:
    """The commands of the README's first sh block, without their comments."""
    match = re.search(r"^```sh\n(.*?)^```", readme.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)
    if not match:
        raise FreshMachineError(f"{readme}: no ```sh block with the first commands")
    return [line.split("#", 1)[0].strip() for line in match[1].splitlines() if line.split("#", 1)[0].strip()]


def host_codename() -> str:
    fields = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line)
    return fields.get("VERSION_CODENAME", "").strip('"')


def apt_sources(codename: str) -> list[AptSource]:
    """This machine's Debian archive entries (deb822 and one-line), by suite suffix."""
    entries: list[tuple[str, str, str]] = []  # (uri, suite, components)
    folder = Path("/etc/apt/sources.list.d")
    for path in sorted(folder.glob("*.sources")):
        for paragraph in re.split(r"\n\s*\n", path.read_text()):
            fields = dict(re.findall(r"^([\w-]+):[ \t]*(.*)$", paragraph, re.MULTILINE))
            if "deb" not in fields.get("Types", "").split() or fields.get("Enabled", "yes") == "no":
                continue
            entries += [
                (uri, suite, fields.get("Components", "main"))
                for uri in fields.get("URIs", "").split()
                for suite in fields.get("Suites", "").split()
            ]
    for path in [Path("/etc/apt/sources.list"), *sorted(folder.glob("*.list"))]:
        if path.is_file():
            for line in path.read_text().splitlines():
                words = re.sub(r"\[[^]]*\]", "", line.split("#", 1)[0]).split()
                if len(words) >= 3 and words[0] == "deb":
                    entries.append((words[1], words[2], " ".join(words[3:]) or "main"))
    sources = []
    for uri, suite, components in entries:
        suffix = suite.removeprefix(codename)
        if suite.startswith(codename) and suffix in ("", "-updates", "-security"):
            sources.append(AptSource(uri, suffix, components))
    if not any(source.suffix == "" for source in sources):
        raise FreshMachineError(f"no Debian archive for {codename!r} in this machine's apt sources")
    return sources


def run(command: list[str], **kwargs) -> None:
    result = subprocess.run(command, **kwargs)
    if result.returncode != 0:
        raise FreshMachineError(f"`{' '.join(command)}` failed with exit status {result.returncode}")


def base_tarball(codename: str, mirror: str) -> Path:
    """The debootstrap root, made once per release, mirror and package list, then reused."""
    key = hashlib.sha256(f"{codename} {mirror} {' '.join(BASE_PACKAGES)}".encode()).hexdigest()[:12]
    tarball = CACHE / f"{codename}-minbase-{key}.tar"
    if tarball.exists():
        return tarball
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{codename}-", dir=CACHE) as work:
        target = Path(work) / "root"
        print(f"test-fresh: debootstrap {codename} (minbase, {', '.join(BASE_PACKAGES)}); cached afterwards")
        run(["debootstrap", "--variant=minbase", f"--include={','.join(BASE_PACKAGES)}", codename, str(target), mirror])
        partial = tarball.with_suffix(".partial")
        run(["tar", "--numeric-owner", "-C", str(target), "-cf", str(partial), "."])
        partial.rename(tarball)
    return tarball


def sources_file(codename: str, sources: list[AptSource]) -> str:
    return "\n".join(
        f"Types: deb\nURIs: {source.uri}\nSuites: {codename}{source.suffix}\nComponents: {source.components}\n"
        for source in sources
    )


def configure(root: Path, codename: str, sources: list[AptSource]) -> None:
    """This machine's apt sources (for the other release's suites), pip/npm settings and CA bundle."""
    (root / "etc/apt/sources.list").unlink(missing_ok=True)
    (root / "etc/apt/sources.list.d/debian.sources").write_text(sources_file(codename, sources))
    for conf in sorted(Path("/etc/apt/apt.conf.d").glob("*")):
        if conf.is_file() and "Acquire::" in conf.read_text(errors="replace"):  # proxies, validity checks
            shutil.copy(conf, root / "etc/apt/apt.conf.d" / conf.name)
    home = Path.home()
    for path in [*map(Path, CONFIG_FILES), *(home / name for name in HOME_CONFIG_FILES)]:
        if path.is_file():
            relative = Path("root", path.relative_to(home)) if path.is_relative_to(home) else path.relative_to("/")
            inside = root / relative
            inside.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, inside)
    # The machine's CA bundle, as local certificates so that update-ca-certificates keeps them.
    local_cas = root / "usr/local/share/ca-certificates/this-machine"
    local_cas.mkdir(parents=True, exist_ok=True)
    for number, certificate in enumerate(PEM_CERTIFICATE.findall(CA_BUNDLE.read_text())):
        (local_cas / f"{number:04}.crt").write_text(certificate + "\n")
    if in_root(root, ["update-ca-certificates", "--fresh"], stdout=subprocess.DEVNULL).returncode != 0:
        raise FreshMachineError(f"update-ca-certificates failed in {root}")


def environment() -> dict[str, str]:
    passed = {name: value for name, value in os.environ.items() if PASSED_ENV.match(name)}
    return {
        "HOME": "/root",
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C.UTF-8",
        "TERM": "dumb",
        **passed,
    }


def in_root(root: Path, command: list[str], **kwargs) -> subprocess.CompletedProcess:
    variables = [f"{name}={value}" for name, value in environment().items()]
    return subprocess.run(["chroot", str(root), "env", "-i", *variables, *command], **kwargs)


def mounts_below(root: Path) -> list[str]:
    points = [line.split()[4] for line in Path("/proc/self/mountinfo").read_text().splitlines()]
    return [point for point in points if point == str(root) or point.startswith(f"{root}/")]


def kill_processes_in(root: Path) -> None:
    """Every process whose root directory is the chroot (make, pytest, chromium, …)."""
    for _ in range(50):
        found = False
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                proc_root = os.readlink(proc / "root")
            except OSError:
                continue
            if proc_root == str(root) or proc_root.startswith(f"{root}/"):
                found = True
                with suppress(ProcessLookupError):
                    os.kill(int(proc.name), signal.SIGKILL)
        if not found:
            return
        time.sleep(0.1)


def remove_leftover_roots() -> None:
    """Roots of a run that was killed outright (SIGKILL runs no cleanup): unmount and remove them."""
    for root in CACHE.glob("root-*"):
        kill_processes_in(root)
        for point in sorted(mounts_below(root), reverse=True):
            subprocess.run(["umount", "--lazy", point])
        if not mounts_below(root):
            shutil.rmtree(root, ignore_errors=True)


@contextmanager
def fresh_root(codename: str, tarball: Path, sources: list[AptSource]) -> Iterator[Path]:
    """A new root from the cached base, mounted for chroot; removed again whatever happens."""
    CACHE.mkdir(parents=True, exist_ok=True)
    remove_leftover_roots()
    root = Path(tempfile.mkdtemp(prefix=f"root-{codename}-", dir=CACHE))
    archives = CACHE / f"apt-archives-{codename}"  # downloaded .debs only: no project state
    archives.mkdir(exist_ok=True)
    mounts: list[Path] = []

    def mount(*arguments: str, at: str) -> None:
        point = root / at
        point.mkdir(parents=True, exist_ok=True)
        run(["mount", *arguments, str(point)])
        mounts.append(point)

    try:
        run(["tar", "--numeric-owner", "-C", str(root), "-xpf", str(tarball)])
        mount("-t", "proc", "proc", at="proc")
        mount("-t", "sysfs", "sysfs", at="sys")
        mount("--bind", "/dev", at="dev")
        mount("--bind", "/dev/pts", at="dev/pts")
        mount("-t", "tmpfs", "-o", "mode=1777", "shm", at="dev/shm")  # Chromium's shared memory
        mount("--bind", str(archives), at="var/cache/apt/archives")
        configure(root, codename, sources)
        yield root
    finally:
        kill_processes_in(root)
        for point in reversed(mounts):
            if subprocess.run(["umount", str(point)], stderr=subprocess.DEVNULL).returncode != 0:
                subprocess.run(["umount", "--lazy", str(point)])
        left = mounts_below(root)
        if left:  # never delete through a mount of /dev
            print(f"test-fresh: still mounted, not removed: {' '.join(left)}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


@dataclass
class Result:
    release: str
    command: str
    status: int
    seconds: float

    def __str__(self) -> str:
        return f"Debian {self.release}: `{self.command}` exit {self.status} in {self.seconds:.0f} s"


def prove(release: str, commands: list[str], sources: list[AptSource]) -> list[Result]:
    codename = RELEASES[release]
    mirror = next(source.uri for source in sources if source.suffix == "")
    tarball = base_tarball(codename, mirror)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    results = []
    with fresh_root(codename, tarball, sources) as root:
        clone = root / CLONE.lstrip("/")
        run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)])
        run(["git", "-C", str(clone), "checkout", "--quiet", "--detach", commit.stdout.strip()])
        for command in commands:
            print(f"test-fresh: Debian {release} ({codename}): {command}", flush=True)
            start = time.monotonic()
            status = in_root(root, ["sh", "-c", f"cd {CLONE} && {command}"]).returncode
            results.append(Result(release, command, status, time.monotonic() - start))
            print(f"test-fresh: {results[-1]}", flush=True)
            if status != 0:
                break
    return results


def stop_on_signal(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")  # runs every finally: unmount, remove


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("releases", nargs="*", default=list(RELEASES), help="Debian releases: 12, 13 (default both)")
    args = parser.parse_args(argv)
    unknown = [release for release in args.releases if release not in RELEASES]
    if unknown:
        print(f"make test-fresh: DEBIAN={' '.join(unknown)} is not one of {', '.join(RELEASES)}", file=sys.stderr)
        return 2
    if os.geteuid() != 0:
        print("make test-fresh: needs root (debootstrap, mount, chroot); run it as root", file=sys.stderr)
        return 2
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop_on_signal)
    results: list[Result] = []
    try:
        commands = readme_commands()
        sources = apt_sources(host_codename())
        for release in args.releases:
            results += prove(release, commands, sources)
    except FreshMachineError as error:
        print(f"make test-fresh: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("make test-fresh: interrupted; everything it mounted and created is removed", file=sys.stderr)
        return 130
    print("test-fresh results:")
    for result in results:
        print(f"  {result}")
    expected = len(commands) * len(args.releases)
    return 0 if len(results) == expected and all(result.status == 0 for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
