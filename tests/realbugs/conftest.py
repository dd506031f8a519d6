# The cases are programs to prove and check, not tests: a case file named test_*.py
# (a user's own test_image.py) must not be collected by pytest.
collect_ignore_glob = ["cases/*"]
