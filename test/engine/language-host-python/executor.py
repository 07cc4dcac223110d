"""Runs one Pulumi Python program for stateguard's substitute python language host (see README.md).

The host (run-program.ts) starts it with the Python of the program's virtualenv:

    python -u executor.py --monitor ADDR --engine ADDR --organization ORG --project P --stack S
        --root_directory DIR --pwd DIR --dry_run true|false --parallel N [--tracing URL] PROGRAM [ARGS...]

with the stack's configuration in PULUMI_CONFIG (a JSON object keyed `<namespace>:<name>`) and the names of its
secret keys in PULUMI_CONFIG_SECRET_KEYS (a JSON array). This is the Python side of what the real host's
executor does with the SDK: load the configuration, point `pulumi.runtime.settings` at the engine's resource
monitor and engine, then run PROGRAM as `__main__` inside the root `pulumi:pulumi:Stack` resource, and wait for
every registration to finish.

Exit status: 0 on success; 32 when the program failed and the error has been reported through the engine's log
(the host then tells the engine to bail without a message of its own); 1 when not even that was possible.
"""

import argparse
import asyncio
import logging
import os
import runpy
import signal
import sys
import traceback

EXIT_AFTER_REPORTED_ERROR = 32


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="executor.py", description="Run a Pulumi Python program.")
    parser.add_argument("--monitor", help="the engine's resource monitor address")
    parser.add_argument("--engine", help="the engine's address (logging, version checks)")
    parser.add_argument("--organization", help="the organization of the stack")
    parser.add_argument("--project", help="the project name")
    parser.add_argument("--stack", help="the stack name")
    parser.add_argument("--root_directory", help="the directory of Pulumi.yaml")
    parser.add_argument("--pwd", help="the directory to run the program in")
    parser.add_argument("--dry_run", default="false", help="'true' for a preview")
    parser.add_argument("--parallel", type=int, help="how many resource operations may run at once")
    parser.add_argument("--tracing", help="accepted for compatibility; the SDK traces through OpenTelemetry")
    parser.add_argument("program", help="the program: a directory with __main__.py, or a .py file")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments given to the program in sys.argv")
    return parser.parse_args(argv)


def exit_on_interrupt(signum, _frame):
    # The host passes the engine's Cancel (and its own shutdown) on as SIGINT, typically while the program waits
    # for the engine to finish the deployment. The engine has stopped and awaits nothing from us: leave at once and
    # quietly, not with a KeyboardInterrupt traceback from wherever the program was (the SDK's gRPC threads would
    # also hold up an ordinary exit).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(128 + signum)


def main(argv):
    signal.signal(signal.SIGINT, exit_on_interrupt)
    try:
        import pulumi
        import pulumi.runtime
    except ImportError:
        traceback.print_exc()
        print(
            "\nIt looks like the Pulumi SDK has not been installed in the program's Python environment "
            f"({sys.executable}). Install it there: python -m pip install pulumi",
            file=sys.stderr,
        )
        return 1

    args = parse_arguments(argv)

    # Read once, before the program runs: pulumi.Config looks keys up in this map (secret keys come wrapped
    # as secrets).
    pulumi.runtime.set_all_config(pulumi.runtime.get_config_env(), pulumi.runtime.get_config_secret_keys_env())
    pulumi.runtime.configure(
        pulumi.runtime.Settings(
            project=args.project,
            stack=args.stack,
            monitor=args.monitor,
            engine=args.engine,
            parallel=args.parallel,
            dry_run=args.dry_run == "true",
            organization=args.organization,
            root_directory=args.root_directory,
        )
    )

    if args.pwd:
        os.chdir(args.pwd)
    program = os.path.abspath(args.program)
    # As if the program had been started with `python PROGRAM`: its own directory (not ours) comes first on
    # sys.path, so that it can import its sibling modules.
    sys.path[0] = program if os.path.isdir(program) else os.path.dirname(program)
    sys.argv = [args.program, *args.args]

    # A failing program leaves futures nobody awaits (outputs of resources that were never registered); asyncio
    # would log each of them at exit, burying the one error that matters.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(pulumi.runtime.run_in_stack(lambda: runpy.run_path(program, run_name="__main__")))
        return 0
    except pulumi.RunError as err:
        # An error meant for the user (e.g. a missing required config value): its message is enough.
        message = str(err)
    except Exception:  # noqa: BLE001 - any failure of the user's program is reported, never raised
        message = "Program failed with an unhandled exception:\n" + traceback.format_exc()
    finally:
        loop.close()
        sys.stdout.flush()
        sys.stderr.flush()

    try:
        pulumi.log.error(message)
    except Exception:  # noqa: BLE001 - the engine is gone: stderr is all that is left
        print(message, file=sys.stderr)
        return 1
    return EXIT_AFTER_REPORTED_ERROR


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
