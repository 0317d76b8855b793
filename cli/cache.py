"""`bpnn compile`: every compiled kernel built ahead of time, into the kernels' cache."""
import time

import click

from . import main


@main.command("compile", short_help="Compile the numba backend's kernels once, ahead of any run.")
def compile_kernels():
    """Compile every kernel of the numba backend once, into its cache.

    Without this, the first run that needs a kernel compiles it (a few seconds, said on
    stderr); after it, no run compiles anything. For a Docker image, a CI step or a
    classroom's machines. The cache is kept beside the installed package, or in the
    user's cache directory if that is read-only, or in NUMBA_CACHE_DIR if set.

    Example: bpnn compile
    """
    try:
        from bpnn.kernels.ahead import compile_all
        from bpnn.kernels.jit import cache_directory
    except ImportError as error:
        raise click.ClickException(f"the numba backend is not available here: {error}") from None
    if cache_directory() is None:
        raise click.ClickException("the kernels have no cache to compile into: no directory for it is writable "
                                   "(set NUMBA_CACHE_DIR to one)")
    click.echo(f"kernel cache: {cache_directory()}")
    start = time.perf_counter()

    def done(version: str, compiled: int, seconds: float) -> None:
        what = f"{compiled} kernels compiled" if compiled else "all in the cache already"
        click.echo(f"{version:8} {what} ({seconds:.1f} s)")
    built = compile_all(done)
    click.echo(f"compiled {sum(compiled for _, compiled, _ in built)} kernels in {time.perf_counter() - start:.1f} s")
