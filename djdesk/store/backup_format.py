"""The .djbak file: a readable header, then the database sealed with AES-256-GCM under a scrypt key.

Layout (all lengths big-endian):

    MAGIC (8)  format (u16)  header length (u32)  header (UTF-8 JSON)  SHA-256 of all before (32)
    sealed length (u32)  sealed contents          payload            tag (16) or SHA-256 (32)

The header names what the file is (program, schema, date, school, hint) and how it is sealed;
its own checksum tells a damaged header from a wrong password. The sealed contents (the counts)
and the payload (the database) are encrypted with AES-256-GCM; the
key comes from the password by scrypt, and everything before the payload is authenticated as
associated data, so no byte of the file can change unnoticed. An unencrypted backup (only by
explicit choice) keeps the same layout with plain contents and a SHA-256 of the whole file.
The school's name is in the header because it is in the file name anyway; the counts are not.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from djdesk.domain.errors import UserError
from djdesk.i18n import _

MAGIC = b"\x89DJBAK\r\n"  # like PNG's: a high byte and CR LF show a file mangled as text
FORMAT_VERSION = 1
SUFFIX = ".djbak"
CIPHER = "AES-256-GCM"
KDF = "scrypt"
# scrypt with 128 MiB of memory (OWASP's recommendation): about half a second per guess.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
CHUNK = 1 << 20
TAG_SIZE = 16
NONCE_SIZE = 12
DIGEST_SIZE = 32
_MAX_HEADER = 1 << 16
MAX_KDF_MEMORY = 256 << 20  # twice what this version asks for
_MAX_SEALED = 1 << 20


class BackupError(UserError):
    """A backup file that cannot be used as asked; nothing was changed."""


class NotABackup(BackupError):
    pass


class NewerBackup(BackupError):
    pass


class DamagedBackup(BackupError):
    pass


class WrongPassword(BackupError):
    pass


@dataclass(frozen=True)
class Sealing:
    """How the contents are encrypted: the scrypt parameters and the GCM nonces."""

    salt: bytes
    n: int
    r: int
    p: int
    verifier: bytes  # scrypt's extra 16 bytes: a wrong password is told apart from damage
    contents_nonce: bytes
    payload_nonce: bytes


@dataclass(frozen=True)
class Header:
    format: int
    program: str
    schema: str
    created_at: str  # ISO 8601, local time
    school: str
    hint: str
    payload_size: int
    sealing: Sealing | None  # None: written unencrypted by explicit choice

    @property
    def encrypted(self) -> bool:
        return self.sealing is not None


@dataclass(frozen=True)
class Contents:
    """What is sealed beside the database: its counts (people, meetings, …)."""

    counts: dict[str, int]


@dataclass(frozen=True)
class Opened:
    """A backup file whose header has been read and checked (no password needed for that)."""

    path: Path
    header: Header
    prefix: bytes  # every byte before the payload: the associated data of the payload
    sealed: bytes
    payload_offset: int
    file_size: int


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    import base64

    return base64.b64decode(text.encode("ascii"), validate=True)


def new_sealing() -> Sealing:
    return Sealing(os.urandom(16), SCRYPT_N, SCRYPT_R, SCRYPT_P, b"", os.urandom(NONCE_SIZE),
                   os.urandom(NONCE_SIZE))


def derive(password: str, sealing: Sealing) -> tuple[bytes, bytes]:
    """The 32-byte key and the 16-byte verifier for this password and salt."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    # NFC: the same password typed with another input method gives the same bytes.
    secret = unicodedata.normalize("NFC", password).encode("utf-8")
    try:
        out = Scrypt(salt=sealing.salt, length=48, n=sealing.n, r=sealing.r, p=sealing.p).derive(secret)
    except MemoryError:
        raise BackupError(_("This computer has not enough free memory to open the backup's key; close "
                            "other programs and try again.")) from None
    return out[:32], out[32:]


