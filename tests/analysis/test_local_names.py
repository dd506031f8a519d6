"""local_names: the names a function binds, as CPython's compiler decides them."""

import libcst as cst

from tensorlens.analysis.local_names import local_names

SOURCE = '''
def f(a, *rest, b=1, **options):
    global g
    x = 1
    y: int
    (p, [q, *r]) = a
    a = 2
    n += 1
    for i, j in rest:
        if i:
            import os.path
            from torch import nn as torch_nn, optim
    with open(a) as handle, open(b):
        pass
    try:
        pass
    except ValueError as error:
        del x
    else:
        z = 3
    finally:
        w = 4
    g = 5

    def helper():
        hidden = 1

    class Net:
        inside = 1

    squares = [k * k for k in rest]
    lambda v: v
'''


def test_every_binding_statement_and_no_nested_scope():
    function = cst.parse_module(SOURCE).body[0]
    assert isinstance(function, cst.FunctionDef)
    assert local_names(function) == {"x", "y", "p", "q", "r", "n", "i", "j", "os", "torch_nn", "optim", "handle",
                                     "error", "z", "w", "helper", "Net", "squares"}


def test_matches_cpythons_symbol_table():
    import symtable
    table = symtable.symtable(SOURCE, "<source>", "exec").get_children()[0]
    cpython = {symbol.get_name() for symbol in table.get_symbols()
               if symbol.is_local() and not symbol.is_parameter()}
    function = cst.parse_module(SOURCE).body[0]
    assert isinstance(function, cst.FunctionDef)
    assert local_names(function) == cpython
