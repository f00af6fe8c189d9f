# render.awk - the lecture deck (slides/*.md) as one self-contained HTML page.
#
#   awk -f slides/render.awk slides/xen-intro.md > xen-intro.html
#
# The source stays readable as plain Markdown (and on any Git host); this
# turns its small subset into slides, with nothing fetched from anywhere:
#
#   ---            between slides         # Title / ## Subtitle
#   - item         a bullet list          ```  a block shown as typed
#   > text         speaker notes (s)      blank line: a new paragraph
#   inline: `code`, **bold**, [text](link); links stay relative, so the
#   page works when written next to the tree's top (./xenlab slides).
#
# Keys in the page: arrows, space, PageUp/PageDown, Home/End move; s shows
# the notes; p prints (one slide per page). #N in the address opens slide N.

function esc(s) {
    gsub(/&/, "\\&amp;", s)
    gsub(/</, "\\&lt;", s)
    gsub(/>/, "\\&gt;", s)
    return s
}

# Replace each open...close pair in s (markers of length n) with tags.
function pairs(s, open, n, tag,    out, i, j, rest) {
    out = ""
    while ((i = index(s, open)) > 0) {
        rest = substr(s, i + n)
        j = index(rest, open)
        if (j == 0)
            break
        out = out substr(s, 1, i - 1) "<" tag ">" substr(rest, 1, j - 1) "</" tag ">"
        s = substr(rest, j + n)
    }
    return out s
}

function inline(s,    out, text, url) {
    s = esc(s)
    s = pairs(s, "`", 1, "code")
    s = pairs(s, "**", 2, "strong")
    out = ""
    while (match(s, /\[[^]]*\]\([^)]*\)/)) {
        text = substr(s, RSTART + 1, RLENGTH - 1)
        url = text
        sub(/\].*/, "", text)
        sub(/^[^]]*\]\(/, "", url)
        sub(/\)$/, "", url)
        out = out substr(s, 1, RSTART - 1) "<a href=\"" url "\">" text "</a>"
        s = substr(s, RSTART + RLENGTH)
    }
    return out s
}

function close_item() {
    if (item != "") {
        body = body "<li>" inline(item) "</li>\n"
        item = ""
    }
}

function close_block() {
    if (para != "") {
        body = body "<p>" inline(para) "</p>\n"
        para = ""
    }
    close_item()
    if (in_list) {
        body = body "</ul>\n"
        in_list = 0
    }
}

function close_slide() {
    close_block()
    if (notes != "")
        body = body "<aside class=\"notes\">" inline(notes) "</aside>\n"
    if (body != "") {
        nslides++
        printf "<section id=\"s%d\">\n%s</section>\n", nslides, body
    }
    body = ""
    notes = ""
}

BEGIN {
    print "<!DOCTYPE html>"
    print "<html lang=\"en\"><head><meta charset=\"utf-8\">"
    print "<meta name=\"viewport\" content=\"width=device-width\">"
    print "<title>xenlab: Introduction to Xen</title>"
    print "<style>"
    print "html, body { margin: 0; height: 100%; background: #1d1f21; }"
    print "section { display: none; box-sizing: border-box; width: 100vw; height: 100vh;"
    print "  padding: 5vh 7vw; background: #fdfdfb; color: #1d1f21;"
    print "  font: 3.1vh/1.45 \"DejaVu Sans\", sans-serif; overflow: hidden; }"
    print "section.on { display: block; }"
    print "h1 { font-size: 5.6vh; margin: 0 0 3vh; color: #0b4f6c; border-bottom: 0.4vh solid #0b4f6c; }"
    print "h2 { font-size: 3.4vh; color: #0b4f6c; }"
    print "code, pre { font-family: \"DejaVu Sans Mono\", monospace; }"
    print "code { background: #eceae4; padding: 0 0.3em; }"
    print "pre { background: #1d1f21; color: #e0e0e0; padding: 1.5vh 2vw; font-size: 2.5vh; white-space: pre-wrap; }"
    print "a { color: #a23b00; }"
    print "li { margin: 0.6vh 0; }"
    print "aside.notes { display: none; margin-top: 3vh; padding: 1vh 2vw; background: #fff6d5; font-size: 2.1vh; }"
    print "body.notes aside.notes { display: block; }"
    print "#count { position: fixed; right: 2vw; bottom: 1.5vh; color: #888; font: 1.8vh sans-serif; }"
    print "@media print { html, body { background: none; } section { display: block; height: auto;"
    print "  min-height: 100vh; page-break-after: always; } #count { display: none; } }"
    print "</style></head><body>"
    nslides = 0
}

/^---[ \t]*$/ && !in_pre { close_slide(); next }

/^```/ {
    if (in_pre) {
        body = body "</pre>\n"
        in_pre = 0
    } else {
        close_block()
        body = body "<pre>"
        in_pre = 1
    }
    next
}

in_pre { body = body esc($0) "\n"; next }

/^# / { close_block(); body = body "<h1>" inline(substr($0, 3)) "</h1>\n"; next }
/^## / { close_block(); body = body "<h2>" inline(substr($0, 4)) "</h2>\n"; next }
/^> ?/ { line = $0; sub(/^> ?/, "", line); notes = notes (notes == "" ? "" : " ") line; next }

/^- / {
    if (para != "")
        close_block()
    close_item()
    if (!in_list) {
        body = body "<ul>\n"
        in_list = 1
    }
    item = substr($0, 3)
    next
}

/^[ \t]*$/ { close_block(); next }

# An indented line after a list item continues it; any other line is
# part of a paragraph (which ends the list).
in_list && /^  / { line = $0; sub(/^ +/, "", line); item = item " " line; next }

{
    if (in_list)
        close_block()
    para = para (para == "" ? "" : " ") $0
}

END {
    if (in_pre) {
        printf "render.awk: %s: a ``` block is not closed\n", FILENAME > "/dev/stderr"
        exit 1
    }
    close_slide()
    print "<div id=\"count\"></div>"
    print "<script>"
    print "var s = document.querySelectorAll('section'), i = 0;"
    print "function show(n) {"
    print "  i = Math.max(0, Math.min(s.length - 1, n));"
    print "  s.forEach(function (e, k) { e.className = k == i ? 'on' : ''; });"
    print "  document.getElementById('count').textContent = (i + 1) + ' / ' + s.length;"
    print "  history.replaceState(null, '', '#' + (i + 1));"
    print "}"
    print "document.addEventListener('keydown', function (e) {"
    print "  var k = e.key;"
    print "  if (k == 'ArrowRight' || k == ' ' || k == 'PageDown') show(i + 1);"
    print "  else if (k == 'ArrowLeft' || k == 'PageUp') show(i - 1);"
    print "  else if (k == 'Home') show(0);"
    print "  else if (k == 'End') show(s.length - 1);"
    print "  else if (k == 's') document.body.classList.toggle('notes');"
    print "  else if (k == 'p') window.print();"
    print "  else return;"
    print "  e.preventDefault();"
    print "});"
    print "show((parseInt(location.hash.slice(1), 10) || 1) - 1);"
    print "</script>"
    print "</body></html>"
}