def _header_json(header: Header) -> bytes:
    sealing = header.sealing
    document = {
        "program": header.program, "schema": header.schema, "created_at": header.created_at,
        "school": header.school, "hint": header.hint, "payload_size": header.payload_size,
        "encryption": None if sealing is None else {
            "cipher": CIPHER, "kdf": KDF, "n": sealing.n, "r": sealing.r, "p": sealing.p,
            "salt": _b64(sealing.salt), "verifier": _b64(sealing.verifier),
            "contents_nonce": _b64(sealing.contents_nonce), "payload_nonce": _b64(sealing.payload_nonce),
        },
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _contents_json(contents: Contents) -> bytes:
    return json.dumps({"counts": contents.counts}, sort_keys=True).encode("utf-8")


def write(out: BinaryIO, header: Header, contents: Contents, data: bytes, key: bytes | None,
          progress: Callable[[int, int], None] | None = None) -> None:
    """Write the whole backup to `out`. Sealed, the GCM tag authenticates every byte; plain,
    a SHA-256 of all before it ends the file."""
    digest = hashlib.sha256() if header.sealing is None else None

    def put(chunk: bytes) -> None:
        out.write(chunk)
        if digest is not None:
            digest.update(chunk)

    head = _header_json(header)
    prefix = MAGIC + struct.pack(">HI", FORMAT_VERSION, len(head)) + head
    prefix += hashlib.sha256(prefix).digest()
    plain_contents = _contents_json(contents)
    if header.sealing is None:
        sealed = plain_contents
    else:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        sealed = AESGCM(key).encrypt(header.sealing.contents_nonce, plain_contents, prefix)  # type: ignore[arg-type]
    prefix += struct.pack(">I", len(sealed)) + sealed
    put(prefix)
    total = len(data)
    if header.sealing is None:
        assert digest is not None
        for start in range(0, total, CHUNK):
            put(data[start:start + CHUNK])
            if progress:
                progress(min(start + CHUNK, total), total)
        out.write(digest.digest())
        return
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    encryptor = Cipher(algorithms.AES(key), modes.GCM(header.sealing.payload_nonce)).encryptor()  # type: ignore[arg-type]
    encryptor.authenticate_additional_data(prefix)
    view = memoryview(data)
    for start in range(0, total, CHUNK):
        put(encryptor.update(view[start:start + CHUNK]))
        if progress:
            progress(min(start + CHUNK, total), total)
    put(encryptor.finalize())
    put(encryptor.tag)


def _damaged(path: Path, why: str) -> DamagedBackup:
    return DamagedBackup(_("The backup {file} is damaged ({why}); it cannot be used.").format(
        file=path.name, why=why))


def _parse_header(path: Path, raw: bytes) -> Header:
    try:
        document = json.loads(raw.decode("utf-8"))
        encryption = document["encryption"]
        sealing = None
        if encryption is not None:
            if encryption["cipher"] != CIPHER or encryption["kdf"] != KDF:
                raise _damaged(path, _("unknown encryption {name}").format(name=encryption["cipher"]))
            sealing = Sealing(_unb64(encryption["salt"]), int(encryption["n"]), int(encryption["r"]),
                              int(encryption["p"]), _unb64(encryption["verifier"]),
                              _unb64(encryption["contents_nonce"]), _unb64(encryption["payload_nonce"]))
            # Bounds: a forged header must not make the KDF take all memory or minutes.
            n, r, p = sealing.n, sealing.r, sealing.p
            if not (2**10 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 16 and 1 <= p <= 4
                    and 128 * r * n <= MAX_KDF_MEMORY and n * r * p <= 2**22):
                raise _damaged(path, _("unreasonable key parameters"))
            if (len(sealing.salt), len(sealing.verifier), len(sealing.contents_nonce),
                    len(sealing.payload_nonce)) != (16, 16, NONCE_SIZE, NONCE_SIZE):
                raise _damaged(path, _("unreasonable key parameters"))
        header = Header(FORMAT_VERSION, str(document["program"]), str(document["schema"]),
                        str(document["created_at"]), str(document["school"]), str(document["hint"]),
                        int(document["payload_size"]), sealing)
    except BackupError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError, UnicodeDecodeError) as error:
        raise _damaged(path, _("unreadable header: {error}").format(error=error)) from error
    if header.payload_size < 0:
        raise _damaged(path, _("unreadable header: {error}").format(error=header.payload_size))
    return header


