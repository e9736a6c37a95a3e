/** Prometheus's test series notation ({@code metric{a="b"} 0+1x10}), shared by every test runner. */
package dev.narthex.promql.series;
