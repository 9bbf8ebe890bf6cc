"""The `replytone` command line. Each command parses its arguments and calls a
plain function of the package; nothing here that Python code cannot call too.

Exit codes: 0 success, 1 findings (score below --fail-under, or a corpus with
problems), 2 bad input (file, model, ruleset, argument), 3 internal error.
Results go to stdout, errors to stderr.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from .errors import ReplytoneError

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="replytone",
    help="Check customer-support replies against communication guidelines (ru, lt, ro, en).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
corpus_app = typer.Typer(help="Work with labelled corpora.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")

F = TypeVar("F", bound=Callable[..., Any])


def _err(message: str) -> None:
    typer.echo(message, err=True)


def guarded(fn: F) -> F:
    """Known errors become one clear line on stderr and exit 2; anything else exit 3."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except ReplytoneError as e:
            _err(f"error: {e}")
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except KeyboardInterrupt:
            _err("interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:  # `replytone ... | head`: the reader left, as with any Unix tool
            sys.stderr.close()
            os._exit(0)
        except Exception as e:  # the last line of defence: no traceback for users
            _err(f"internal error: {type(e).__name__}: {e}")
            _err("Please report this with the command you ran.")
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


# options several commands share
ModelOption = Annotated[
    Path | None, typer.Option(help="A model folder; the shipped default if not given.")
]
RulesOption = Annotated[
    list[Path] | None, typer.Option("--rules", help="Extra ruleset YAML (repeatable).")
]


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    lines = "lines"
    html = "html"


class Lang(StrEnum):
    ru = "ru"
    lt = "lt"
    ro = "ro"
    en = "en"


class Channel(StrEnum):
    chat = "chat"
    email = "email"


def _read_input(text: str | None, file: Path | None) -> tuple[str, str]:
    if text is not None and file is not None:
        raise typer.BadParameter("give the reply as an argument or with --file, not both")
    if file is not None:
        if str(file) == "-":
            return sys.stdin.read(), "<stdin>"
        try:
            return file.read_text(encoding="utf-8"), str(file)
        except FileNotFoundError:
            from .errors import InputError

            raise InputError(f"File not found: '{file}'.") from None
        except UnicodeDecodeError as e:
            from .errors import InputError

            raise InputError(f"{file}: not UTF-8 text (byte {e.start}).") from None
    if text is not None:
        return (sys.stdin.read(), "<stdin>") if text == "-" else (text, "<reply>")
    if not sys.stdin.isatty():
        return sys.stdin.read(), "<stdin>"
    raise typer.BadParameter("give the reply as an argument, with --file, or on stdin")


@app.command()
@guarded
def check(
    text: Annotated[
        str | None, typer.Argument(help="The reply text; '-' or nothing to read stdin.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the reply from a file.")
    ] = None,
    lang: Annotated[Lang | None, typer.Option(help="Language; detected when not given.")] = None,
    channel: Annotated[
        Channel | None, typer.Option(help="chat or email: enables channel rules.")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="The customer's name, if known.")
    ] = None,
    sent_at: Annotated[
        str | None,
        typer.Option("--sent-at", help="When the reply is sent, ISO 8601 (2026-03-13T17:20)."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text, json or lines.")
    ] = OutputFormat.text,
    model: ModelOption = None,
    rules: RulesOption = None,
    fail_under: Annotated[
        float | None, typer.Option("--fail-under", help="Exit 1 when the score is below this.")
    ] = None,
) -> None:
    """Check one reply and print the report."""
    from . import render
    from .scorer import load

    reply, where = _read_input(text, file)
    scorer = load(model, rules=rules or [])
    report = scorer.score(
        reply,
        lang=lang.value if lang else None,
        channel=channel.value if channel else None,
        customer_name=name,
        sent_at=sent_at,
    )
    if output_format is OutputFormat.json:
        typer.echo(render.as_json(report))
    elif output_format is OutputFormat.html:
        from .html_report import reply_html

        typer.echo(reply_html(report.to_dict()))
    elif output_format is OutputFormat.lines:
        lines = render.as_lines(report, where)
        if lines:
            typer.echo(lines)
    else:
        typer.echo(render.as_text(report))
    if fail_under is not None and report.score < fail_under:
        raise typer.Exit(EXIT_FINDINGS)


def _parse_overrides(args: list[str]) -> dict[str, Any]:
    from spacy.cli._util import parse_config_overrides

    return parse_config_overrides(args)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
@guarded
def train(
    ctx: typer.Context,
    corpus: Annotated[Path, typer.Argument(help="A corpus folder or file (JSONL or CSV).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the model.")],
    config: Annotated[
        Path | None, typer.Option(help="A training config; configs/train.cfg by default.")
    ] = None,
    lang: Annotated[
        list[Lang] | None,
        typer.Option("--lang", help="Train only on these languages (repeatable)."),
    ] = None,
    baseline: Annotated[
        bool, typer.Option(help="Also train and score the scikit-learn baseline.")
    ] = True,
) -> None:
    """Train a model on a labelled corpus; extra --section.key value pairs override the config."""
    from .training.train import train as train_model

    result = train_model(
        corpus,
        output,
        config=config,
        langs=[x.value for x in lang] if lang else None,
        overrides=_parse_overrides(ctx.args),
        with_baseline=baseline,
    )
    m = result.metrics
    typer.echo(f"model written to {result.output} in {m['training_seconds']}s")
    _print_scores("test", m["model"]["test"], m.get("baseline", {}).get("test"))
    _print_system(m["model"]["test"], m["system"]["test"], m.get("baseline_system", {}).get("test"))


def _print_scores(title: str, model: dict[str, Any], baseline: dict[str, Any] | None) -> None:
    from .labels import LABELS

    header = f"{title:<6}" + "".join(f"{lab[:8]:>9}" for lab in LABELS) + f"{'macro-F1':>10}"
    typer.echo(header)
    for lang, scores in [("all", model["all"]), *model["by_lang"].items()]:
        row = f"{lang:<6}" + "".join(f"{scores['labels'][lab]['f']:>9.3f}" for lab in LABELS)
        base = ""
        if baseline is not None:
            b = baseline["all"] if lang == "all" else baseline["by_lang"].get(lang)
            base = f"   baseline {b['macro_f']:.3f}" if b else ""
        typer.echo(row + f"{scores['macro_f']:>10.3f}" + base)


def _lang_scores(block: dict[str, Any], lang: str) -> dict[str, Any]:
    return block["all"] if lang == "all" else block["by_lang"][lang]


def _print_system(
    model: dict[str, Any], system: dict[str, Any], baseline_system: dict[str, Any] | None
) -> None:
    """The report's labels: the model's, with `forbidden` where a rule found a listed phrase."""
    typer.echo(
        "\nwith the rules' labels   macro-F1" + ("  (baseline too)" if baseline_system else "")
    )
    typer.echo("        model  +rules  forbidden P/R model   +rules")
    for lang in ["all", *model["by_lang"]]:
        m, s = _lang_scores(model, lang), _lang_scores(system, lang)
        mf, sf = m["labels"]["forbidden"], s["labels"]["forbidden"]
        base = (
            f"   baseline +rules {_lang_scores(baseline_system, lang)['macro_f']:.3f}"
            if baseline_system
            else ""
        )
        typer.echo(
            f"  {lang:<4} {m['macro_f']:.3f}  {s['macro_f']:.3f}     {mf['p']:.3f}/{mf['r']:.3f}"
            f"   {sf['p']:.3f}/{sf['r']:.3f}{base}"
        )


@app.command()
@guarded
def evaluate(
    data: Annotated[
        Path, typer.Argument(help="Labelled data in the corpus format (folder or file).")
    ],
    model: ModelOption = None,
    split: Annotated[
        str | None, typer.Option(help="Only this split of a corpus: train, dev or test.")
    ] = None,
    baseline: Annotated[
        bool, typer.Option("--baseline", help="Also score the scikit-learn baseline.")
    ] = False,
    corpus: Annotated[Path | None, typer.Option(help="Corpus the baseline trains on.")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text or json.")
    ] = OutputFormat.text,
) -> None:
    """Per-language, per-label precision, recall and F1 of a model on labelled data."""
    from .training.evaluate import evaluate as run_evaluate

    result = run_evaluate(data, model=model, split=split, baseline=baseline, corpus=corpus)
    for problem in result["problems"]:
        _err(f"skipped: {problem}")
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    typer.echo(
        f"{result['sentences']} sentences from {result['data']}"
        + (f" (split {split})" if split else "")
    )
    _print_scores("F1", result["model_scores"], result.get("baseline_scores"))
    conf = result["model_scores"]["confusion"]
    if conf:
        typer.echo("\nmissed label -> predicted instead")
        for gold, row in conf.items():
            typer.echo(
                f"  {gold:<14}"
                + ", ".join(f"{k} {v}" for k, v in sorted(row.items(), key=lambda x: -x[1]))
            )
    _print_system(
        result["model_scores"], result["system_scores"], result.get("baseline_system_scores")
    )
    if "structure" in result:
        st = result["structure"]
        typer.echo(
            f"\nstructure verdict same as gold on {st['same_verdict']:.1%} of {st['replies']} replies"
        )


@app.command()
@guarded
def coverage(
    corpus: Annotated[
        Path | None, typer.Option(help="Labelled corpus to measure the rules on.")
    ] = None,
    model: ModelOption = None,
    split: Annotated[
        str, typer.Option(help="Corpus split to measure on: test, dev, train or all.")
    ] = "test",
    replies: Annotated[
        Path | None, typer.Option(help="A file of replies: also show how often each rule fires.")
    ] = None,
    rules: RulesOption = None,
    lang: Annotated[
        list[Lang] | None, typer.Option("--lang", help="Measure only these languages (repeatable).")
    ] = None,
    errors: Annotated[
        bool,
        typer.Option("--errors", help="Also list each rule's missed examples and false alarms."),
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text or json.")
    ] = OutputFormat.text,
) -> None:
    """How much of the guidelines is checked, and how well, rule by rule."""
    from .coverage import coverage as run_coverage
    from .coverage import to_json
    from .resources import repo_root

    if corpus is None and repo_root() is not None and (repo_root() / "corpus").is_dir():  # type: ignore[operator]
        corpus = repo_root() / "corpus"  # type: ignore[operator]
    report = run_coverage(
        corpus,
        model=model,
        split=None if split == "all" else split,
        replies=replies,
        rules=rules or [],
        langs=[x.value for x in lang] if lang else None,
    )
    if not errors:
        for row in report.rows:
            row.missed, row.false_alarms = [], []
    if output_format is OutputFormat.json:
        typer.echo(to_json(report))
        return
    fmt = "{:<34} {:<10} {:<11} {:>8} {:>6} {:>6}  {:<13} {}"
    typer.echo(
        fmt.format("rule", "kind", "languages", "examples", "prec", "recall", "status", "source")
    )
    for r in report.rows:
        p = "-" if r.precision is None else f"{r.precision:.2f}"
        rc = "-" if r.recall is None else f"{r.recall:.2f}"
        fires = f"  fires {r.fires}/{report.replies_scored}" if r.fires is not None else ""
        typer.echo(
            fmt.format(
                r.id, r.kind, ",".join(r.languages), r.examples, p, rc, r.status, r.sources[0]
            )
            + fires
        )
    for r in report.rows:
        for what, examples in (("missed", r.missed), ("false alarm", r.false_alarms)):
            for example in examples:
                typer.echo(f"{r.id}\t{what}\t{example}")
    typer.echo("")
    typer.echo(
        report.summary() + (f" (measured on the {report.split} split)" if report.split else "")
    )


@app.command()
@guarded
def score(
    input_path: Annotated[
        Path, typer.Argument(metavar="INPUT", help="A JSONL, CSV or Parquet export of replies.")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the results: .jsonl or .parquet.")
    ],
    text_column: Annotated[str, typer.Option(help="Column with the reply text.")] = "text",
    id_column: Annotated[str, typer.Option(help="Column with the reply id.")] = "id",
    lang_column: Annotated[str, typer.Option(help="Column with the language (optional).")] = "lang",
    channel_column: Annotated[
        str, typer.Option(help="Column with the channel (optional).")
    ] = "channel",
    name_column: Annotated[
        str, typer.Option(help="Column with the customer's name (optional).")
    ] = "customer_name",
    sent_at_column: Annotated[
        str, typer.Option(help="Column with the time sent (optional).")
    ] = "sent_at",
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Score on a Dask cluster: a scheduler address (tcp://host:8786), or "
            "'local' for a local cluster of --workers processes. Needs replytone[dask]."
        ),
    ] = None,
    model: ModelOption = None,
    rules: RulesOption = None,
) -> None:
    """Score every reply of a ticket export; one output row per reply and a summary."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from .batch import Columns, score_file

    total = None
    if input_path.suffix.lower() in (".jsonl", ".csv") and input_path.is_file():
        with input_path.open("rb") as f:
            total = sum(1 for line in f if line.strip()) - (
                1 if input_path.suffix.lower() == ".csv" else 0
            )
    console = Console(stderr=True)
    columns = Columns(
        text_column, id_column, lang_column, channel_column, name_column, sent_at_column
    )
    with Progress(
        TextColumn("[bold]scoring"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.0f} replies/s"), TimeRemainingColumn(),
        console=console, disable=not console.is_terminal,
    ) as progress:  # fmt: skip
        task = progress.add_task("score", total=total, rate=0.0)

        def advance(n: int) -> None:
            progress.advance(task, n)
            elapsed = progress.tasks[task].elapsed or 1e-9
            progress.update(task, rate=progress.tasks[task].completed / elapsed)

        summary = score_file(
            input_path,
            output,
            columns=columns,
            model=model,
            rules=rules or [],
            workers=workers,
            scheduler=scheduler,
            on_progress=advance,
        )
    for problem in summary.rejected:
        _err(f"rejected: {problem}")
    data = summary.to_dict()
    typer.echo(
        f"{data['rows_in']} rows in = {data['rows_out']} scored + {data['rows_rejected']} rejected -> {output}"
    )
    typer.echo(
        f"mean score {data['mean_score']}; by language: "
        + ", ".join(f"{k} {v}" for k, v in sorted(data["languages"].items()))
    )
    typer.echo(
        "score distribution: "
        + ", ".join(f"{k}: {v}" for k, v in data["score_distribution"].items())
    )
    typer.echo("rules firing most (share of replies):")
    for rule, rate in list(data["rule_firing_rates"].items())[:15]:
        typer.echo(f"  {rate:6.1%}  {rule}")
    typer.echo(f"summary written to {output}.summary.json")


@app.command()
@guarded
def report(
    scored: Annotated[Path, typer.Argument(help="The JSONL written by `replytone score`.")],
    html_out: Annotated[Path, typer.Option("--html", help="Where to write the HTML report.")],
) -> None:
    """An HTML report of a scored batch: summary charts and every reply."""
    from .html_report import report_file

    typer.echo(f"report written to {report_file(scored, html_out)}")


@corpus_app.command("validate")
@guarded
def corpus_validate(
    path: Annotated[Path, typer.Argument(help="A corpus folder or file.")],
    no_targets: Annotated[
        bool, typer.Option("--no-targets", help="Do not check the size targets.")
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text or json.")
    ] = OutputFormat.text,
) -> None:
    """Check a corpus: every problem with file and line, and the counts per language and label."""
    from .corpus.validate import COLUMNS, NO_TARGETS, Targets, validate_path

    result = validate_path(path, NO_TARGETS if no_targets else Targets())
    if output_format is OutputFormat.json:
        typer.echo(
            json.dumps(
                {
                    "ok": result.ok,
                    "records_read": result.records_read,
                    "problems": [p.__dict__ for p in result.problems],
                    "counts": {k: dict(v) for k, v in result.counts.items()},
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in result.problems:
            _err(str(problem))
        typer.echo(f"{'lang':<5}" + "".join(f"{c[:9]:>10}" for c in COLUMNS))
        for lang, counts in result.counts.items():
            if counts:
                typer.echo(f"{lang:<5}" + "".join(f"{counts[c]:>10}" for c in COLUMNS))
        rejected = result.records_rejected
        verdict = "ok" if result.ok else f"{len(result.errors)} problems"
        typer.echo(
            f"{result.records_read} records read = {result.records_read - rejected} valid "
            f"+ {rejected} rejected: {verdict}"
        )
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
