/**
 * Prometheus relabeling ({@code relabel_configs}, {@code metric_relabel_configs},
 * {@code alert_relabel_configs}): validated rules and their application, shared by the scraper and
 * the engine's Alertmanager notifier.
 */
package dev.narthex.storage.relabel;
