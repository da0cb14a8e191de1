"""Open an uploaded zip without trusting it: bounded sizes, no paths, no bombs."""

import io
import zipfile
from dataclasses import dataclass

from api.core.errors import Unprocessable

MAX_MEMBERS = 64
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 400 * 1024 * 1024
# Real CSV compresses about 5-20 times; a bomb thousands of times.
MAX_RATIO = 200
# Small files may compress far better than the ratio allows and still be harmless.
RATIO_FREE_BYTES = 1024 * 1024
IGNORED_PREFIXES = ("__MACOSX/", ".DS_Store")


@dataclass(frozen=True)
class Limits:
    member_bytes: int = MAX_MEMBER_BYTES
    total_bytes: int = MAX_TOTAL_BYTES
    ratio: int = MAX_RATIO


def refused(detail: str, field: str = "file") -> Unprocessable:
    return Unprocessable(detail, errors=[{"loc": ["body", field], "msg": detail, "type": "zip"}])


def read_members(data: bytes, limits: Limits = Limits()) -> dict[str, bytes]:
    """Every CSV at the top of the zip by lower-case name, read within the limits.

    The sizes the zip declares are checked first and the bytes read are counted too,
    so a zip that lies about its sizes is stopped as soon as it passes them.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise refused(f"Not a zip file: {error}.") from error
    with archive:
        infos = [
            info
            for info in archive.infolist()
            if not info.is_dir() and not info.filename.startswith(IGNORED_PREFIXES)
        ]
        if len(infos) > MAX_MEMBERS:
            raise refused(f"The zip holds {len(infos)} files; at most {MAX_MEMBERS} are read.")
        for info in infos:
            _check_name(info.filename)
            _check_declared(info, limits)
        if sum(info.file_size for info in infos) > limits.total_bytes:
            raise refused(f"The zip would unpack to more than {limits.total_bytes:,} bytes.")
        members: dict[str, bytes] = {}
        for info in infos:
            name = info.filename.lower()
            if name in members:
                raise refused(f"{info.filename} is in the zip twice.")
            members[name] = _read(archive, info, limits)
    return members


def _check_name(name: str) -> None:
    if "/" in name or "\\" in name or ":" in name or name.startswith(".."):
        raise refused(f"{name!r}: the CSV files must sit at the top of the zip, without a path.")


def _check_declared(info: zipfile.ZipInfo, limits: Limits) -> None:
    if info.file_size > limits.member_bytes:
        raise refused(f"{info.filename} would unpack to more than {limits.member_bytes:,} bytes.")
    ratio_limit = max(info.compress_size, 1) * limits.ratio
    if info.file_size > max(ratio_limit, RATIO_FREE_BYTES):
        raise refused(
            f"{info.filename} is compressed more than {limits.ratio} times: refused as a zip bomb."
        )


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> bytes:
    allowed = min(info.file_size, limits.member_bytes)
    try:
        with archive.open(info) as member:
            data = member.read(allowed + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as error:
        raise refused(f"{info.filename} cannot be unpacked: {error}.") from error
    if len(data) > allowed:
        raise refused(f"{info.filename} unpacks to more than the size the zip declares.")
    return data
