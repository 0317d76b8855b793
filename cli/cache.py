"""`bpnn compile`: every compiled kernel built ahead of time, into the kernels' cache."""
import time

import click

from bpnn.course.language import N_, _

from . import main


@main.command("compile", short_help=N_("Compile the numba backend's kernels once, ahead of any run."))
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
        raise click.ClickException(_("the numba backend is not available here: {error}").format(error=error)) from None
    if cache_directory() is None:
        raise click.ClickException(_("the kernels have no cache to compile into: no directory for it is writable "
                                     "(set NUMBA_CACHE_DIR to one)"))
    click.echo(_("kernel cache: {directory}").format(directory=cache_directory()))
    start = time.perf_counter()

    def done(version: str, compiled: int, seconds: float) -> None:
        what = _("{count} kernels compiled").format(count=compiled) if compiled else _("all in the cache already")
        click.echo(f"{version:8} {what} ({seconds:.1f} s)")
    built = compile_all(done)
    count = 0
    for _version, compiled, _seconds in built:
        count += compiled
    click.echo(_("compiled {count} kernels in {seconds:.1f} s").format(count=count, seconds=time.perf_counter() - start))
