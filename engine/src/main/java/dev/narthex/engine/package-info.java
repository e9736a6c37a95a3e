/**
 * The embeddable engine's entry points for rule testing: {@link dev.narthex.engine.RuleTestHarness}
 * (rule files, input series in the PromQL test notation, stepped time, alert and series assertions
 * from plain JUnit) and {@link dev.narthex.engine.RuleUnitTester} (promtool's {@code test rules},
 * report and exit code included).
 */
package dev.narthex.engine;
