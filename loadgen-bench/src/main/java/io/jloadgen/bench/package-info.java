/** JMH benchmarks of jloadgen's hot paths. */
package io.jloadgen.bench;
