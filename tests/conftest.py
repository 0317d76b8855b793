import os
import sys

# the classic bpnn.py oracle lives beside the tests
sys.path.insert(0, os.path.dirname(__file__))
