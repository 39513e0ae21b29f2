"""`python -m <module>` for the tests, started from a Python that has imported the libraries already.

The tests run about a hundred commands in throw-away copies of the project (conftest.run_module). A
fresh `python -m legalpages.site` spent 0.4 of its 2.4 CPU s importing Sphinx, MyST, furo and the checks' libraries.
The zygote, one per pytest worker, imports them once and forks a child per command, as Chromium's and
Android's zygotes do. The child becomes what `python -m` would have started: its own working folder,
environment, arguments and standard streams, the copy's own `legalpages` (never imported here), and an
exit like the interpreter's (threads joined, atexit handlers run, a traceback for an uncaught error).

WeasyPrint is not among them: legalpages.pdf imports it with a Fontconfig configuration of its own, which
must be the one a fresh process gets.

What a fork cannot give: a new seed for str hashes. Every child shares the zygote's, so a set whose order
reaches the output would look reproducible. Builds that are compared byte for byte with another build
start a fresh interpreter (conftest.shared_site).
"""

from __future__ import annotations

import atexit
import importlib
import json
import os
import runpy
import subprocess
import sys
import tempfile
import threading
import types
from pathlib import Path

# Imported once, here, for every child: the libraries of the commands that the tests run most.
PRELOADED = (
    "sphinx.cmd.build",
    "sphinx.builders.html",
    "sphinx.builders.gettext",
    "myst_parser.sphinx_ext.main",
    "furo",
    "pikepdf",
    "translate.storage.pypo",
    "bs4",
    "email_validator",
    "phonenumbers",
)


class ZygoteError(Exception):
    """The zygote stopped or could not start."""


class Zygote:
    """The client: starts the zygote process and hands it one command at a time."""

    def __init__(self, environment: dict[str, str]) -> None:
        self.outputs = tempfile.TemporaryDirectory(prefix="zygote-")  # removed with this object
        self.one_at_a_time = threading.Lock()
        self.process = subprocess.Popen(
            [sys.executable, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=environment,
            text=True,
        )

    def run(self, module: str, args: list[str], cwd: Path, environment: dict[str, str]) -> tuple[int, str, str]:
        """Like subprocess.run([python, -m, module, *args], capture_output=True, text=True): the exit
        status, standard output and standard error."""
        stdout, stderr = Path(self.outputs.name, "stdout"), Path(self.outputs.name, "stderr")
        command = {"module": module, "args": args, "cwd": str(cwd), "environment": environment}
        command |= {"stdout": str(stdout), "stderr": str(stderr)}
        with self.one_at_a_time:
            try:
                self.process.stdin.write(json.dumps(command) + "\n")
                self.process.stdin.flush()
                answer = self.process.stdout.readline()
            except BrokenPipeError:
                answer = ""
            if not answer:
                raise ZygoteError(f"the test zygote ({__file__}) stopped; its error is above")
            return int(answer), stdout.read_text(), stderr.read_text()


def serve() -> None:
    """The zygote: one command per line of standard input, its exit status per line of standard output."""
    for module in PRELOADED:
        importlib.import_module(module)
    for line in sys.stdin:
        command = json.loads(line)
        child = os.fork()
        if child == 0:
            try:
                run_as_main(command)  # ends the process
            finally:
                os._exit(1)  # never back into this loop, even when the set-up of the child failed
        _, status = os.waitpid(child, 0)
        print(os.waitstatus_to_exitcode(status), flush=True)


def run_as_main(command: dict) -> None:
    """In the forked child: run the module as `python -m` runs it (runpy._run_module_as_main is the
    function behind -m), then end the process as the interpreter ends it."""
    streams = [os.devnull, command["stdout"], command["stderr"]]
    for fd, path in enumerate(streams):
        os.dup2(os.open(path, os.O_RDONLY if fd == 0 else os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
    os.chdir(command["cwd"])
    os.environ.clear()
    os.environ.update(command["environment"])
    sys.path[0] = command["cwd"]  # where `python -m` finds the module: the copy's own package
    sys.argv = [command["module"], *command["args"]]  # runpy sets argv[0] to the module's file
    sys.modules["__main__"] = types.ModuleType("__main__")  # a clean namespace, not the zygote's
    status = 0
    try:
        runpy._run_module_as_main(command["module"])
    except SystemExit as exit:
        status = exit_status(exit.code)
    except BaseException as error:  # as the interpreter reports it: without this function's frame
        error = error.with_traceback(error.__traceback__.tb_next)
        sys.excepthook(type(error), error, error.__traceback__)
        status = 1
    threading._shutdown()  # what the interpreter does at its end: wait for threads, run atexit, flush
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def exit_status(code: object) -> int:
    """SystemExit's code as the interpreter turns it into an exit status."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    serve()
