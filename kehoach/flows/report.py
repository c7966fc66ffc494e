"""The report flow: (ingest →) cross-check → report. Thin Prefect wrapper over
:mod:`kehoach.crosscheck.run` and :mod:`kehoach.present.report`.

- ``ingest``: the ingest flow as a subflow, only when ``input_dir`` is given (with its own
  cross-check off: this flow runs it next).
- ``crosscheck`` task: :func:`kehoach.crosscheck.run.run_crosscheck` (writes the tables).
- ``report`` task: the HTML report, the workbook and the document pages.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from kehoach.crosscheck.coverage import THRESHOLDS
from kehoach.flows.ingest import crosscheck_task, ingest_flow
from kehoach.present import report as rp
from kehoach.schemas.crosscheck import CrosscheckResult


@task(name="report", task_run_name="báo cáo / report: {out_dir}", cache_policy=NO_CACHE, persist_result=False)
def report_task(data_dir: Path, result: CrosscheckResult, out_dir: Path, unit: str | None) -> dict[str, str]:
    """The report from the store as ``kehoach report`` writes it: corrections applied, rejected
    files listed, one sheet (and PDF) per unit. ``result`` is the cross-check just stored."""
    paths = rp.report_from_store(data_dir, out_dir, unit, THRESHOLDS)
    return {
        "html": str(paths.html),
        "xlsx": str(paths.xlsx),
        "pages": str(len(paths.doc_pages)),
        "units": str(len(paths.unit_pages)),
        "pdfs": str(len(paths.unit_pdfs)),
    }


@flow(name="kehoach-report", persist_result=False, log_prints=False)
def report_flow(
    data_dir: str = "data/processed", out_dir: str | None = None, unit: str | None = None, input_dir: str | None = None
) -> dict[str, str]:
    """Cross-check the stored documents and write the report (ingesting ``input_dir`` first if given)."""
    log = get_run_logger()
    data = Path(data_dir).resolve()
    if input_dir:
        ingest_flow(str(Path(input_dir).resolve()), str(data), crosscheck=False)
    result = crosscheck_task(data)
    log.info("%d links, %d coverage rows, %d checks", len(result.links), len(result.coverage), len(result.checks))
    paths = report_task(data, result, Path(out_dir).resolve() if out_dir else data.parent / "reports", unit)
    log.info("report written to %s", paths["html"])
    return paths


def run_report(
    data_dir: Path, out_dir: Path | None = None, unit: str | None = None, input_dir: Path | None = None
) -> dict[str, str]:
    """Run the flow with the heartbeat off (TECH-NOTES: ~1 s per flow run otherwise)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from kehoach.flows.server import prefect_api

    with prefect_api(), temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        return report_flow(
            str(Path(data_dir).resolve()), str(out_dir) if out_dir else None, unit, str(input_dir) if input_dir else None
        )
