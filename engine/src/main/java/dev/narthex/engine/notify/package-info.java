/**
 * Sending alerts to Alertmanager (API v2) as Prometheus's notifier does: the {@code alerting}
 * configuration, external labels, alert relabeling, one bounded queue per Alertmanager and the
 * {@code prometheus_notifications_*} counters.
 */
package dev.narthex.engine.notify;
