"""Encrypted backup files: Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) with a key
derived from a passphrase by Scrypt and a random salt kept in the file's header.

A file is the header, then the backup in chunks of at most CHUNK_SIZE bytes, each a Fernet
token preceded by its length. Each chunk's plaintext starts with its index and a last-chunk
flag, so a file with chunks reordered, dropped or cut off is refused like a wrong passphrase.
Chunks keep memory flat however large the database.
"""

import base64
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"IECMH-BACKUP-ENCRYPTED-1\n"
PASSPHRASE_ENV = "IECMH_BACKUP_PASSPHRASE"
MIN_PASSPHRASE_LENGTH = 12
CHUNK_SIZE = 1024 * 1024
SALT_SIZE = 16
# Scrypt cost: 2**15 x 8 x 128 bytes = 32 MiB and a fraction of a second, once per file.
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 15, 8, 1
_HEADER = struct.Struct(">BBB")  # log2 n, r, p
_LENGTH = struct.Struct(">I")
_CHUNK_HEAD = struct.Struct(">Q?")  # index, last


class BackupDecryptionError(Exception):
    """The passphrase is wrong, or the file was changed or cut short."""


def passphrase_from_env(*, for_writing: bool) -> str:
    passphrase = os.environ.get(PASSPHRASE_ENV, "")
    if not passphrase:
        raise ValueError(f"Set {PASSPHRASE_ENV} to the backup passphrase.")
    if for_writing and len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValueError(
            f"{PASSPHRASE_ENV} is too short: use at least {MIN_PASSPHRASE_LENGTH} characters."
        )
    return passphrase


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def _fernet(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> Fernet:
    kdf = Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p)
    return Fernet(base64.urlsafe_b64encode(kdf.derive(passphrase.encode())))


def open_private(path: Path) -> BinaryIO:
    """Open `path` for writing, readable and writable by its owner only (0600) from its first
    byte, whatever its mode was before."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "wb")


def encrypt_file(plain: Path, output: Path, passphrase: str) -> None:
    salt = os.urandom(SALT_SIZE)
    fernet = _fernet(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P)
    with plain.open("rb") as source, open_private(output) as target:
        target.write(MAGIC + _HEADER.pack(SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P) + salt)
        index = 0
        chunk = source.read(CHUNK_SIZE)
        while True:
            following = source.read(CHUNK_SIZE)
            token = fernet.encrypt(_CHUNK_HEAD.pack(index, not following) + chunk)
            target.write(_LENGTH.pack(len(token)) + token)
            if not following:
                return
            chunk, index = following, index + 1


def _read_exact(handle: BinaryIO, size: int) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise BackupDecryptionError("The encrypted backup is cut short.")
    return data


def _chunks(handle: BinaryIO, fernet: Fernet) -> Iterator[bytes]:
    index = 0
    while True:
        (length,) = _LENGTH.unpack(_read_exact(handle, _LENGTH.size))
        try:
            plain = fernet.decrypt(_read_exact(handle, length))
        except InvalidToken as error:
            raise BackupDecryptionError(
                "Cannot decrypt the backup: wrong passphrase, or the file was changed."
            ) from error
        found, last = _CHUNK_HEAD.unpack_from(plain)
        if found != index:
            raise BackupDecryptionError("The encrypted backup's parts are out of order.")
        yield plain[_CHUNK_HEAD.size :]
        if last:
            if handle.read(1):
                raise BackupDecryptionError("The encrypted backup has data after its end.")
            return
        index += 1


def decrypt_file(source: Path, output: Path, passphrase: str) -> None:
    """Write the decrypted backup to `output` (0600). Raises BackupDecryptionError, leaving a
    partial `output` for the caller to delete, when anything does not check out."""
    with source.open("rb") as handle:
        if handle.read(len(MAGIC)) != MAGIC:
            raise BackupDecryptionError("This file is not an encrypted backup.")
        log2_n, r, p = _HEADER.unpack(_read_exact(handle, _HEADER.size))
        # Bounded, so that a crafted header cannot ask for gigabytes of memory.
        if not (10 <= log2_n <= 17 and 1 <= r <= 8 and 1 <= p <= 4):
            raise BackupDecryptionError("The encrypted backup's header is damaged.")
        fernet = _fernet(passphrase, _read_exact(handle, SALT_SIZE), log2_n, r, p)
        with open_private(output) as target:
            for chunk in _chunks(handle, fernet):
                target.write(chunk)
