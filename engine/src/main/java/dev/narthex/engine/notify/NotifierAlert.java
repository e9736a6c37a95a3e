package dev.narthex.engine.notify;

import dev.narthex.storage.Labels;

/** An alert as sent to Alertmanager; times in Unix ms. */
public record NotifierAlert(Labels labels, Labels annotations, long startsAtMs, long endsAtMs, String generatorUrl) {
    NotifierAlert withLabels(Labels l) {
        return new NotifierAlert(l, annotations, startsAtMs, endsAtMs, generatorUrl);
    }
}
