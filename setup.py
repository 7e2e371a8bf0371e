"""Copy the root-level add-in manifests into the built package.

The manifests sit at the repository root, where Office tooling expects them, so
setuptools' package-data cannot see them. This hook copies them next to the task
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



def data_packages(package: str, folder: str) -> list[str]:
    """Return ``package`` and one package name per subfolder that contains shipped files.

    The clause library and the task pane map to top-level folders (see
    [tool.setuptools.package-dir]), which find_packages cannot discover under server/.
    Listing their subfolders as packages too keeps setuptools from warning that data in
    them belongs to no package.
    """
    names = [package]
    for path in sorted((ROOT / folder).rglob("*")):
        if path.is_dir() and not any(part in SKIPPED_FOLDERS for part in path.parts):
            relative = path.relative_to(ROOT / folder)
            names.append(".".join([package, *relative.parts]))
    return names


SKIPPED_FOLDERS = {"__pycache__", "node_modules", "tools"}
PACKAGES = (find_packages("server")
            + data_packages("termscore.clause_library", "clause_library")
            + data_packages("termscore.addin", "addin"))

setup(packages=PACKAGES, cmdclass={"build_py": BuildWithManifests})
