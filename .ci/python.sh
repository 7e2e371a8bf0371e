#!/usr/bin/env bash
# Print the path of a Python 3.12+ interpreter: python3.13/python3.12 on PATH, then
# pyenv's newest 3.12+, then python3 if it is new enough. Exits 1 with advice otherwise.
set -euo pipefail

is_new_enough() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null
}

for candidate in python3.14 python3.13 python3.12; do
    if path=$(command -v "$candidate" 2>/dev/null) && is_new_enough "$path"; then
        echo "$path"; exit 0
    fi
done
if command -v pyenv >/dev/null 2>&1; then
    for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])(\.[0-9]+)?$' | sort -rV); do
        path="$(pyenv root)/versions/$version/bin/python3"
        if [ -x "$path" ] && is_new_enough "$path"; then echo "$path"; exit 0; fi
    done
fi
if path=$(command -v python3 2>/dev/null) && is_new_enough "$path"; then
    echo "$path"; exit 0
fi
echo "error: TermScore needs Python 3.12 or newer (docx-redline requires it)." >&2
echo "Install python3.12 (for example 'apt-get install python3.12' or 'pyenv install 3.12')" >&2
echo "and run the command again." >&2
exit 1
