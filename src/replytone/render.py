"""Reports as text for people, JSON for machines, and linter lines for editors and CI."""

from __future__ import annotations

import json

from .labels import STEPS
from .report import Report


def as_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def as_lines(report: Report, path: str = "<reply>") -> str:
    """One finding per line: path:line:col: severity rule message → suggestion."""
    return "\n".join(f.line(report.text, path) for f in report.findings)


def as_text(report: Report) -> str:
    how = "detected" if report.lang_detected else "given"
    out = [
        f"replytone · language {report.lang} ({how}) · score {report.score:.0f}/100",
        "",
        "Sentences",
    ]
    if not report.sentences:
        out.append("  (no text to check)")
    for i, s in enumerate(report.sentences, 1):
        labels = ", ".join(sorted(s.labels)) or "neutral"
        text = s.text.replace("\n", " ⏎ ")
        out.append(f"  {i:>2}. [{labels}] {text}")
    st = report.structure
    marks = []
    for step in STEPS:
        mark = "✗" if step in st.missing else ("↕" if step in st.out_of_order else "✓")
        marks.append(f"{mark} {step}")
    verdict = (
        "ok"
        if st.ok
        else "; ".join(
            part
            for part in (
                f"missing: {', '.join(st.missing)}" if st.missing else "",
                f"out of order: {', '.join(st.out_of_order)}" if st.out_of_order else "",
            )
            if part
        )
    )
    out += ["", f"Structure  {'  '.join(marks)}  ({verdict})", "", "Findings"]
    if not report.findings:
        out.append("  none")
    for f in report.findings:
        line = report.text.count("\n", 0, f.start) + 1
        col = f.start - (report.text.rfind("\n", 0, f.start) + 1) + 1
        match = f" «{f.match}»" if f.match and len(f.match) <= 80 else ""
        out.append(f"  {f.severity:<7} {f.rule}  {line}:{col}{match}")
        out.append(f"          {f.message}")
        if f.suggestion:
            out.append(f"          → {f.suggestion}")
        out.append(f"          source: {f.source}")
    return "\n".join(out)
