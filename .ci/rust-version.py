"""The toolchain requirement is true: no locked dependency needs a newer
Rust than Cargo.toml's `rust-version`, and the README names the same one.

Reads `cargo metadata --format-version 1 --locked` on stdin (every package
of Cargo.lock, for every platform and feature). Exits 1, listing the
offenders, when any package declares a higher `rust-version`.
"""

import json
import pathlib
import sys


def version(text):
    return tuple(int(part) for part in text.split("."))


def main():
    metadata = json.load(sys.stdin)
    members = set(metadata["workspace_members"])
    ours = [p for p in metadata["packages"] if p["id"] in members]
    declared = ours[0]["rust_version"]
    if not declared:
        sys.exit("Cargo.toml declares no rust-version")
    others = [p for p in metadata["packages"] if p["id"] not in members and p["rust_version"]]
    newer = [p for p in others if version(p["rust_version"]) > version(declared)]
    highest = max(others, key=lambda p: version(p["rust_version"]))
    if newer:
        for p in sorted(newer, key=lambda p: version(p["rust_version"]), reverse=True):
            print(f"  {p['name']} {p['version']} needs Rust {p['rust_version']}", file=sys.stderr)
        sys.exit(f"{len(newer)} locked packages need a newer Rust than rust-version = {declared}")
    readme = pathlib.Path(__file__).resolve().parent.parent / "README.md"
    if f"Rust toolchain ({declared} or newer" not in readme.read_text(encoding="utf-8"):
        sys.exit(f"README.md's Set-up does not say 'Rust toolchain ({declared} or newer'")
    print(
        f"rust-version = {declared}: {len(others)} locked packages declare one, "
        f"the highest {highest['rust_version']} ({highest['name']} {highest['version']})"
    )


main()
