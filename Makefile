.PHONY: run test bench setup lint docs

run:   ## install, set up SQLite, load bundled data, print a staff login, serve http://127.0.0.1:8000
	scripts/run.sh

test:  ## install and run the whole test suite (SQLite, then PostgreSQL)
	scripts/test.sh

bench: ## run the benchmarks and print each figure beside its baseline
	scripts/bench.sh

docs:  ## regenerate docs/cli.md from the commands' --help
	.venv/bin/cog -r docs/cli.md
