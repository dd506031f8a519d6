"""TL301, TL302 and TL203 at run time: numpy and torch sharing or refusing memory."""

from __future__ import annotations

GRAD = "samples/sanitizer/numpy_on_grad_tensor.py"
META = "samples/sanitizer/numpy_on_meta.py"
WRITE_THROUGH = "samples/sanitizer/numpy_write_through_tensor.py"
BUFFER = "samples/sanitizer/numpy_buffer_reused.py"


def test_numpy_of_a_grad_tensor(plain, sanitize):
    assert "Can't call numpy() on Tensor that requires grad" in plain(GRAD).stderr

    [line] = sanitize(GRAD).finding_lines("TL302")

    assert f"{GRAD}:8:" in line and "`prediction`" in line and "`.detach().numpy()`" in line


def test_np_asarray_of_a_meta_tensor(plain, sanitize):
    assert "can't convert meta device type tensor to numpy" in plain(META).stderr

    run = sanitize(META)

    [line] = run.finding_lines("TL203")
    assert f"{META}:7:" in line and "`activations`" in line and "which is on meta" in line
    assert f"created at {META}:6" in line
    assert run.stderr.index("TL203") < run.stderr.index("Traceback")


def test_inplace_torch_write_into_a_live_numpy_array(plain, sanitize):
    # proof: the array kept "for later" changed with the tensor
    assert plain(WRITE_THROUGH).stdout == "baseline after normalising: [0.0, 2.0, 4.0, 6.0]\n"

    run = sanitize(WRITE_THROUGH)

    [line] = run.finding_lines("TL301")
    assert f"{WRITE_THROUGH}:9:1: TL301 in-place" in line
    assert "`features`" in line and "numpy array `raw`" in line
    assert f"`torch.from_numpy()` at {WRITE_THROUGH}:8" in line
    assert run.returncode == 0 and run.stdout == plain(WRITE_THROUGH).stdout


def test_numpy_buffer_changed_after_from_numpy_is_caught_by_fingerprint(plain, sanitize):
    # proof: had the tensors been copies, the sums would be [3.0, 6.0, 9.0]
    assert plain(BUFFER).stdout == "sums: [9.0, 9.0, 9.0]\n"

    run = sanitize(BUFFER)

    [line] = run.finding_lines("TL301")
    assert f"{BUFFER}:11:" in line and "`batch`" in line and "numpy array `buffer`" in line
    assert "modified outside torch" in line
    assert "detected by a fingerprint" in line and "no write hook" in line


def test_numpy_snapshots_rewritten_by_the_optimizer(plain, sanitize, json_report):
    snapshots = "samples/sanitizer/numpy_snapshots.py"
    assert plain(snapshots).stdout == "all snapshots equal the final weight: True\n"

    [line] = sanitize(snapshots).finding_lines("TL301")

    assert f"{snapshots}:19:5: TL301 in-place `.add_()` on `model.weight`" in line  # optimizer.step()
    assert f"shared since `.numpy()` at {snapshots}:15" in line and "`.numpy().copy()`" in line
    _run, [finding] = json_report(snapshots)
    assert finding["message"].endswith("(seen 3 times)")
