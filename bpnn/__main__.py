"""`python -m bpnn`: the chapter's demo, the classic bpnn.py's XOR run (bpnn.network.demo)."""
from .network import demo

demo()
