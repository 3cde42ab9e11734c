"""Compile the restorer's hot loops (src/tbparse/restore/_speedups.c) while building the wheel.

Best effort: with no C compiler or Python headers the build goes on (with a warning) and
tbparse runs the same code in pure Python, a few times slower. To see which one an install
runs: python -c "from tbparse.restore import speedups; print(speedups.Decoder)" prints None
for the pure-Python one.
"""
from __future__ import annotations

import shlex
import subprocess
import sysconfig
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class BeamBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        source = Path(self.root, "src", "tbparse", "restore", "_speedups.c")
        target = source.with_name("_speedups" + sysconfig.get_config_var("EXT_SUFFIX"))
        link = sysconfig.get_config_var("LDSHARED")  # "gcc -shared" or its platform's like
        if not link:
            self.app.display_warning("tbparse: no C toolchain known here; pure-Python code")
            return
        command = [*shlex.split(link), "-O2", "-fPIC", "-I" + sysconfig.get_paths()["include"],
                   str(source), "-o", str(target)]
        try:
            subprocess.run(command, check=True, capture_output=True, text=True)
        except (OSError, subprocess.CalledProcessError) as err:
            said = (getattr(err, "stderr", None) or str(err)).strip().splitlines()
            self.app.display_warning("tbparse: C speed-ups not built (" + (said or ["?"])[-1]
                                     + "); the pure-Python code runs instead")
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version != "editable":  # an editable install imports it from src/ where it was built
            build_data["force_include"][str(target)] = f"tbparse/restore/{target.name}"
