"""Lists the distributions installed in the Python environment that runs it, for the substitute python host.

Prints one JSON array on stdout: `[{"name", "version", "plugin"}]`, where `plugin` is the parsed content of the
`pulumi-plugin.json` a Pulumi provider SDK ships inside its top-level module (null when there is none). The host
(packages.ts) turns this into the engine's GetRequiredPackages and GetProgramDependencies answers; the real host
asks `python -m pip list` and `pip show` for the same facts, which takes seconds where this takes milliseconds.
"""

import json
import sys
from importlib import metadata

PLUGIN_FILES = ("pulumi-plugin.json", "pulumiplugin.json")


def plugin_of(dist):
    for file in dist.files or []:
        # Only <module>/pulumi-plugin.json counts, not a file of that name deeper in the package.
        if len(file.parts) == 2 and file.parts[1] in PLUGIN_FILES:
            try:
                return json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
    return None


def main():
    found = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        # The first one on sys.path wins, as for imports.
        if name and name not in found:
            found[name] = {"name": name, "version": dist.version, "plugin": plugin_of(dist)}
    json.dump(sorted(found.values(), key=lambda d: d["name"].lower()), sys.stdout)


if __name__ == "__main__":
    main()
