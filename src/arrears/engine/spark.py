"""Spark as a second engine for the same Ibis expressions.

DuckDB on one machine is the default; Spark is for portfolios that outgrow it. Nothing in
``arrears.engine.classify`` knows which engine runs it: this module supplies an Ibis
backend on a SparkSession (``connect``) that behaves like the DuckDB one at the two
points where data crosses the boundary.

- **In.** ``ibis.memtable`` of a validated Arrow table (what ``portfolio_tables`` hands
  over) is written once as Parquet to a staging folder and read by Spark from there. That
  is how a cluster reads data (executors open the files themselves, nothing is pickled
  through the driver or held in the driver's JVM heap), it keeps the exact Arrow types
  (int64 minor units, date32, string) and it skips Ibis' own route through pandas. On a
  cluster the staging folder must be shared storage that every executor sees at the same
  path: ``ARREARS_SPARK_STAGING``.
- **Out.** Results are collected with Spark's own ``toArrow`` (no pandas on the way) and
  cast to the expression's Ibis schema, so the Arrow table has the same types as DuckDB's.

The session is built for batch work on one machine unless told otherwise: master
``local[2]`` (``ARREARS_SPARK_MASTER``, e.g. ``local[*]`` or ``spark://host:7077``), no
web UI, UTC session time zone, Arrow on, few shuffle partitions for local mode, logs at
error level, and nothing downloaded (no ``spark.jars.packages``). Started by
``spark-submit``, the session it configured is used; only the time zone and Arrow are set.

A missing PySpark or Java runtime is a ``DomainError`` (``engine.spark_unavailable``)
naming what to install, which the command line prints instead of a traceback.
"""

from __future__ import annotations

import atexit
import functools
import logging
import os
import shutil
import tempfile
import weakref
from pathlib import Path

from arrears.domain.errors import DomainError

MASTER_ENV = "ARREARS_SPARK_MASTER"
STAGING_ENV = "ARREARS_SPARK_STAGING"
DEFAULT_MASTER = "local[2]"

INSTALL_PYSPARK = "pip install 'arrears[spark]'"
INSTALL_JAVA = "a Java runtime, JDK 17 or newer (Debian: apt-get install openjdk-17-jre-headless), on PATH or in JAVA_HOME"

# Spark's log4j2 logs go to stderr at error level only. The gateway logger needs its own
# line: without it Spark still prints 'Setting default log level to "WARN"' at start-up.
_LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer
logger.gateway.level = error
"""


def _unavailable(message: str) -> DomainError:
    return DomainError("engine.spark_unavailable", message)


def _require_runtime() -> None:
    """Refuse early, with what to install, rather than fail deep inside PySpark's launcher."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise _unavailable(f"the Spark engine needs PySpark: {INSTALL_PYSPARK}; it also needs {INSTALL_JAVA}") from None
    if "PYSPARK_GATEWAY_PORT" in os.environ:  # started by spark-submit: the JVM is already running
        return
    java_home = os.environ.get("JAVA_HOME")
    if not ((java_home and Path(java_home, "bin", "java").exists()) or shutil.which("java")):
        raise _unavailable(f"the Spark engine needs {INSTALL_JAVA}")


def master() -> str:
    """The Spark master: ``ARREARS_SPARK_MASTER`` or ``local[2]``."""
    return os.environ.get(MASTER_ENV, "").strip() or DEFAULT_MASTER


def _local_cores(spark_master: str) -> int | None:
    """Threads of a ``local[N]`` / ``local[*]`` / ``local`` master; None for a cluster.

    >>> _local_cores("local[4]"), _local_cores("local[3,2]"), _local_cores("local"), _local_cores("spark://h:7077")
    (4, 3, 1, None)
    """
    if spark_master == "local":
        return 1
    if not spark_master.startswith("local["):
        return None
    inner = spark_master[len("local[") :].split(",")[0].rstrip("]")
    return (os.cpu_count() or 1) if inner == "*" else max(1, int(inner))


