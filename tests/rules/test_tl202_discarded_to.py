"""TL202 discarded-to: every positive case is run (meta standing in for cuda): the tensor did not change."""

import pytest
from fixture_cases import fixture_cases
from snippets import as_meta, findings, program, run_torch

CASES = fixture_cases("TL202")
PRELUDE = CASES.prelude

# Each positive case: the source, and an expression that holds after the run (nothing moved),
# or the exception the next op raises because of it.
PROOF = {
    "to-cuda": "batch.device.type == 'cpu'",
    "cuda-method": "x.device.type == 'cpu'",
    "dtype-conversion": "x.dtype == torch.float32",
    "device-object": "x.device.type == 'cpu'",
    "half": "x.dtype == torch.float32",
    "type-with-a-dtype": "x.dtype == torch.float32",
    "inside-a-function": "prepared.device.type == 'cpu'",
    "forward-input": RuntimeError,
    "import-alias": "x.device.type == 'cpu'",
    "loop-over-batches": "batches[0].device.type == 'cpu'",
    "then-mixed-with-a-moved-model": RuntimeError,
}
POSITIVE = {name: (source, PROOF[name]) for name, source in CASES.bad.items()}

NEGATIVE = CASES.good

NOT_RUN = {"unknown-receiver"}


@pytest.mark.parametrize("case", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_the_tensor_did_not_change(case):
    source, outcome = case
    found = findings(program(PRELUDE, source), "TL202")
    assert len(found) == 1, found
    assert "thrown away" in found[0].message
    if isinstance(outcome, str):
        namespace = run_torch(as_meta(program(PRELUDE, source)))
        assert eval(outcome, namespace), outcome
    else:
        with pytest.raises(outcome):
            run_torch(as_meta(program(PRELUDE, source)))


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_torch_agrees(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL202") == []
    if name not in NOT_RUN:
        run_torch(as_meta(source))


def test_reports_the_discarded_call_and_where_the_tensor_lives():
    source, _ = POSITIVE["to-cuda"]
    [finding] = findings(program(PRELUDE, source), "TL202")
    assert (finding.span.line, finding.span.column) == (4, 1)
    assert finding.span.end_column == len('batch.to("cuda")') + 1
    assert "`batch` stays on cpu (created at line 3)" in finding.message
    assert "`batch = batch.to(...)`" in finding.message


def test_a_discarded_move_also_yields_the_device_mismatch_it_causes():
    source, _ = POSITIVE["then-mixed-with-a-moved-model"]
    codes = [f.code for f in findings(program(PRELUDE, source))]
    assert codes.count("TL202") == 1 and codes.count("TL201") == 1


def test_a_discarded_dtype_conversion_is_called_one():
    [finding] = findings(program(PRELUDE, """
        x = torch.randn(3)
        x.to(torch.float64)
    """), "TL202")
    assert "returns a converted copy" in finding.message and "`x` keeps its dtype" in finding.message
    namespace = run_torch(program(PRELUDE, """
        x = torch.randn(3)
        x.to(torch.float64)
    """))
    assert str(namespace["x"].dtype) == "torch.float32"  # unchanged: the conversion was thrown away


def test_the_advice_on_a_chained_call_is_code_that_runs():
    """Issue 23 (cosmetic): `b.to("cuda").to("cpu")` was advised as `b.to("cuda") = b.to("cuda").to(...)`."""
    source = """
        b = torch.ones(2)
        b.to("cuda").to("cpu")
    """
    [finding] = findings(program(PRELUDE, source), "TL202")
    advice = finding.message.rsplit("write `", 1)[1].rstrip("`")
    assert advice == 'b = b.to("cuda").to(...)'
    compile(advice.replace("...", '"cpu"'), "advice", "exec")  # an assignment Python accepts
