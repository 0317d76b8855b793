import os
import sys

# the classic bpnn.py oracle lives beside the tests
sys.path.insert(0, os.path.dirname(__file__))

# bpnn speaks the locale's language (bpnn.cli.language): the tests read English unless they ask for
# Korean (tests/test_language.py), whatever the machine's locale
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"
