"""A program debugged under each other Python, where TensorLens is installed but torch is not."""

import sys

config = {"lr": 0.1, "steps": 3}
history = [step * config["lr"] for step in range(config["steps"])]
total = sum(history)  # STOP: summed
print(f"total={total:.2f} on {sys.version_info.major}.{sys.version_info.minor}")
