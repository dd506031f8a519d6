"""The pdb post-mortem of a shape error: the real prompt, the rule code, the operands and the layer's contract."""

from __future__ import annotations

import re

PROGRAMS = "tests/sanitizer/shape_programs"


def test_a_linear_layer_shows_its_in_features_next_to_the_flattened_input(pdb_post_mortem) -> None:
    out = pdb_post_mortem(f"{PROGRAMS}/conv_flatten_linear.py")

    assert "shape error (TL401): mat1 and mat2 shapes cannot be multiplied (2x1568 and 1050x10)" in out
    assert re.search(r"^  forward\(\) at linear.py:\d+: operands: input \(tensor\[2, 1568\] f32 cpu "
                     r"grad_fn=ViewBackward0\), self.weight \(parameter\[10, 1050\] f32 cpu", out, re.M)
    assert "  `self.out` (Linear) expects input[..., 1050] (in_features=1050), got tensor[2, 1568]" in out
    # the prompt then stands at the user's line
    assert "conv_flatten_linear.py(18)forward()\n-> output = self.out(x)\n(Pdb) " in out


def test_a_view_in_the_users_frame_names_the_tensor_and_where_it_was_assigned(pdb_post_mortem) -> None:
    out = pdb_post_mortem(f"{PROGRAMS}/lenet_view.py")

    assert "shape error (TL405): shape '[-1, 400]' is invalid for input of size 1024" in out
    assert ("  forward() at lenet_view.py:19: operands: x (tensor[4, 16, 4, 4] f32 cpu "
            "grad_fn=MaxPool2DWithIndicesBackward0, assigned at line 18)") in out


def test_a_cat_of_mismatched_batches_lists_both_operands(pdb_post_mortem) -> None:
    out = pdb_post_mortem(f"{PROGRAMS}/cat_batches.py")

    assert ("  <module>() at cat_batches.py:6: operands: image_features (tensor[32, 512] f32 cpu, assigned at "
            "line 4), text_features (tensor[20, 256] f32 cpu, assigned at line 5)") in out


def test_an_lstm_shows_its_input_size_and_the_argument_it_got(pdb_post_mortem) -> None:
    out = pdb_post_mortem(f"{PROGRAMS}/lstm_features.py")

    assert "shape error (TL408): input.size(-1) must be equal to input_size. Expected 10, got 1" in out
    assert "  forward() at lstm_features.py:13: operands: x (tensor[10, 1, 1] f32 cpu, an argument of forward())" in out
    assert ("  `self.lstm` (LSTM) expects input[L, N, 10] or [L, 10] (input_size=10, batch_first=False), "
            "got tensor[10, 1, 1]") in out
