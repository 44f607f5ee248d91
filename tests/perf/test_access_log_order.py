"""The access log grows by a row per person on every list shown (hundreds of thousands of
rows a month in a large municipality). Its page shows it newest first, 25 rows at a time;
that page must read those rows from an index in order, not sort the whole log: at 168,000
rows the sort took 164 ms a page, the index 0.14 ms."""

import pytest
from django.db import connection

from basisbaan.selectors import access_log_list

pytestmark = pytest.mark.django_db


def test_the_access_log_page_is_read_in_index_order_without_sorting_the_log():
    query = access_log_list()[:25]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        # A tiny test table would be scanned and sorted anyway: forbid the sort to see
        # whether the order can come from an index at all.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "accesslog_at_idx" in plan, plan
    assert "Sort" not in plan, plan
