#!/usr/bin/env bash
# Usage: boot.sh BZIMAGE INITRAMFS nokaslr|kaslr LOG
# Boots the kernel in qemu-system-x86_64 (TCG, bounded by timeout) with the
# serial console on LOG. Passes if the init marker appears and the panic
# notifier's "Kernel Offset" line matches the mode: "disabled" for nokaslr, a
# non-zero offset for kaslr (retried a few times, since a zero slot is a
# legitimate random draw). Prints the offset line and the time from qemu's
# start to the marker ("Kernel Offset: 0x...; init after 2.31s").
set -euo pipefail
image=$1
initrd=$2
mode=$3
log=$4
case $mode in
  nokaslr) append="console=ttyS0 panic=-1 nokaslr" ;;
  kaslr) append="console=ttyS0 panic=-1" ;;
  *) echo "boot: error: mode must be nokaslr or kaslr, not '$mode'" >&2; exit 2 ;;
esac

marker='GOTFREE-INIT-MARKER: userspace init is running'
for attempt in 1 2 3; do
  rc=0
  : >"$log"
  start=$(date +%s%N)
  timeout "${GOTFREE_BOOT_TIMEOUT:-120}" qemu-system-x86_64 -accel tcg -m 512 -smp 2 \
    -kernel "$image" -initrd "$initrd" -append "$append" \
    -display none -monitor none -serial "file:$log" -no-reboot </dev/null &
  qemu=$!
  # The time from qemu's start to the init marker (wall clock, TCG): init
  # exits right after printing it and the kernel's panic ends qemu, so it
  # is qemu's run time.
  wait "$qemu" || rc=$?
  seconds=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  if ! grep -qF "$marker" "$log"; then
    echo "boot: error: $mode: init marker not reached (qemu exit $rc); last lines of $log:" >&2
    tail -15 "$log" >&2
    exit 1
  fi
  offset=$(grep -ao 'Kernel Offset: [^ ]*' "$log" | tail -1 | tr -d '\r' || true)
  echo "boot: $mode: marker reached after ${seconds:-?}s; $offset" >&2
  if [ "$mode" = nokaslr ]; then
    [ "$offset" = "Kernel Offset: disabled" ] && { echo "$offset; init after ${seconds:-?}s"; exit 0; }
    echo "boot: error: nokaslr: expected 'Kernel Offset: disabled', got '$offset'" >&2
    exit 1
  fi
  case $offset in
    "Kernel Offset: 0x0" | "Kernel Offset: disabled" | "")
      echo "boot: kaslr: offset not randomised on attempt $attempt" >&2 ;;
    "Kernel Offset: 0x"*) echo "$offset; init after ${seconds:-?}s"; exit 0 ;;
  esac
done
echo "boot: error: kaslr: no non-zero Kernel Offset in 3 boots" >&2
exit 1
