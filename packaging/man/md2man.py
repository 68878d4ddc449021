#!/usr/bin/python3
"""Turns docs/configuration.md into roja.yaml(5), so the man page lists every key the document
does, as engineers add them. Handles the Markdown that document uses: headings, paragraphs,
bullet lists, fenced code and tables (each row becomes a tagged paragraph).

usage: md2man.py CONFIGURATION.md VERSION OUTPUT
"""
import re
import sys

SKIPPED_SECTIONS = {"For developers"}


def escape(text):
    text = text.replace("\\", "\\e")
    return "\\&" + text if text.startswith((".", "'")) else text


def inline(text):
    """Markdown inline marks -> troff fonts; links keep their target in parentheses."""
    text = escape(text)
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"\\fB\1\\fR", text)
    text = re.sub(r"`([^`]+)`", r"\\fB\1\\fR", text)
    return text


def cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def table(rows, out):
    """First column as the tag; "Default" keeps its header, a "Meaning" column is plain text,
    other columns are labelled with their header."""
    header = cells(rows[0])
    for row in rows[2:]:  # rows[1] is the |---| separator
        values = cells(row)
        parts = [values[i] if header[i] == "Meaning" else f"{header[i]}: {values[i]}"
                 for i in range(1, min(len(header), len(values))) if values[i]]
        out += [".TP", inline(values[0]), inline(". ".join(p.rstrip(".") for p in parts) + ".")]


def convert(lines, version):
    out = [f'.TH ROJA.YAML 5 "2026" "Roja {version}" "File Formats"', ".SH NAME",
           "roja.yaml \\- configuration of the Roja DNS filter daemon, rojad",
           ".SH SYNOPSIS", ".I /etc/roja/roja.yaml"]
    i, skipping = 0, False
    while i < len(lines):
        line = lines[i].rstrip("\n")
        if line.startswith("# "):
            out.append(".SH DESCRIPTION")
        elif line.startswith("## "):
            title = line[3:].strip()
            skipping = title in SKIPPED_SECTIONS
            if not skipping:
                out.append(".SH " + inline(title.replace("`", "").upper()))
        elif skipping:
            pass
        elif line.startswith("### "):
            out.append(".SS " + inline(line[4:].strip()))
        elif line.startswith("```"):
            out += [".PP", ".RS", ".nf"]
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                out.append(escape(lines[i].rstrip("\n")))
                i += 1
            out += [".fi", ".RE"]
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(lines[i])
                i += 1
            table(rows, out)
            continue
        elif line.startswith("- "):
            out += [".IP \\(bu 2", inline(line[2:])]
        elif not line.strip():
            if out[-1] not in (".PP",):
                out.append(".PP")
        else:
            out.append(inline(line.strip()))
        i += 1
    out += [".SH FILES", ".TP", ".I /etc/roja/roja.yaml", "The configuration rojad reads by default.",
            ".TP", ".I /usr/share/doc/roja/examples/", "Example configurations.",
            ".SH SEE ALSO", ".BR rojad (8),", ".BR rojactl (8)"]
    # A paragraph mark right before a heading or tag is noise for groff.
    cleaned = [l for j, l in enumerate(out)
               if not (l == ".PP" and j + 1 < len(out) and out[j + 1].startswith((".SH", ".SS", ".TP", ".PP", ".IP")))]
    return "\n".join(cleaned) + "\n"


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        page = convert(f.readlines(), sys.argv[2])
    with open(sys.argv[3], "w", encoding="utf-8") as f:
        f.write(page)


if __name__ == "__main__":
    main()