def open_file(path: Path) -> Opened:
    """Read and check the header. Refuses a file that is not a backup, comes from a newer
    format, has a damaged header or is shorter or longer than its header says."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            start = handle.read(len(MAGIC) + 6)
            if not start.startswith(MAGIC):
                raise NotABackup(_("{file} is not a djdesk backup (.djbak) file.").format(file=path.name))
            if len(start) < len(MAGIC) + 6:
                raise _damaged(path, _("the file ends early"))
            version, length = struct.unpack(">HI", start[len(MAGIC):])
            if version > FORMAT_VERSION:
                raise NewerBackup(_(
                    "The backup {file} was made by a newer version of djdesk (backup format {version}); "
                    "please use that version or a newer one to open it.").format(file=path.name, version=version))
            if length > _MAX_HEADER:
                raise _damaged(path, _("unreadable header: {error}").format(error=length))
            head = handle.read(length)
            checksum = handle.read(DIGEST_SIZE)
            prefix = start + head
            if len(head) < length or len(checksum) < DIGEST_SIZE:
                raise _damaged(path, _("the file ends early"))
            if not hmac.compare_digest(hashlib.sha256(prefix).digest(), checksum):
                raise _damaged(path, _("its header does not match its checksum"))
            header = _parse_header(path, head)
            raw_length = handle.read(4)
            if len(raw_length) < 4:
                raise _damaged(path, _("the file ends early"))
            (sealed_length,) = struct.unpack(">I", raw_length)
            if sealed_length > _MAX_SEALED:
                raise _damaged(path, _("unreadable header: {error}").format(error=sealed_length))
            sealed = handle.read(sealed_length)
            if len(sealed) < sealed_length:
                raise _damaged(path, _("the file ends early"))
    except OSError as error:
        raise BackupError(_("The backup {file} cannot be read: {error}").format(
            file=path, error=error.strerror or error)) from error
    prefix = prefix + checksum + raw_length + sealed
    trailer = TAG_SIZE if header.encrypted else DIGEST_SIZE
    expected = len(prefix) + header.payload_size + trailer
    if size != expected:
        raise _damaged(path, _("it should be {expected} bytes long but is {actual}: the copy was "
                               "probably interrupted").format(expected=expected, actual=size))
    return Opened(path, header, prefix, sealed, len(prefix), size)


def unlock(opened: Opened, password: str | None) -> tuple[bytes | None, Contents]:
    """The key (None for an unencrypted file) and the sealed contents. A wrong password is
    told as such; damage after a right password as damage."""
    sealing = opened.header.sealing
    if sealing is None:
        return None, open_contents(opened, None)
    if not password:
        raise WrongPassword(_("The backup {file} is encrypted: enter its password.").format(
            file=opened.path.name))
    key, verifier = derive(password, sealing)
    if not hmac.compare_digest(verifier, sealing.verifier):
        hint = opened.header.hint
        raise WrongPassword(_("The password is wrong for {file}.").format(file=opened.path.name)
                            + (_(" Hint: {hint}").format(hint=hint) if hint else ""))
    return key, open_contents(opened, key)


def open_contents(opened: Opened, key: bytes | None) -> Contents:
    """The sealed contents, decrypted with a key already derived (None: unencrypted)."""
    sealing = opened.header.sealing
    raw = opened.sealed
    if sealing is not None:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        associated = opened.prefix[: len(opened.prefix) - len(opened.sealed) - 4]
        try:
            raw = AESGCM(key).decrypt(sealing.contents_nonce, opened.sealed, associated)  # type: ignore[arg-type]
        except InvalidTag:
            raise _damaged(opened.path, _("its contents fail the authentication check")) from None
    try:
        document = json.loads(raw.decode("utf-8"))
        counts = {str(k): int(v) for k, v in document["counts"].items()}
        return Contents(counts)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as error:
        raise _damaged(opened.path, _("unreadable header: {error}").format(error=error)) from error


def _chunks(handle: BinaryIO, remaining: int) -> Iterator[bytes]:
    while remaining > 0:
        chunk = handle.read(min(CHUNK, remaining))
        if not chunk:
            return
        remaining -= len(chunk)
        yield chunk


def read_payload(opened: Opened, key: bytes | None,
                 progress: Callable[[int, int], None] | None = None, keep: bool = True) -> tuple[bytes, str]:
    """Decrypt and authenticate the database; returns it (b"" when `keep` is false) and the
    SHA-256 of the whole file as read. Nothing is returned unless every byte checks out."""
    header = opened.header
    file_digest = hashlib.sha256(opened.prefix)
    parts: list[bytes] = []
    done = 0
    try:
        with open(opened.path, "rb") as handle:
            handle.seek(opened.payload_offset)
            if header.sealing is None:
                decrypt = None
            else:
                from cryptography.hazmat.primitives.ciphers import (
                    Cipher,
                    algorithms,
                    modes,
                )

                handle.seek(opened.payload_offset + header.payload_size)
                tag = handle.read(TAG_SIZE)
                handle.seek(opened.payload_offset)
                decrypt = Cipher(algorithms.AES(key), modes.GCM(header.sealing.payload_nonce, tag)).decryptor()  # type: ignore[arg-type]
                decrypt.authenticate_additional_data(opened.prefix)
            for chunk in _chunks(handle, header.payload_size):
                file_digest.update(chunk)
                if keep:
                    parts.append(decrypt.update(chunk) if decrypt is not None else chunk)
                elif decrypt is not None:
                    decrypt.update(chunk)
                done += len(chunk)
                if progress:
                    progress(done, header.payload_size)
            trailer = handle.read()
    except OSError as error:
        raise BackupError(_("The backup {file} cannot be read: {error}").format(
            file=opened.path, error=error.strerror or error)) from error
    if done != header.payload_size:
        raise _damaged(opened.path, _("the file ends early"))
    if decrypt is not None:
        from cryptography.exceptions import InvalidTag

        try:
            decrypt.finalize()
        except InvalidTag:
            raise _damaged(opened.path, _("its data fail the authentication check")) from None
        file_digest.update(trailer)
    else:
        if not hmac.compare_digest(file_digest.digest(), trailer):
            raise _damaged(opened.path, _("its data do not match the checksum"))
        file_digest.update(trailer)
    return b"".join(parts), file_digest.hexdigest()
