"""`kehoach` command line. Each group of commands lives in ``kehoach/commands/`` and registers
itself on :data:`app`; heavy imports happen inside the commands so ``kehoach --help`` is fast.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="kehoach",
    help=(
        "kehoach — đọc kế hoạch, công văn, quyết định của UBND thành bảng dữ liệu và báo cáo.\n\n"
        "kehoach — Vietnamese official plans and letters → tables and compliance reports."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from kehoach import __version__

        typer.echo(f"kehoach {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="In phiên bản / print the version and exit"
    ),
) -> None:
    """kehoach — văn bản kế hoạch → bảng dữ liệu và báo cáo / plans → tables and reports."""
    from kehoach.flows import prefect_defaults

    prefect_defaults()  # before any command imports Prefect


def _register() -> None:
    import importlib
    import pkgutil

    import kehoach.commands as commands

    for mod in sorted(m.name for m in pkgutil.iter_modules(commands.__path__)):
        importlib.import_module(f"kehoach.commands.{mod}").register(app)


_register()

if __name__ == "__main__":  # pragma: no cover
    app()
