"""HTML reports a QA lead opens in a browser: self-contained (inline CSS, no network).

One reply: its sentences highlighted by label, the findings beside the text with
message, suggestion and guideline source, the four structure steps ticked or missing.
A batch: the summary charts (score distribution, rule firing rates, languages) and
every reply, collapsed.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .labels import LABELS, STEPS

COLOURS = {
    "greeting": "#cfe8ff", "empathy": "#e3d7ff", "apology": "#ffe0c2", "gratitude": "#d4f5d4",
    "solution": "#c8f0e8", "clarification": "#fff3b0", "closing": "#f0d8ec", "forbidden": "#ffc9c9",
}  # fmt: skip

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#222;max-width:1100px}
h1{font-size:1.4rem} h2{font-size:1.1rem;margin-top:2rem}
.reply{display:grid;grid-template-columns:3fr 2fr;gap:1.5rem;border:1px solid #ddd;border-radius:8px;padding:1rem;margin:1rem 0}
.sentence{border-radius:4px;padding:0 .15rem;line-height:1.9}
.chip{font-size:.7rem;border-radius:3px;padding:0 .3rem;margin-left:.2rem;color:#333;border:1px solid #0002}
.steps span{margin-right:.8rem} .ok{color:#1a7f37} .missing{color:#b42318} .order{color:#9a6700}
.finding{border-left:4px solid #999;padding:.2rem .6rem;margin:.4rem 0;font-size:.9rem}
.finding.error{border-color:#b42318} .finding.warning{border-color:#d97706} .finding.info{border-color:#6b7280}
.finding .rule{font-family:monospace;font-size:.8rem} .suggest{color:#1a7f37} .source{color:#666;font-size:.75rem}
.score{font-size:1.6rem;font-weight:600} .legend span{margin-right:.5rem}
.bar{display:flex;align-items:center;gap:.5rem;font-size:.8rem} .bar div{background:#4f7cff;height:.8rem}
details{margin:.3rem 0} summary{cursor:pointer}
"""


def _e(text: Any) -> str:
    return html.escape(str(text))


def _sentences(report: dict[str, Any]) -> str:
    parts = []
    for s in report["sentences"]:
        labels = s["labels"]
        # a forbidden sentence shows as forbidden whatever else it is: that is what to fix
        primary = "forbidden" if "forbidden" in labels else (labels[0] if labels else None)
        colour = COLOURS.get(primary, "#eee") if primary else "transparent"
        chips = "".join(
            f'<span class="chip label-{_e(lab)}" style="background:{COLOURS[lab]}">{_e(lab)}</span>'
            for lab in labels
        )
        parts.append(
            f'<span class="sentence" data-labels="{_e(" ".join(labels))}" style="background:{colour}">{_e(s["text"])}{chips}</span>'
        )
    return " ".join(parts) or "<em>no text to check</em>"


def _structure(report: dict[str, Any]) -> str:
    st = report["structure"]
    items = []
    for step in STEPS:
        if step in st["missing"]:
            items.append(f'<span class="missing" data-step="{step}">✗ {step}</span>')
        elif step in st["out_of_order"]:
            items.append(f'<span class="order" data-step="{step}">↕ {step}</span>')
        else:
            items.append(f'<span class="ok" data-step="{step}">✓ {step}</span>')
    return f'<div class="steps">{"".join(items)}</div>'


def _findings(report: dict[str, Any]) -> str:
    out = []
    for f in report["findings"]:
        match = f" — «{_e(f['match'])}»" if f.get("match") and len(f["match"]) <= 120 else ""
        suggestion = (
            f'<div class="suggest">→ {_e(f["suggestion"])}</div>' if f.get("suggestion") else ""
        )
        out.append(
            f'<div class="finding {_e(f["severity"])}" data-rule="{_e(f["rule"])}">'
            f'<span class="rule">{_e(f["severity"])} · {_e(f["rule"])}</span>{match}'
            f'<div>{_e(f["message"])}</div>{suggestion}<div class="source">{_e(f["source"])}</div></div>'
        )
    return "".join(out) or "<p>No findings.</p>"


def reply_block(report: dict[str, Any], title: str = "") -> str:
    head = f"<h2>{_e(title)}</h2>" if title else ""
    return (
        f'{head}<div class="reply"><div><div class="score">{report["score"]:.0f}/100</div>'
        f"<div>language {_e(report['lang'])}</div>{_structure(report)}<p>{_sentences(report)}</p></div>"
        f'<div class="findings">{_findings(report)}</div></div>'
    )


def _legend() -> str:
    return (
        '<div class="legend">'
        + "".join(
            f'<span class="chip" style="background:{COLOURS[lab]}">{lab}</span>' for lab in LABELS
        )
        + "</div>"
    )


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{CSS}</style></head><body><h1>{_e(title)}</h1>{_legend()}{body}</body></html>"
    )


def reply_html(report: dict[str, Any]) -> str:
    """A page for one reply (a Report.to_dict())."""
    return _page("replytone report", reply_block(report))


def _bars(title: str, values: dict[str, float], fmt: str = "{:.0f}") -> str:
    top = max(values.values(), default=0) or 1
    rows = "".join(
        f'<div class="bar" data-key="{_e(k)}"><span style="width:16rem">{_e(k)}</span>'
        f'<div style="width:{300 * v / top:.0f}px"></div><span>{fmt.format(v)}</span></div>'
        for k, v in values.items()
    )
    return f'<h2>{_e(title)}</h2><div class="chart">{rows}</div>'


def batch_html(rows: Iterable[dict[str, Any]], summary: dict[str, Any], limit: int = 500) -> str:
    """A page for a scored batch: summary charts, then the replies (the first `limit`)."""
    body = [
        f'<p class="totals">{summary["rows_in"]} rows in, {summary["rows_out"]} scored, '
        f"{summary['rows_rejected']} rejected; mean score {summary['mean_score']}</p>",
        _bars("Score distribution", summary["score_distribution"]),
        _bars(
            "Rule firing rates (share of replies)",
            dict(list(summary["rule_firing_rates"].items())[:25]),
            "{:.1%}",
        ),
        _bars("Replies by language", summary["languages"]),
        "<h2>Replies</h2>",
    ]
    for i, row in enumerate(rows):
        if i >= limit:
            body.append(f"<p>… only the first {limit} replies are shown.</p>")
            break
        block = reply_block({**row, "findings": row["findings"]})
        body.append(
            f"<details><summary>{_e(row.get('id'))} · {row['score']:.0f}/100 · {len(row['findings'])} findings</summary>{block}</details>"
        )
    return _page("replytone batch report", "".join(body))


def report_file(scored: str | Path, out: str | Path) -> Path:
    """An HTML page for the output of `replytone score` (JSONL) and its summary."""
    scored, out = Path(scored), Path(out)
    summary = json.loads(
        (scored.parent / f"{scored.name}.summary.json").read_text(encoding="utf-8")
    )

    def rows() -> Iterable[dict[str, Any]]:
        with scored.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)

    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_text(batch_html(rows(), summary), encoding="utf-8")
        os.replace(tmp, out)  # a failed run leaves an earlier report intact
    finally:
        tmp.unlink(missing_ok=True)
    return out
