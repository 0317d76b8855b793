"""bpnn.kernels: the compiled mirror of the textbook (see the kernels issue)."""
