# Sourced by the scripts that report on linked images (the kernel stages,
# the kernel benchmark): ELF facts read with LLVM 22's llvm-readelf.
# shellcheck shell=bash

# elf_section_size FILE NAME: the size in bytes of section NAME of FILE (0
# when it has none).
elf_section_size() {
  local hex
  hex=$(/usr/lib/llvm-22/bin/llvm-readelf -S --wide "$1" |
          awk -v n="$2" '{ sub(/^ *\[ *[0-9]+\] /, "") } $1 == n { print $5; exit }')
  echo $((16#${hex:-0}))
}
