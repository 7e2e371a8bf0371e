"""Copy the root-level add-in manifests into the built package.

The manifests sit at the repository root (where Office tooling expects them), so
setuptools' package-data cannot see them; this hook puts them next to the task
pane inside ``termscore.addin`` in wheels and regular installs.
"""

import shutil
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
MANIFESTS = ("manifest.xml", "manifest.localhost.xml")


class BuildWithManifests(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "termscore" / "addin"
        target.mkdir(parents=True, exist_ok=True)
        for name in MANIFESTS:
            source = ROOT / name
            if source.exists():
                shutil.copy2(source, target / name)


# The two data packages map to top-level folders (see [tool.setuptools.package-dir]),
# which find_packages cannot discover under server/.
PACKAGES = find_packages("server") + ["termscore.clause_library", "termscore.addin"]

setup(packages=PACKAGES, cmdclass={"build_py": BuildWithManifests})
