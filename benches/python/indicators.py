"""The headline indicators of DATA.md §3, written independently in Python polars and in DuckDB
SQL, for two purposes: a cross-check of Wijkwaarde's figures by another route (no
suppression: compare with `wijkwaarde report --min-cell 1`), and a speed comparison on the
same file (scripts/bench-compare.sh). Reads the tidy form `wijkwaarde generate` writes.

    python3 indicators.py FILE --engine polars|duckdb  ->  JSON on stdout, seconds on stderr
"""

import argparse
import json
import sys
import time

NEGATIVE = [2, 3, 5, 6, 9, 10]
POSITIVE = [1, 4, 7, 8, 11]


def with_polars(path):
    import polars as pl

    items = [f"djg_{i}" for i in range(1, 12)]
    point = {
        i: (
            pl.col(f"djg_{i}").is_in(["ja", "min of meer"])
            if i in NEGATIVE
            else pl.col(f"djg_{i}").is_in(["nee", "min of meer"])
        ).cast(pl.Int32)
        for i in range(1, 12)
    }
    answered = pl.all_horizontal([pl.col(c).is_not_null() for c in items])
    records = (
        pl.scan_csv(path, infer_schema=False)
        .with_columns(
            pl.col("date").str.to_date("%Y-%m-%d"),
            pl.col("ladder").cast(pl.Int32),
            pl.col("hours_per_week").cast(pl.Float64),
            pl.col("income_pct_social_minimum").cast(pl.Float64),
            pl.col("problem_debts").replace_strict({"true": True, "false": False}, default=None),
        )
        .with_columns(
            pl.when(answered).then(pl.sum_horizontal(list(point.values()))).alias("score"),
            ((pl.col("ladder") >= 3).fill_null(False) | (pl.col("hours_per_week") > 0).fill_null(False)).alias("active"),
            (pl.col("income_pct_social_minimum") <= 120).alias("low_income"),
        )
        .sort(["participant_id", "date"], maintain_order=True)
    )
    end = records.select(pl.col("date").max()).collect().item()
    rated = pl.col("ladder").is_not_null()
    summary = records.group_by("participant_id").agg(
        pl.col("neighbourhood").last(),
        pl.col("active").any(),
        pl.col("ladder").drop_nulls().first().alias("rung_intake"),
        pl.col("ladder").drop_nulls().last().alias("rung_latest"),
        pl.col("date").filter(rated).first().alias("rated_first"),
        pl.col("date").filter(rated).last().alias("rated_last"),
        pl.col("score").drop_nulls().first().alias("score_intake"),
        pl.col("score").drop_nulls().last().alias("score_latest"),
        pl.col("low_income").drop_nulls().last().alias("low_income_latest"),
        pl.col("problem_debts").drop_nulls().last().alias("debts_latest"),
    )
    outflow = (
        records.join(summary.select("participant_id", "rung_intake", "rated_first"), on="participant_id")
        .filter((pl.col("rung_intake") <= 4) & (pl.col("ladder") >= 5) & (pl.col("date") > pl.col("rated_first")))
        .group_by("participant_id")
        .agg(pl.col("date").min().alias("outflow"))
    )
    after = (
        records.join(outflow, on="participant_id")
        .filter(rated & (pl.col("date") > pl.col("outflow")))
        .group_by("participant_id")
        .agg(
            ((pl.col("ladder") <= 4) & ((pl.col("date") - pl.col("outflow")).dt.total_days() <= 180)).any().alias("relapsed"),
            ((pl.col("date") - pl.col("outflow")).dt.total_days() >= 180).any().alias("followed"),
        )
    )
    people = (
        summary.join(outflow, on="participant_id", how="left")
        .join(after, on="participant_id", how="left")
        .with_columns(
            pl.col("relapsed").fill_null(False),
            (~pl.col("relapsed").fill_null(False) & pl.col("followed").fill_null(False)).alias("durable"),
            ((pl.col("rated_last") - pl.col("rated_first")).dt.total_days() >= 90).alias("eligible"),
            ((pl.col("rung_intake") <= 4) & ((pl.lit(end) - pl.col("rated_first")).dt.total_days() >= 365)).alias("cohort"),
        )
    )
    row = people.select(
        pl.len().alias("participants"),
        pl.col("active").sum().alias("active_participants"),
        *[(pl.col("rung_latest") == r).sum().alias(f"rung_{r}") for r in range(1, 7)],
        (pl.col("eligible") & (pl.col("rung_latest") > pl.col("rung_intake"))).sum().alias("progressed"),
        pl.col("eligible").sum().alias("progression_base"),
        pl.col("outflow").is_not_null().sum().alias("outflow_count"),
        (pl.col("cohort") & ((pl.col("outflow") - pl.col("rated_first")).dt.total_days() <= 365).fill_null(False)).sum().alias("outflow_12m"),
        pl.col("cohort").fill_null(False).sum().alias("outflow_12m_base"),
        pl.col("durable").sum().alias("durable"),
        pl.col("relapsed").sum().alias("relapsed"),
        (pl.col("score_latest") >= 3).sum().alias("lonely_latest"),
        pl.col("score_latest").count().alias("scored_latest"),
        pl.col("low_income_latest").sum().alias("low_income_latest"),
        pl.col("low_income_latest").count().alias("low_income_base"),
        pl.col("debts_latest").sum().alias("debts_latest"),
        pl.col("debts_latest").count().alias("debts_base"),
    ).collect().to_dicts()[0]
    return figures(row)