@functools.cache
def _work_dir() -> Path:
    """One folder per process for the log settings, the warehouse and the staged tables.

    Under ``ARREARS_SPARK_STAGING`` when set (shared storage on a cluster), else the system
    temporary folder; removed when the process ends.
    """
    parent = os.environ.get(STAGING_ENV) or None
    if parent:
        Path(parent).mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="arrears-spark-", dir=parent))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _settings(launched_by_spark_submit: bool) -> dict[str, str]:
    """The session's configuration; under ``spark-submit`` only what a submitted job may set.

    ``spark-submit`` has already chosen the master, the driver's address, memory and logs;
    only runtime SQL settings are applied to its session.

    >>> sorted(_settings(launched_by_spark_submit=True))
    ['spark.sql.execution.arrow.pyspark.enabled', 'spark.sql.session.timeZone']
    """
    settings = {"spark.sql.session.timeZone": "UTC", "spark.sql.execution.arrow.pyspark.enabled": "true"}
    if launched_by_spark_submit:
        return settings
    spark_master = master()
    work = _work_dir()
    log_config = work / "log4j2.properties"
    log_config.write_text(_LOG4J2, encoding="utf-8")
    settings |= {
        "spark.master": spark_master,
        "spark.app.name": "arrears",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.warehouse.dir": (work / "warehouse").as_uri(),  # never ./spark-warehouse in the caller's folder
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={log_config.as_uri()}",
    }
    cores = _local_cores(spark_master)
    if cores is not None:  # one machine: two tasks per core at most, and no address other machines must reach
        partitions = str(max(2, cores))
        settings |= {
            "spark.sql.shuffle.partitions": partitions,
            "spark.default.parallelism": partitions,
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
        }
    return settings


def session():
    """The process's SparkSession, built on first use with ``_settings``."""
    _require_runtime()
    from pyspark.sql import SparkSession

    # py4j reports each connection it opens and closes at INFO, which Django's root logger
    # would print; at interpreter exit it even writes to streams already closed.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    settings = _settings(launched_by_spark_submit="PYSPARK_GATEWAY_PORT" in os.environ)
    if settings.get("spark.driver.host") == "127.0.0.1":
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # else Spark warns that the host name is a loopback address
    builder = SparkSession.builder
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except Exception as error:
        if type(error).__name__ == "PySparkRuntimeError" and "JAVA_GATEWAY_EXITED" in str(error):
            raise _unavailable(f"the Java gateway did not start; Spark 4 needs {INSTALL_JAVA}") from error
        raise


def connect():
    """An Ibis backend on ``session()`` that stages memtables as Parquet and collects Arrow."""
    import ibis

    spark = session()
    ibis.pyspark  # noqa: B018 - loading the backend's entry point registers its options (treat_nan_as_null), used for float columns
    return _backend_class()().connect(spark)


@functools.cache
def _backend_class():
    """Ibis' PySpark backend with Arrow in and out (see the module docstring).

    Built on first use because importing Ibis' PySpark backend imports PySpark. It
    overrides ``_register_in_memory_table``, the hook every Ibis backend implements for
    memtables (Ibis is pinned below 13), and the public ``to_pyarrow``.
    """
    import pyarrow.parquet as pq
    from ibis.backends.pyspark import Backend

    class ArrowSparkBackend(Backend):
        def _register_in_memory_table(self, op) -> None:
            folder = _work_dir() / "staged" / op.name
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(op.data.to_pyarrow(op.schema), folder / "part-0.parquet")
            self._session.read.parquet(folder.as_uri()).createOrReplaceTempView(op.name)
            weakref.finalize(op, shutil.rmtree, folder, ignore_errors=True)  # no expression can reach the view any more

        def to_pyarrow(self, expr, /, *, params=None, limit=None, **kwargs):
            table_expr = expr.as_table()
            self._run_pre_execute_hooks(table_expr)
            frame = self._session.sql(self.compile(table_expr, params=params, limit=limit, **kwargs))
            target = table_expr.schema().to_pyarrow()
            return expr.__pyarrow_result__(to_arrow(frame, target))

    return ArrowSparkBackend


def to_arrow(frame, schema):
    """A Spark DataFrame as an Arrow table of exactly ``schema`` (names, types, nullable)."""
    table = frame.toArrow()
    return table.rename_columns(schema.names).cast(schema)
