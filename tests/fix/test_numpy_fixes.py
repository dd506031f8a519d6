"""TL203 `.cpu()` and TL302 `.detach()` before `.numpy()` (safe), composed into one `.detach().cpu()`.

Both rules propose the same edit when both facts hold, so one pass applies it
once and both findings count as fixed. ``meta`` stands in for cuda: `.numpy()`
on a meta tensor raises like on cuda, and `.cpu()` of a meta tensor is also
impossible, so the fixed code runs with the device swapped back to cpu.
"""

import numpy as np
import pytest
from fixcheck import as_meta, check_fix, dedent, findings, fix, run_torch

CUDA = ("""
    import torch

    predictions = torch.randn(4, 3, device="cuda").argmax(dim=1)  # on the GPU
    labels = predictions.numpy()
""", """
    import torch

    predictions = torch.randn(4, 3, device="cuda").argmax(dim=1)  # on the GPU
    labels = predictions.cpu().numpy()
""")

GRAD = ("""
    import torch

    embedding = torch.ones(3, 2, requires_grad=True)
    points = embedding.numpy()
""", """
    import torch

    embedding = torch.ones(3, 2, requires_grad=True)
    points = embedding.detach().numpy()
""")

BOTH = ("""
    import torch

    w = torch.ones(3, device="cuda", requires_grad=True)
    values = (w * 2).numpy()
""", """
    import torch

    w = torch.ones(3, device="cuda", requires_grad=True)
    values = (w * 2).detach().cpu().numpy()
""")


def test_tl203_adds_cpu():
    check_fix(*CUDA, "TL203")


def test_tl302_adds_detach():
    check_fix(*GRAD, "TL302")


@pytest.mark.parametrize("code", ["TL203", "TL302"])
def test_both_facts_give_one_combined_edit_whichever_rule_is_selected(code):
    check_fix(*BOTH, code)


def test_both_rules_share_the_edit_and_both_count_as_fixed():
    before, after = (dedent(text) for text in BOTH)
    found = findings(before)
    assert sorted(f.code for f in found) == ["TL203", "TL302"]
    assert found[0].fix.edits == found[1].fix.edits
    result = fix(before)
    assert result.text == after
    assert sorted(f.code for f in result.fixed) == ["TL203", "TL302"] and not result.remaining


def test_fixed_code_runs():
    with pytest.raises(TypeError, match="meta"):
        run_torch(as_meta(CUDA[0]))
    with pytest.raises(RuntimeError, match="requires grad"):
        run_torch(GRAD[0])
    assert run_torch(GRAD[1])["points"].tolist() == [[1.0, 1.0]] * 3
    assert isinstance(run_torch(CUDA[1].replace('device="cuda"', 'device="cpu"'))["labels"], np.ndarray)
    with pytest.raises(TypeError, match="meta"):  # the cpu() really is needed: without it, meta still raises
        run_torch(as_meta(BOTH[1]).replace(".cpu()", ""))
    values = run_torch(BOTH[1].replace('device="cuda", ', ""))["values"]
    assert values.tolist() == [2.0, 2.0, 2.0]


def test_asarray_of_a_name_gets_the_conversion_inside():
    check_fix("""
        import numpy as np
        import torch

        t = torch.ones(2, requires_grad=True)
        a = np.asarray(t)
    """, """
        import numpy as np
        import torch

        t = torch.ones(2, requires_grad=True)
        a = np.asarray(t.detach())
    """, "TL302")


def test_asarray_of_an_expression_gets_parentheses():
    before = """
        import numpy as np
        import torch

        t = torch.ones(2, device="cuda", requires_grad=True)
        a = np.asarray(t * 2)
    """
    after = """
        import numpy as np
        import torch

        t = torch.ones(2, device="cuda", requires_grad=True)
        a = np.asarray((t * 2).detach().cpu())
    """
    check_fix(before, after, "TL203")
    assert run_torch(after.replace('device="cuda", ', ""))["a"].tolist() == [2.0, 2.0]


def test_numpy_fix_composes_with_the_tl301_copy():
    before = """
        import torch

        t = torch.ones(3, requires_grad=True)
        with torch.no_grad():
            n = t.numpy()
            t.add_(1)
        seen = n.tolist()
    """
    after = """
        import torch

        t = torch.ones(3, requires_grad=True)
        with torch.no_grad():
            n = t.numpy().copy()
            t.add_(1)
        seen = n.tolist()
    """
    check_fix(before, after, "TL301", unsafe=True)
    assert run_torch(after)["seen"] == [1.0, 1.0, 1.0]