def duckdb_sql(path):
    """The headline indicators in one DuckDB query over the CSV at `path`."""
    negative = " + ".join(f"(djg_{i} IN ('ja', 'min of meer'))::INT" for i in NEGATIVE)
    positive = " + ".join(f"(djg_{i} IN ('nee', 'min of meer'))::INT" for i in POSITIVE)
    answered = " AND ".join(f"djg_{i} IS NOT NULL" for i in range(1, 12))
    sql = f"""
    WITH records AS (
      SELECT *, row_number() OVER () AS line,
        CASE WHEN {answered} THEN {negative} + {positive} END AS score,
        coalesce(ladder >= 3, false) OR coalesce(hours_per_week > 0, false) AS active,
        income_pct_social_minimum <= 120 AS low_income
      FROM read_csv('{path}', header = true, all_varchar = false, types = {{'date': 'DATE', 'benefit_since': 'DATE'}})
    ),
    people AS (
      SELECT participant_id,
        arg_max(neighbourhood, (date, line)) AS neighbourhood,
        bool_or(active) AS active,
        arg_min(ladder, (date, line)) FILTER (WHERE ladder IS NOT NULL) AS rung_intake,
        arg_max(ladder, (date, line)) FILTER (WHERE ladder IS NOT NULL) AS rung_latest,
        min(date) FILTER (WHERE ladder IS NOT NULL) AS rated_first,
        max(date) FILTER (WHERE ladder IS NOT NULL) AS rated_last,
        arg_max(score, (date, line)) FILTER (WHERE score IS NOT NULL) AS score_latest,
        arg_max(low_income, (date, line)) FILTER (WHERE low_income IS NOT NULL) AS low_income_latest,
        arg_max(problem_debts, (date, line)) FILTER (WHERE problem_debts IS NOT NULL) AS debts_latest
      FROM records GROUP BY participant_id
    ),
    outflows AS (
      SELECT r.participant_id, min(r.date) AS outflow
      FROM records r JOIN people p USING (participant_id)
      WHERE p.rung_intake <= 4 AND r.ladder >= 5 AND r.date > p.rated_first
      GROUP BY r.participant_id
    ),
    after AS (
      SELECT r.participant_id,
        bool_or(r.ladder <= 4 AND r.date - o.outflow <= 180) AS relapsed,
        bool_or(r.date - o.outflow >= 180) AS followed
      FROM records r JOIN outflows o USING (participant_id)
      WHERE r.ladder IS NOT NULL AND r.date > o.outflow
      GROUP BY r.participant_id
    ),
    final AS (
      SELECT p.*, o.outflow, coalesce(a.relapsed, false) AS relapsed,
        NOT coalesce(a.relapsed, false) AND coalesce(a.followed, false) AS durable,
        p.rated_last - p.rated_first >= 90 AS eligible,
        p.rung_intake <= 4 AND (SELECT max(date) FROM records) - p.rated_first >= 365 AS cohort
      FROM people p LEFT JOIN outflows o USING (participant_id) LEFT JOIN after a USING (participant_id)
    )
    SELECT count(*) AS participants, count(*) FILTER (WHERE active) AS active_participants,
      {", ".join(f"count(*) FILTER (WHERE rung_latest = {r}) AS rung_{r}" for r in range(1, 7))},
      count(*) FILTER (WHERE eligible AND rung_latest > rung_intake) AS progressed,
      count(*) FILTER (WHERE eligible) AS progression_base,
      count(outflow) AS outflow_count,
      count(*) FILTER (WHERE cohort AND outflow - rated_first <= 365) AS outflow_12m,
      count(*) FILTER (WHERE cohort) AS outflow_12m_base,
      count(*) FILTER (WHERE durable) AS durable, count(*) FILTER (WHERE relapsed) AS relapsed,
      count(*) FILTER (WHERE score_latest >= 3) AS lonely_latest, count(score_latest) AS scored_latest,
      count(*) FILTER (WHERE low_income_latest) AS low_income_latest, count(low_income_latest) AS low_income_base,
      count(*) FILTER (WHERE debts_latest) AS debts_latest, count(debts_latest) AS debts_base
    FROM final
    """
    return sql


def with_duckdb(path):
    import duckdb

    sql = duckdb_sql(path)
    connection = duckdb.connect()
    cursor = connection.execute(sql)
    names = [column[0] for column in cursor.description]
    return figures(dict(zip(names, cursor.fetchone())))


def figures(row):
    share = lambda part, base: row[part] / row[base] if row[base] else None
    return {
        "participants": row["participants"],
        "active_participants": row["active_participants"],
        "ladder_distribution": {str(r): row[f"rung_{r}"] for r in range(1, 7)},
        "ladder_progressed_share": share("progressed", "progression_base"),
        "outflow_count": row["outflow_count"],
        "outflow_12m_share": share("outflow_12m", "outflow_12m_base"),
        "durable_outflow_share": row["durable"] / (row["durable"] + row["relapsed"]) if row["durable"] + row["relapsed"] else None,
        "lonely_share_latest": share("lonely_latest", "scored_latest"),
        "low_income_share_latest": share("low_income_latest", "low_income_base"),
        "problem_debts_share_latest": share("debts_latest", "debts_base"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--engine", choices=["polars", "duckdb"], default="polars")
    parser.add_argument("--print-sql", action="store_true", help="print the DuckDB query for FILE and stop")
    args = parser.parse_args()
    if args.print_sql:
        print(duckdb_sql(args.file))
        return
    started = time.perf_counter()
    result = with_polars(args.file) if args.engine == "polars" else with_duckdb(args.file)
    print(f"{args.engine}: {time.perf_counter() - started:.3f} s", file=sys.stderr)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
