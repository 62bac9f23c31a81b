# Sourced by the scripts that fetch Debian packages into the gotfree cache
# (utils/kernel/apt-source.sh, utils/kernel/deb-source.sh,
# utils/fetch-llvm-source.sh): a private apt state, so that nothing is
# installed and the system's apt lists are left alone. Its entries are
# derived at run time from the machine's own Debian entries in /etc/apt
# (the mirror, the keyring), so no mirror is ever named in the repository.
# shellcheck shell=bash

# apt_state_init [--src] [SUITE]: prepares the private state (apt_state_dir,
# apt_state_opts) and refreshes its index when it is missing or older than
# an hour. Without SUITE it serves the machine's own Debian suites; with
# SUITE (trixie-backports, bookworm-security, ...) that suite only, from the
# mirror that serves the machine's suite of the same kind (a *-security
# suite from the security mirror). --src reads source packages (deb-src).
apt_state_init() {
  local type=deb suite= cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
  if [ "${1:-}" = --src ]; then
    type=deb-src
    shift
  fi
  suite=${1:-}
  apt_state_dir=$cache/apt-state/$type-${suite:-system}
  mkdir -p "$apt_state_dir/sources.list.d" "$apt_state_dir/lists/partial" \
    "$apt_state_dir/archives/partial"
  apt_state_opts=(
    -o "Dir::Etc::SourceList=/dev/null"
    -o "Dir::Etc::SourceParts=$apt_state_dir/sources.list.d"
    -o "Dir::State::Lists=$apt_state_dir/lists"
    -o "Dir::State::status=/dev/null"
    -o "Dir::Cache=$apt_state_dir"
    -o "Dir::Cache::archives=$apt_state_dir/archives"
    -o "Dir::Cache::pkgcache="
    -o "Dir::Cache::srcpkgcache="
    -o "Debug::NoLocking=1"
    -o "APT::Sandbox::User=root"
  )
  local sources=$apt_state_dir/sources.list.d/gotfree.sources new
  new=$(apt_state_entries "$type" "$suite")
  if [ -z "$new" ]; then
    echo "apt-state: error: no Debian entry in /etc/apt to derive '${suite:-the system suites}' from" >&2
    return 1
  fi
  if [ "$new" != "$(cat "$sources" 2>/dev/null)" ] ||
     [ -z "$(find "$apt_state_dir/lists" -maxdepth 1 -name '*_InRelease' -mmin -60 2>/dev/null)" ]; then
    printf '%s\n' "$new" >"$sources"
    echo "apt-state: updating the private index of ${suite:-the system suites} ($type)" >&2
    apt-get "${apt_state_opts[@]}" -qq update >&2 || return 1
  fi
}

# apt_state_run COMMAND ARGS...: an apt command (apt-get, apt-cache) on the
# private state.
apt_state_run() {
  local tool=$1
  shift
  "$tool" "${apt_state_opts[@]}" "$@"
}

# apt_state_entries TYPE SUITE: the deb822 stanzas of the private state. The
# machine's Debian entries are those that list its release (VERSION_CODENAME
# of /etc/os-release) or one of the release's suites (bookworm-updates,
# bookworm-security); other vendors' entries are left out.
apt_state_entries() {
  local type=$1 suite=$2 codename etc=${GOTFREE_APT_ETC:-/etc/apt}
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  {
    # deb822 files: "URIS|SUITES|SIGNED-BY" of every stanza that serves binaries.
    for f in "$etc"/sources.list.d/*.sources; do
      [ -e "$f" ] || continue
      awk 'BEGIN { RS = "" }
           /(^|\n)Types:[^\n]*deb([ \t\n]|$)/ {
             u = s = k = ""
             n = split($0, l, "\n")
             for (i = 1; i <= n; i++) {
               if (l[i] ~ /^URIs:/) { u = l[i]; sub(/^URIs:[ \t]*/, "", u) }
               if (l[i] ~ /^Suites:/) { s = l[i]; sub(/^Suites:[ \t]*/, "", s) }
               if (l[i] ~ /^Signed-By:/) { k = l[i]; sub(/^Signed-By:[ \t]*/, "", k) }
             }
             print u "|" s "|" k
           }' "$f"
    done
    # One-line files: "deb [options] URI SUITE COMPONENTS...".
    for f in "$etc"/sources.list "$etc"/sources.list.d/*.list; do
      [ -e "$f" ] || continue
      sed -n -E 's/^[[:space:]]*deb[[:space:]]+(\[([^]]*)\][[:space:]]+)?([^[:space:]]+)[[:space:]]+([^[:space:]]+).*/\3|\4|\2/p' "$f"
    done
  } | awk -F'|' -v type="$type" -v want="$suite" -v rel="$codename" '
    {
      uri = $1; n = split($2, s, /[ \t]+/); key = $3
      # A keyring file: deb822 Signed-By, or a one-line [signed-by=...].
      if (key ~ /signed-by=/) { sub(/.*signed-by=/, "", key); sub(/[ \t].*/, "", key) }
      if (key !~ /^\//) key = ""
      debian = 0; security = 0
      for (i = 1; i <= n; i++) {
        if (s[i] == rel || index(s[i], rel "-") == 1) debian = 1
        if (s[i] ~ /-security$/) security = 1
      }
      if (!debian || uri == "") next
      if (want == "") suites = $2
      else if ((want ~ /-security$/) == security) suites = want
      else next
      if (seen[uri]++) next
      printf "Types: %s\nURIs: %s\nSuites: %s\nComponents: main\n", type, uri, suites
      if (key != "") printf "Signed-By: %s\n", key
      printf "\n"
    }'
}
