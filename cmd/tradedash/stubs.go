package main

import (
	"context"
	"flag"
)

func exportFlags(fs *flag.FlagSet) func(context.Context, config, []string) error {
	return func(ctx context.Context, cfg config, args []string) error {
		return usageError("export: not built yet")
	}
}

func templateFlags(fs *flag.FlagSet) func(context.Context, config, []string) error {
	return func(ctx context.Context, cfg config, args []string) error {
		return usageError("template: not built yet")
	}
}
