/** Strict YAML reading with positions, reporting problems in go-yaml's words. */
package dev.narthex.engine.yaml;
