/**
 * Go-compatible number and string text shared by all modules: how Prometheus (written in Go) parses
 * floats ({@link dev.narthex.storage.text.GoParseFloat}), formats them
 * ({@link dev.narthex.storage.text.GoFloatFormat}) and quotes strings in its messages
 * ({@link dev.narthex.storage.text.GoQuote}). It lives in the lowest module so that the scraper,
 * PromQL, the engine and the server print and accept exactly the same texts.
 */
package dev.narthex.storage.text;
