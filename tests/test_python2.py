"""FM002 says Python 2 only of Python 2 (``fitmigrate/project/python2.py``): a construct Python 3 removed,
none Python 2 lacks, and the file parses once those are written the Python 3 way. Anything else is the
syntax error Python names, with its line."""

from __future__ import annotations

import pytest

from fitmigrate.project.python2 import Python2, SyntaxProblem, diagnose


@pytest.mark.parametrize("source,what,line", [
    pytest.param('import os\nprint "x"\n', "a `print` statement", 2, id="print statement"),
    pytest.param('if done: print "x",\n', "a `print` statement", 1, id="print after a colon, trailing comma"),
    pytest.param('print "a", \\\n    "b"\nprint "%d" % (1,\n  2)\n', "a `print` statement", 1, id="print on lines"),
    pytest.param('exec "x = 1" in ns\n', "an `exec` statement", 1, id="exec statement"),
    pytest.param("try:\n    pass\nexcept (A, B), e:\n    raise\n", "`except X, e:`", 3, id="except X, e"),
    pytest.param('raise ValueError, "bad"\n', "`raise E, value`", 1, id="raise E, value"),
    pytest.param("s = `x` + `y`\n", "a backquote repr (`x`)", 1, id="backquotes"),
    pytest.param("if a <> b:\n    pass\n", "the `<>` operator", 1, id="<>"),
    pytest.param("os.chmod(p, 0755)\n", "an octal literal without 0o (0755)", 1, id="octal"),
    pytest.param("mask = 0777L\n", "an octal literal without 0o (0777L)", 1, id="octal long"),
    pytest.param("n = 10L + 0xFFL\n", "a long integer literal (10L)", 1, id="long"),
    pytest.param('s = ur"\\d+"\n', 'a ur"..." string', 1, id="ur string"),
    pytest.param("def f(self, (a, b), c=(1, 2)):\n    pass\n", "a tuple parameter (`def f((a, b)):`)", 1,
                 id="tuple parameter"),
    pytest.param("key = lambda (k, v): v\n", "a tuple parameter (`def f((a, b)):`)", 1, id="lambda tuple parameter"),
    pytest.param("if x:\n        a = 1\n\tb = 2\n", "tabs and spaces mixed in the indentation (Python 2 read a tab as 8 "
                 "columns)", 3, id="tabs as 8 columns"),
])
def test_python_2(source, what, line):
    found = diagnose(source)
    assert isinstance(found, Python2) and (found.what, found.line) == (what, line), found


@pytest.mark.parametrize("source,message,line", [
    pytest.param("x = (1,\ny = 2\n", "'(' was never closed", 1, id="unclosed bracket"),
    pytest.param("def f(:\n    pass\n", "invalid syntax", 1, id="invalid syntax"),
    pytest.param('s = "abc\n', "unterminated string literal (detected at line 1)", 1, id="unterminated string"),
    pytest.param('x = f"{y}"\nprint "x"\n', "Missing parentheses in call to 'print'. Did you mean print(...)?", 2,
                 id="an f-string: Python 2 had none"),
    pytest.param("def f() -> int:\n    print 1\n", "Missing parentheses in call to 'print'. Did you mean print(...)?",
                 2, id="an annotation: Python 2 had none"),
    pytest.param('from __future__ import print_function\nprint "x"\n',
                 "Missing parentheses in call to 'print'. Did you mean print(...)?", 2,
                 id="print_function: print is a function in Python 2 too"),
    pytest.param('print "x"\nx = = 1\n', "invalid syntax", 2, id="Python 2 and another error: the error"),
])
def test_not_python_2(source, message, line):
    found = diagnose(source)
    assert isinstance(found, SyntaxProblem) and (found.message, found.line) == (message, line), found


@pytest.mark.parametrize("source", [
    "print('x')\n", "print(x, end='')\n", "print >>f, x\n", "print\n", "x = 0o777\n", "exec(code)\n",
    "except_ = 1\nraise ValueError('bad')\n",
])
def test_python_3_is_not_diagnosed(source):
    assert diagnose(source) is None
