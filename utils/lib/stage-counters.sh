# Sourced by the test stages: the PASS/FAIL counters and the last line that
# utils/test.sh adds up ("STAGE: N passed, N failed"). The sourcing script
# sets stage (the name in every line) and, to have finish report the time,
# stage_start (date +%s).
# shellcheck shell=bash
passed=0
failed=0
pass() { echo "PASS: $stage: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $stage: $*"; failed=$((failed + 1)); }
# result WHAT STATUS: pass or fail by an exit status.
result() { if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1"; fi; }
# finish: the time taken and the counts; exits, non-zero if anything failed.
finish() {
  [ -z "${stage_start:-}" ] || echo "$stage: took $(($(date +%s) - stage_start))s"
  echo "$stage: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}
