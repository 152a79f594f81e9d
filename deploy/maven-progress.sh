#!/usr/bin/env bash
# Shows that a Maven build is working without showing all of it: reads Maven's output (mvn -B) on
# stdin, writes every line, without ANSI escape codes, to the log file given as $1, and prints on
# stdout one line per module as Maven starts it ("  [6/10] nsgflow job (12 s)"), every [ERROR]
# line, and the result with the time taken. Used by deploy/run-local.sh.
#
#   mvn -B -ntp install -DskipTests 2>&1 | bash deploy/maven-progress.sh target/run-local-build.log
set -uo pipefail
log="${1:?usage: maven-progress.sh LOG_FILE}"
mkdir -p "$(dirname "$log")"
: > "$log"
start=$SECONDS
# Maven 3.8's jansi writes reset codes (ESC[0m) even in batch mode: strip every escape sequence
sed -u $'s/\x1b\\[[0-9;?]*[A-Za-z]//g' | while IFS= read -r line; do
  printf '%s\n' "$line" >> "$log"
  if [[ $line =~ ^\[INFO\]\ Building\ (.*[^ ])\ +\[([0-9]+/[0-9]+)\]$ ]]; then
    name="${BASH_REMATCH[1]}"
    printf '  [%s] %s (%d s)\n' "${BASH_REMATCH[2]}" "${name% *}" $((SECONDS - start))
  elif [[ $line == "[ERROR]"* ]]; then
    printf '%s\n' "$line"
  elif [[ $line =~ ^\[INFO\]\ (BUILD\ [A-Z]+)$ ]]; then
    printf '  %s after %d s (full log: %s)\n' "${BASH_REMATCH[1]}" $((SECONDS - start)) "$log"
  fi
done
