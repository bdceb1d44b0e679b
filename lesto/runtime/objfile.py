"""Read the undefined symbols of an ELF64 object file, so that every one is resolved (or the
load refused with a clear error) before LLVM's loader would abort the process on a missing one."""
from __future__ import annotations

import struct


def undefined_symbols(obj: bytes) -> list[str]:
    """Names of the global symbols `obj` references but does not define (ELF64, little-endian)."""
    if obj[:4] != b"\x7fELF" or obj[4] != 2 or obj[5] != 1:
        raise ValueError("not a little-endian ELF64 object")
    shoff, = struct.unpack_from("<Q", obj, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", obj, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", obj, shoff + i * shentsize)
                for i in range(shnum)]
    names: list[str] = []
    for sh_type, sh_offset, sh_size, sh_link, sh_entsize in (
            (s[1], s[4], s[5], s[6], s[9]) for s in sections):
        if sh_type != 2 or not sh_entsize:   # SHT_SYMTAB
            continue
        strtab_offset = sections[sh_link][4]
        for k in range(1, sh_size // sh_entsize):
            st_name, st_info, _other, st_shndx = struct.unpack_from(
                "<IBBH", obj, sh_offset + k * sh_entsize)
            binding = st_info >> 4
            if st_shndx == 0 and st_name and binding in (1, 2):  # undefined GLOBAL / WEAK
                end = obj.index(b"\0", strtab_offset + st_name)
                names.append(obj[strtab_offset + st_name:end].decode())
    return names
