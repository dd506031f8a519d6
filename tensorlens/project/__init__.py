"""The user's project as TensorLens sees it: configuration, the files to check, suppression comments.

Shared by every static face (``check``, ``--fix``, the language server); it
never imports the engine.
"""
