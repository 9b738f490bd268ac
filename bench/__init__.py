"""Benchmarks: a corpus generator (generate_corpus) and the benchmark driver (run_benchmarks)."""
