import pytest

from replytone.structure import check_structure


@pytest.mark.parametrize(
    ("labels", "missing", "out_of_order"),
    [
        ([["greeting"], ["empathy"], ["solution"], ["closing"]], [], []),
        ([["greeting"], ["solution"]], ["understanding", "farewell"], []),
        ([["greeting"], ["solution"], ["empathy"], ["closing"]], [], ["understanding"]),
        ([["closing"], ["greeting"], ["apology"], ["solution"]], [], ["farewell"]),
        ([["empathy"], ["solution"], ["closing"], ["greeting"]], [], ["greeting"]),
        ([["greeting", "gratitude"], ["apology", "solution"], ["closing"]], [], []),
        ([["gratitude"], ["forbidden"]], ["greeting", "understanding", "solution", "farewell"], []),
        ([["greeting"], ["clarification"], ["closing"]], ["understanding"], []),
        ([], ["greeting", "understanding", "solution", "farewell"], []),
    ],
)
def test_structure_reports_missing_and_out_of_order(labels, missing, out_of_order):
    result = check_structure(labels)
    assert result.missing == missing
    assert result.out_of_order == out_of_order
    assert result.ok == (not missing and not out_of_order)


def test_structure_first_sentence_of_each_step():
    result = check_structure([["greeting"], ["solution"], ["empathy"], ["solution"], ["closing"]])
    assert result.first_sentence == {
        "greeting": 0,
        "solution": 1,
        "understanding": 2,
        "farewell": 4,
    }
