"""One catalogue of every error replytone raises, so messages stay consistent.

Each message says what is wrong, where, and what to do. Raise through the
exception classes below, with a code from `Errors`:

    raise ModelLoadError(Errors.E001.format(path=path))
"""

from __future__ import annotations


class Errors:
    # Models
    E001 = "No replytone model at '{path}': the folder does not exist. Pass the folder written by `replytone train`, or call replytone.load() for the default model."
    E002 = "'{path}' is not a spaCy pipeline folder (no config.cfg). Pass the folder written by `replytone train`."
    E003 = "The model at '{path}' could not be read: {reason}. Retrain it with `replytone train`, or reinstall replytone to restore the default model."
    E004 = "The model at '{path}' was made with spaCy {found}, which this spaCy {running} cannot load. Retrain it with `replytone train`."
    E005 = "The model at '{path}' names functions that are not registered: {names}. replytone only loads pipelines built from spaCy's and its own registered functions."
    E006 = "The model at '{path}' has no replytone_checker component; it is not a replytone model. Train one with `replytone train`."
    # Input to score()
    E010 = "Unsupported language '{lang}'. replytone checks these languages: {langs}."
    E011 = "Unsupported channel '{channel}'. Use one of: {channels}."
    E012 = "sent_at must be a datetime or an ISO 8601 string like 2026-03-13T17:20, got {value!r}."
    E013 = "text must be a str, got {type}."
    # Rulesets
    E020 = "{file}: not valid YAML: {reason}"
    E021 = "{file}: rule '{rule}': {reason}"
    E022 = "{file}: {reason}"
    E023 = "{file}: rule '{rule}' is defined twice (also in {other}). To change a rule, use `override:` with its id."
    E024 = "{file}: override of unknown rule '{rule}'."
    E025 = "Ruleset file not found: '{file}'."
    # Corpus and data files
    E030 = "{file}:{line}: {reason}"
    E031 = "Corpus path not found: '{path}'."
    E032 = "No corpus files in '{path}': expected sentences/<lang>.jsonl and replies/<lang>.jsonl, or .jsonl/.csv files with the corpus fields."
    E033 = "Unsupported file type '{suffix}' for '{path}': use .jsonl or .csv."
    # Training
    E040 = "Training config '{path}' not found."
    E041 = "Training needs labelled examples in the train and dev splits; the corpus at '{path}' gave {train} train and {dev} dev sentences."
    E042 = "Output folder '{path}' exists and is not a replytone model; refusing to replace it. Choose another --output."
    E043 = "Bad config override '{key}': {reason}"
    # Distributed scoring
    E050 = "Scoring on a Dask cluster needs Dask: pip install 'replytone[dask]'."


class ReplytoneError(Exception):
    """Base class of every error replytone raises on purpose."""


class ModelLoadError(ReplytoneError):
    """A model folder is missing, corrupt, incompatible or unsafe."""


class InputError(ReplytoneError, ValueError):
    """An argument or a record given to replytone is not valid."""


class RulesetError(ReplytoneError, ValueError):
    """A ruleset file is not valid YAML or does not follow the schema."""


class CorpusError(ReplytoneError, ValueError):
    """A corpus file or folder cannot be read."""


class TrainingError(ReplytoneError):
    """Training cannot start or did not finish."""
