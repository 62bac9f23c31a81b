#!/usr/bin/env bash
# exit-code.sh WANT CMD ARGS...: runs CMD, passes its stdout and stderr
# through, and succeeds only if CMD exited with status WANT (lit's shell has
# no $?, and `not` cannot tell 1 from 2).
set -uo pipefail
want=$1
shift
"$@"
got=$?
if [ "$got" -ne "$want" ]; then
  echo "exit-code.sh: expected exit status $want, got $got" >&2
  exit 1
fi
exit 0
