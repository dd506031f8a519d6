"""Import hygiene: torch only when needed, never the static engine from the runtime."""

from __future__ import annotations


def test_import_tensorlens_and_runtime_modules_do_not_import_torch(run_py) -> None:
    code = (
        "import sys, tensorlens\n"
        "import tensorlens.runtime.summary, tensorlens.runtime.grad_graph, tensorlens.runtime.frame, "
        "tensorlens.runtime.pdb_plugin\n"
        "print(tensorlens.summary([1, 2]), tensorlens.frame_tensors({'a': 1}).table())\n"
        "print('torch' in sys.modules)\n"
    )
    result = run_py(["-c", code])
    assert result.stdout.splitlines() == ["[1, 2] no tensors in this frame", "False"], result.stderr


def test_runtime_never_imports_the_static_engine(run_py) -> None:
    code = (
        "import sys, torch, tensorlens\n"
        "x = torch.ones(2, requires_grad=True); loss = (x * 2).sum()\n"
        "tensorlens.summary(x); tensorlens.grad_fn_chain(loss).text(); tensorlens.grad_fn_graph(loss)\n"
        "tensorlens.frame_tensors(sys._getframe()).table(); import tensorlens.pdb\n"
        "print(sorted(m for m in sys.modules "
        "if m.startswith(('tensorlens.analysis', 'tensorlens.rules', 'libcst', 'rich'))))\n"
    )
    result = run_py(["-c", code])
    assert result.stdout.strip() == "[]", result.stderr
