"""The removable drives (USB sticks) this computer sees, for the backup's choice of target; no Qt."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

DRIVE_REMOVABLE = 2  # GetDriveTypeW


@dataclass(frozen=True)
class Drive:
    path: Path
    label: str  # the volume's name, "" when it has none
    free: int  # bytes
    total: int

    def text(self) -> str:
        return f"{self.path}  {self.label}".rstrip()


def _usage(path: Path, label: str) -> Drive | None:
    try:
        usage = shutil.disk_usage(path)
    except OSError:  # a card reader without a card
        return None
    return Drive(path, label, usage.free, usage.total)


def _windows() -> list[Drive]:
    import ctypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
    mask = kernel.GetLogicalDrives()
    found = []
    for index in range(26):
        if not mask & (1 << index):
            continue
        root = f"{chr(ord('A') + index)}:\\"
        if kernel.GetDriveTypeW(ctypes.c_wchar_p(root)) != DRIVE_REMOVABLE:
            continue
        name = ctypes.create_unicode_buffer(261)
        # Errors off: an empty card reader must not raise "no disk in drive" boxes.
        previous = kernel.SetErrorMode(1)
        try:
            ok = kernel.GetVolumeInformationW(ctypes.c_wchar_p(root), name, 261, None, None, None, None, 0)
        finally:
            kernel.SetErrorMode(previous)
        if not ok:
            continue
        drive = _usage(Path(root), name.value)
        if drive is not None:
            found.append(drive)
    return found


def _block_removable(device: str) -> bool:
    """/dev/sdb1 → /sys/block/sdb/removable (or a USB device in its path)."""
    name = Path(device).name
    for block in Path("/sys/block").glob("*"):
        if name.startswith(block.name):
            try:
                if (block / "removable").read_text().strip() == "1":
                    return True
                return "/usb" in str((block / "device").resolve())
            except OSError:
                return False
    return False


def _mounts(mounts_file: Path) -> list[Drive]:
    """Linux: mounted volumes on a removable or USB block device, or under /media and
    /run/media (where desktops mount sticks); macOS: /Volumes."""
    found: list[Drive] = []
    if sys.platform == "darwin":
        for volume in sorted(Path("/Volumes").glob("*")):
            if volume.is_dir() and not volume.is_symlink():
                drive = _usage(volume, volume.name)
                if drive is not None:
                    found.append(drive)
        return found
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return found
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        device, point = parts[0], parts[1].replace("\\040", " ")
        if not device.startswith("/dev/"):
            continue
        if not (point.startswith(("/media/", "/run/media/")) or _block_removable(device)):
            continue
        drive = _usage(Path(point), Path(point).name)
        if drive is not None:
            found.append(drive)
    return found


def removable_drives(mounts_file: Path = Path("/proc/mounts")) -> list[Drive]:
    """USB sticks and cards now plugged in; an external hard disk shows as fixed and is left
    out (it can still be picked as a folder)."""
    if os.name == "nt":
        return _windows()
    return _mounts(mounts_file)
