"""A rich progress display for spaCy's training loop."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import IO, Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from spacy.language import Language
from spacy.util import registry


@registry.loggers("replytone.RichLogger.v1")
def rich_logger(
    total_steps: int = 0,
) -> Callable[
    [Language, IO, IO], tuple[Callable[[dict[str, Any] | None], None], Callable[[], None]]
]:
    def setup(
        nlp: Language, stdout: IO = sys.stdout, stderr: IO = sys.stderr
    ) -> tuple[Callable, Callable]:
        console = Console(file=stderr)
        progress = Progress(
            TextColumn("[bold]training"),
            BarColumn(),
            TextColumn("epoch {task.fields[epoch]} step {task.completed}"),
            TextColumn("loss {task.fields[loss]:.3f}  dev macro-F1 {task.fields[score]:.3f}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
            disable=not console.is_terminal,
        )
        task = progress.add_task("train", total=total_steps or None, epoch=0, loss=0.0, score=0.0)
        progress.start()
        best = [0.0]

        def log_step(info: dict[str, Any] | None) -> None:
            if info is None:
                return
            best[0] = max(best[0], float(info.get("score") or 0.0))
            loss = float(sum(info.get("losses", {}).values()))
            progress.update(
                task, completed=info["step"], epoch=info["epoch"], loss=loss, score=best[0]
            )
            if not console.is_terminal:
                console.print(
                    f"epoch {info['epoch']} step {info['step']} loss {loss:.3f} dev macro-F1 {float(info.get('score') or 0):.3f}"
                )

        def finalize() -> None:
            progress.stop()

        return log_step, finalize

    return setup
