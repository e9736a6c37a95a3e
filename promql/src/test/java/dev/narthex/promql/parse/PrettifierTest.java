package dev.narthex.promql.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.promql.ast.Expr;
import dev.narthex.promql.ast.Prettifier;
import org.junit.jupiter.api.Test;

/** The pretty printer follows Prometheus's prettier rules (split above 100 bytes, two-space indent). */
class PrettifierTest {
    private static void check(String query, String at100, String at10) {
        Expr e = PromqlParser.parseExpr(query);
        assertEquals(at100, Prettifier.format(e));
        assertEquals(at10, Prettifier.format(e, 10));
        assertEquals(e.toString(), PromqlParser.parseExpr(Prettifier.format(e)).toString());
    }

    @Test
    void formatsSampleQueries() {
        check("sum by (job) (rate(http_requests_total{job=\"api-server\", handler=\"/api/v1/query\", code=~\"5..\"}[5m])) / sum by (job) (rate(http_requests_total{job=\"api-server\"}[5m]))",
                """
                  sum by (job) (rate(http_requests_total{code=~"5..",handler="/api/v1/query",job="api-server"}[5m]))
                /
                  sum by (job) (rate(http_requests_total{job="api-server"}[5m]))""",
                """
                  sum by (job) (
                    rate(
                      http_requests_total{code=~"5..",handler="/api/v1/query",job="api-server"}[5m]
                    )
                  )
                /
                  sum by (job) (
                    rate(
                      http_requests_total{job="api-server"}[5m]
                    )
                  )""");
        check("histogram_quantile(0.99, sum by (le, service) (rate(request_duration_seconds_bucket{service=\"frontend\", environment=\"production\"}[10m])))",
                """
                histogram_quantile(
                  0.99,
                  sum by (le, service) (
                    rate(request_duration_seconds_bucket{environment="production",service="frontend"}[10m])
                  )
                )""",
                """
                histogram_quantile(
                  0.99,
                  sum by (le, service) (
                    rate(
                      request_duration_seconds_bucket{environment="production",service="frontend"}[10m]
                    )
                  )
                )""");
        check("-(some_very_long_metric_name_one{label=\"aaaaaaaaaaaaaaaaaaaa\"} + some_very_long_metric_name_two{label=\"bbbbbbbbbbbbbbbbbbbbbbbb\"})",
                """
                -(
                    some_very_long_metric_name_one{label="aaaaaaaaaaaaaaaaaaaa"}
                  +
                    some_very_long_metric_name_two{label="bbbbbbbbbbbbbbbbbbbbbbbb"}
                )""",
                """
                -(
                    some_very_long_metric_name_one{label="aaaaaaaaaaaaaaaaaaaa"}
                  +
                    some_very_long_metric_name_two{label="bbbbbbbbbbbbbbbbbbbbbbbb"}
                )""");
        check("max_over_time(rate(some_very_long_metric_name_for_a_subquery_test{label_one=\"value_one\", label_two=\"value_two\"}[5m])[1h:1m])",
                """
                max_over_time(
                  rate(
                    some_very_long_metric_name_for_a_subquery_test{label_one="value_one",label_two="value_two"}[5m]
                  )[1h:1m]
                )""",
                """
                max_over_time(
                  rate(
                    some_very_long_metric_name_for_a_subquery_test{label_one="value_one",label_two="value_two"}[5m]
                  )[1h:1m]
                )""");
        check("topk(5, sum without (instance, pod) (container_memory_working_set_bytes{namespace=\"monitoring\", container!=\"\"}))",
                """
                topk(
                  5,
                  sum without (instance, pod) (
                    container_memory_working_set_bytes{container!="",namespace="monitoring"}
                  )
                )""",
                """
                topk(
                  5,
                  sum without (instance, pod) (
                    container_memory_working_set_bytes{container!="",namespace="monitoring"}
                  )
                )""");
        check("a + b",
                """
                a + b""",
                """
                a + b""");
    }

    @Test
    void shortQueriesStayOnOneLine() {
        assertEquals("sum by (job) (rate(foo[5m]))", Prettifier.format(PromqlParser.parseExpr("sum(rate(foo[5m])) by (job)")));
    }

    @Test
    void splitsBinaryOperatorsWithTheirModifiers() {
        assertEquals("""
                  a
                * on (x) group_left (y)
                  b""", Prettifier.format(PromqlParser.parseExpr("a * on(x) group_left(y) b"), 5));
        assertEquals("""
                  a
                > bool
                  1""", Prettifier.format(PromqlParser.parseExpr("a > bool 1"), 5));
    }
}
