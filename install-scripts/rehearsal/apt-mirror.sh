# shellcheck shell=bash
# apt-mirror.sh: find the Debian mirror this host already uses, so debootstrap
# downloads from the same place apt does. No mirror address is written in
# xenlab itself; it comes from the host's apt configuration at run time.
#
#   host_mirror SUITE   print the first "deb" URI that serves SUITE (e.g.
#                       bookworm), from $ROOT/etc/apt/sources.list,
#                       sources.list.d/*.list (one-line format) and
#                       sources.list.d/*.sources (deb822 format); fail if none.

# One-line format: deb [options] URI SUITE COMPONENT...
_mirror_from_list() {
    awk -v suite="$1" '
        /^[ \t]*#/ { next }
        { sub(/\[[^]]*\]/, "") }
        $1 == "deb" && $3 == suite { print $2; exit }
    ' "$2"
}

# deb822 format: paragraphs of "Field: value" lines, separated by blank lines.
_mirror_from_sources() {
    awk -v suite="$1" '
        function check() {
            if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && enabled != "no" && uris != "") {
                split(uris, u, " "); print u[1]; found = 1; exit
            }
            types = ""; suites = ""; uris = ""; enabled = ""
        }
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { check(); next }
        {
            field = tolower($1); value = $0
            sub(/^[^:]*:[ \t]*/, "", value)
            if (field == "types:") types = value
            else if (field == "suites:") suites = value
            else if (field == "uris:") uris = value
            else if (field == "enabled:") enabled = tolower(value)
        }
        END { if (!found) check() }
    ' "$2"
}

host_mirror() {
    local suite=$1 file uri
    for file in "$ROOT/etc/apt/sources.list" "$ROOT"/etc/apt/sources.list.d/*.list; do
        [ -f "$file" ] || continue
        uri=$(_mirror_from_list "$suite" "$file")
        [ -n "$uri" ] && { printf '%s\n' "$uri"; return 0; }
    done
    for file in "$ROOT"/etc/apt/sources.list.d/*.sources; do
        [ -f "$file" ] || continue
        uri=$(_mirror_from_sources "$suite" "$file")
        [ -n "$uri" ] && { printf '%s\n' "$uri"; return 0; }
    done
    return 1
}
