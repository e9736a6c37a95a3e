/**
 * Recording and alerting rules as Prometheus runs them: rule files validated like
 * {@code model/rulefmt} ({@link dev.narthex.engine.rules.RuleFileParser}), groups evaluated in order
 * on their own interval-aligned schedule ({@link dev.narthex.engine.rules.RuleGroup}), alert state
 * (pending, firing, keep_firing_for, resolved), {@code ALERTS}/{@code ALERTS_FOR_STATE} series and
 * for-state restore, and a manager ({@link dev.narthex.engine.rules.RuleManager}) that reloads files
 * and gives the rules/alerts API a consistent {@link dev.narthex.engine.rules.RuleSnapshot}. All time
 * comes from an injectable clock.
 */
package dev.narthex.engine.rules;
